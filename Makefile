# casus: the two commands a user needs are `make run` and `make test`.
# Both install missing Debian packages first (scripts/deps.sh), then build with CMake.

MAKEFLAGS  += --no-print-directory

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
SCENARIO   ?= kaz-2022
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 5
FUZZ_TARGETS ?=
# The SimPy yardstick of `make bench` (../shared/perf/README.md), run by Debian's Python.
YARDSTICK  ?= ../shared/perf/simpy_kaz.py
PYTHON     ?= /usr/bin/python3
BENCH_ROUNDS ?= 7

# The build matrix: besides the main tree (gcc, RelWithDebInfo) and the sanitizer tree (gcc,
# Debug, ASan and UBSan), every other compiler and build type is built in full, each with
# the project's -Werror warnings, and runs the unit tests. Each is COMPILER-TYPE.
MATRIX     ?= gcc-Release clang-Debug clang-Release

.PHONY: all deps build build-asan matrix run test check-oom fuzz bench clean

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCASUS_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# build-gcc-Release, build-clang-Debug, ...: configure with that compiler and type, build
# everything, run the unit tests (the full suite runs in the main and sanitizer trees).
matrix: $(MATRIX:%=$(BUILD)-%)

$(BUILD)-%: deps
	@echo "== $@: $(word 1,$(subst -, ,$*)), $(word 2,$(subst -, ,$*))"
	@cmake -S . -B $@ -DCMAKE_C_COMPILER=$(word 1,$(subst -, ,$*)) \
	    -DCMAKE_BUILD_TYPE=$(word 2,$(subst -, ,$*)) >/dev/null
	@cmake --build $@ -j$(JOBS)
	@cd $@ && ctest -j$(JOBS) -R '^unit\.' --output-on-failure

# Only what the run needs: configure, build the casus program, run the case.
run: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) --target casus
	$(BUILD)/casus run --data data $(SCENARIO)

# Every test twice: in the optimised build (with valgrind and the fuzzer), then under
# AddressSanitizer and UndefinedBehaviorSanitizer; and the other compilers and build types
# of the matrix, built with -Werror, with their unit tests.
test: build build-asan matrix
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j$(JOBS) -LE nosan

# Memory running out at every allocation in turn, of every command a user runs: each must
# give its normal result or a clean out-of-memory error (tests/oom/sweep.sh; the test suite
# samples every 31st allocation, this fails each one: about 140,000 runs).
check-oom: build
	sh tests/oom/sweep.sh $(BUILD)/casus $(BUILD)/tests/failmalloc.so data 1 $(JOBS)

# Each fuzz target (or those of FUZZ_TARGETS) for FUZZ_SECONDS; an input slower than
# FUZZ_TIMEOUT seconds is a hang (docs/reliability.md).
fuzz: deps
	FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) sh fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Speed against the SimPy yardstick: three ratios, each with its goal (a benchmark, never a
# test: it prints, and fails only when something could not run).
bench: build
	@sh scripts/deps.sh bench
	$(BUILD)/bench/bench_ops --rounds $(BENCH_ROUNDS) --casus $(BUILD)/casus \
	    --yardstick $(YARDSTICK) --python $(PYTHON)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(MATRIX:%=$(BUILD)-%)
