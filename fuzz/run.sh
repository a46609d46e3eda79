#!/bin/sh
# Build every fuzz/fuzz_*.c target with clang's libFuzzer, ASan and UBSan (and the project's
# warnings, as errors), and run each for SECONDS seconds on a corpus seeded from the shipped
# data and the test corpora.
# usage: fuzz/run.sh OUTDIR SECONDS
# Exits 77 (skipped) when clang or its fuzzer runtime is missing.
set -eu
out=${1:?usage: fuzz/run.sh OUTDIR SECONDS}
secs=${2:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v clang >/dev/null 2>&1 || { echo "fuzz: clang not found, skipped"; exit 77; }
mkdir -p "$out"
# The project's warnings, as CMakeLists.txt lists them (one list, read from there), with
# -Werror: the fuzz build is a clang build of every library file and must stay clean.
warnings=$(sed -n '/^set(CASUS_WARNINGS/,/)/p' "$top/CMakeLists.txt" |
           sed -e 's/^set(CASUS_WARNINGS//' -e 's/)//' | tr '\n' ' ')
case $warnings in
*-Werror*) ;;
*) echo "fuzz: cannot read CASUS_WARNINGS from $top/CMakeLists.txt" >&2; exit 1 ;;
esac
flags="-g -O1 -std=c11 -D_XOPEN_SOURCE=700 $warnings -fsanitize=fuzzer,address,undefined -I$top/src"
libs="$(pkg-config --cflags --libs yaml-0.1 jansson) -lm -lpthread"
lib_sources=$(find "$top/src" -name '*.c' ! -path '*/cli/*' | sort)
for target in "$top"/fuzz/fuzz_*.c; do
    name=$(basename "$target" .c)
    # shellcheck disable=SC2086
    if ! clang $flags -o "$out/$name" $lib_sources "$target" $libs 2>"$out/$name.build.log"; then
        if grep -q "libclang_rt.fuzzer" "$out/$name.build.log"; then
            echo "fuzz: clang's fuzzer runtime is missing, skipped"; exit 77
        fi
        cat "$out/$name.build.log" >&2
        exit 1
    fi
    corpus="$out/$name.corpus"
    mkdir -p "$corpus"
    if [ "$name" = fuzz_load ]; then
        find "$top/data" "$top/tests/corpus" -name '*.yaml' -exec cp {} "$corpus/" \; 2>/dev/null || true
    elif [ -d "$top/fuzz/seeds/${name#fuzz_}" ]; then   # fuzz_expr: fuzz/seeds/expr
        cp "$top/fuzz/seeds/${name#fuzz_}"/* "$corpus/" 2>/dev/null || true
    fi
    echo "fuzz: $name for ${secs}s"
    "$out/$name" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$out/$name-" "$corpus" 2>"$out/$name.log" || {
        tail -50 "$out/$name.log" >&2
        echo "fuzz: $name found a problem; the input is in $out/$name-*" >&2
        exit 1
    }
    grep -E '^stat::number_of_executed_units' "$out/$name.log" || true
done
