# casus: the two commands a user needs are `make run` and `make test`.
# Both install missing Debian packages first (scripts/deps.sh), then build with CMake.

MAKEFLAGS  += --no-print-directory

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
SCENARIO   ?= kaz-2022
FUZZ_SECONDS ?= 60

.PHONY: all deps build build-asan run test fuzz bench clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCASUS_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# Only what the run needs: configure, build the casus program, run the case.
run: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target casus
	./$(BUILD)/casus run --data data $(SCENARIO)

# Every test twice: in the optimised build (with valgrind and the fuzzer), then
# under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build build-asan
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j$(JOBS) -LE nosan

fuzz: deps
	sh fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

bench: build
	./$(BUILD)/bench_ops

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
