#!/bin/sh
# Build every fuzz/fuzz_*.c target with clang's libFuzzer, ASan and UBSan (and the project's
# warnings, as errors), and run each for SECONDS seconds on its corpus.
# usage: fuzz/run.sh OUTDIR SECONDS [TARGET...]      (TARGET: fuzz_load, fuzz_cli, ...)
#
# Each target's corpus, OUTDIR/TARGET.corpus, is kept from run to run and starts from its
# seeds: for fuzz_load and fuzz_pipeline the shipped data and the test corpora (valid and
# invalid); for the others fuzz/seeds/NAME/ (fuzz_expr: fuzz/seeds/expr/); for every target
# the inputs that once failed, fuzz/regressions/TARGET/ (fuzz_load and fuzz_pipeline also
# get a dictionary of the data files' keys, fuzz/yaml.dict). Inputs may be as large as the
# loader accepts (CS_YAML_MAX_BYTES); an input that takes longer than FUZZ_TIMEOUT seconds
# (default 5) is reported as a hang. A target that fails leaves its input as
# OUTDIR/TARGET-crash-*, -timeout-*, -leak-* or -oom-*; every target runs, and the script
# exits 1 if any failed.
# Exits 77 (skipped) when clang or its fuzzer runtime is missing.
set -eu
out=${1:?usage: fuzz/run.sh OUTDIR SECONDS [TARGET...]}
secs=${2:-60}
shift 2 2>/dev/null || shift $#
timeout=${FUZZ_TIMEOUT:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v clang >/dev/null 2>&1 || { echo "fuzz: clang not found, skipped"; exit 77; }
mkdir -p "$out"
# Absolute: fuzz_cli runs its commands in a folder of its own.
out=$(cd "$out" && pwd)
# The largest input file the loader reads.
max_len=$(sed -n 's/.*CS_YAML_MAX_BYTES = \([0-9* ]*\),.*/\1/p' "$top/src/load/yread.h")
max_len=$(( $max_len ))
[ "$max_len" -gt 0 ] || { echo "fuzz: cannot read CS_YAML_MAX_BYTES" >&2; exit 1; }
# The project's warnings, as CMakeLists.txt lists them (one list, read from there), with
# -Werror: the fuzz build is a clang build of every library file and must stay clean.
warnings=$(sed -n '/^set(CASUS_WARNINGS/,/)/p' "$top/CMakeLists.txt" |
           sed -e 's/^set(CASUS_WARNINGS//' -e 's/)//' | tr '\n' ' ')
case $warnings in
*-Werror*) ;;
*) echo "fuzz: cannot read CASUS_WARNINGS from $top/CMakeLists.txt" >&2; exit 1 ;;
esac
flags="-g -O1 -std=c11 -D_XOPEN_SOURCE=700 $warnings -fsanitize=address,undefined -I$top/src"
libs="$(pkg-config --cflags --libs yaml-0.1 jansson) -lm -lpthread"

# The library once, instrumented for the fuzzer (one object per source, named after its
# folder too: two layers have a run.c), then each target linked with it.
rm -rf "$out/obj"
mkdir -p "$out/obj"
yflags=$(pkg-config --cflags yaml-0.1 jansson)
for src in $(cd "$top/src" && find . -name '*.c' ! -path './cli/*' | sort); do
    obj=$(echo "$src" | sed -e 's|^\./||' -e 's|/|_|g' -e 's|\.c$|.o|')
    # shellcheck disable=SC2086
    if ! clang $flags -fsanitize=fuzzer-no-link $yflags -c -o "$out/obj/$obj" "$top/src/$src" \
            2>"$out/lib.build.log"; then
        cat "$out/lib.build.log" >&2
        exit 1
    fi
done

# big_seeds DIR: two inputs near the size limit (the shipped files are 20 KB at most, and
# libFuzzer grows inputs only slowly past its seeds): an alliance with 20,000 definitions
# (about 600 KB; only the first 2,000 name others, in chains of 20: each name costs a scan
# of the file so far, see docs/reliability.md), and a state with a note of 60,000 characters after
# 800 KB of comments.
big_seeds() {
    { printf 'casus: 1\nkind: alliance\nid: big\nname: Big\nfounded: 1992-05-15\n'
      printf 'source: seed-001\ndoctrines:\n  - id: d\n    name: D\n    from: 2000-01-01\n'
      printf '    reading: "r"\n    source: seed-001\n    defines:\n'
      awk 'BEGIN { for (i = 0; i < 20000; i++)
                       if (i >= 2000) printf "      d%d: \"true or not false\"\n", i
                       else if ((i + 1) % 20) printf "      d%d: \"d%d or not d%d\"\n", i, i + 1, i + 1
                       else printf "      d%d: \"true\"\n", i }'
    } >"$1/big-definitions.yaml"
    { awk 'BEGIN { for (i = 0; i < 10000; i++) printf "# %078d\n", i }'
      printf 'casus: 1\nkind: state\nid: BIG\nname: Big\ngovernment: presidential\n'
      printf 'capital: {name: B, lat: 0, lon: 0}\nutc_offset: "+01:00"\nsource: seed-001\nnote: "'
      dd if=/dev/zero bs=1000 count=60 2>/dev/null | tr '\000' x
      printf '"\n'; } >"$1/big-note.yaml"
}

if [ $# -eq 0 ]; then
    set -- $(cd "$top/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
fi
failed=""
for name in "$@"; do
    target="$top/fuzz/$name.c"
    [ -f "$target" ] || { echo "fuzz: no $target" >&2; exit 1; }
    # shellcheck disable=SC2086
    if ! clang $flags -fsanitize=fuzzer -DCASUS_FUZZ_DATA="\"$top/data\"" -o "$out/$name" \
            "$target" "$out"/obj/*.o $libs 2>"$out/$name.build.log"; then
        if grep -q "libclang_rt.fuzzer" "$out/$name.build.log"; then
            echo "fuzz: clang's fuzzer runtime is missing, skipped"; exit 77
        fi
        cat "$out/$name.build.log" >&2
        exit 1
    fi
    corpus="$out/$name.corpus"
    mkdir -p "$corpus"
    seeds="$top/fuzz/seeds/${name#fuzz_}"
    case $name in
    fuzz_load|fuzz_pipeline)
        find "$top/data" "$top/tests/corpus" -name '*.yaml' -exec cp {} "$corpus/" \;
        big_seeds "$corpus" ;;
    *)
        if [ -d "$seeds" ]; then cp "$seeds"/* "$corpus/"; fi ;;
    esac
    if [ -d "$top/fuzz/regressions/$name" ]; then
        cp "$top/fuzz/regressions/$name"/* "$corpus/" 2>/dev/null || true
    fi
    dict=""
    case $name in
    fuzz_load|fuzz_pipeline) dict="-dict=$top/fuzz/yaml.dict" ;;
    esac
    echo "fuzz: $name for ${secs}s ($(ls "$corpus" | wc -l) inputs in its corpus)"
    # shellcheck disable=SC2086
    if "$out/$name" $dict -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb=2048 \
            -max_len="$max_len" -close_fd_mask=3 -print_final_stats=1 \
            -artifact_prefix="$out/$name-" "$corpus" 2>"$out/$name.log"; then
        grep -E '^stat::number_of_executed_units' "$out/$name.log" || true
    else
        tail -50 "$out/$name.log" >&2
        echo "fuzz: $name found a problem; the input is in $out/$name-*" >&2
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed" >&2
    exit 1
fi
