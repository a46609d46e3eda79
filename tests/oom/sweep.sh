#!/bin/sh
# sweep.sh - fail every allocation of the whole process in turn (every STEP-th, from a
# different start for each command), for each command a user runs, and check each outcome:
# either the very result of a normal run (same exit status, same standard output, same CSV
# files), or a clean out-of-memory error: exit 10, "out of memory" on standard error, nothing
# on standard output, no CSV folder, no temporary file left, and no more blocks left
# allocated at exit than a normal run leaves. Anything else (a crash, another error class,
# a different result with exit 0, a leak) fails the test.
# usage: sweep.sh CASUS FAILMALLOC_SO DATA STEP [JOBS]
set -u
casus=$1 shim=$2 data=$3 step=$4 jobs=${5:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-oom.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# name|arguments (CSV output goes to @CSV@, a path inside the work folder)
commands="check|check --data $data
run|run --data $data kaz-2022
json|run --data $data --json kaz-2022
csv|run --data $data --csv @CSV@ kaz-2022
explain|explain --data $data kaz-2022
cases|cases --data $data
refuse|run --data $data --json kgz-2010-06"

# run_one DIR N ARGS: run casus in DIR with the Nth allocation failing (0: none). Shell
# variables are global: this one's are its own (ro_*), so that the caller's `args` keeps
# its @CSV@ and every run writes its CSV files into its own DIR.
run_one() {
    ro_d=$1 ro_n=$2; shift 2
    rm -rf "$ro_d/csv" "$ro_d/out" "$ro_d/err" "$ro_d/alloc"
    ro_args=$(printf '%s' "$*" | sed "s|@CSV@|$ro_d/csv|g")
    # shellcheck disable=SC2086
    CASUS_FAIL_AT=$ro_n CASUS_ALLOC_REPORT=$ro_d/alloc LD_PRELOAD=$shim \
        "$casus" $ro_args >"$ro_d/out" 2>"$ro_d/err" </dev/null
    echo $? >"$ro_d/status"
}

# sweep_part NAME ARGS START: allocations START, START+STEP*JOBS, ... of one command.
sweep_part() {
    name=$1 args=$2 first=$3
    d=$tmp/$name.$first
    mkdir -p "$d"
    ref=$tmp/$name.ref
    total=$(cut -d' ' -f1 "$ref/alloc")
    reflive=$(cut -d' ' -f2 "$ref/alloc")
    refst=$(cat "$ref/status")
    bad=0 n=$first runs=0
    while [ "$n" -le "$total" ]; do
        run_one "$d" "$n" "$args"
        runs=$((runs + 1))
        st=$(cat "$d/status")
        live=$(cut -d' ' -f2 "$d/alloc" 2>/dev/null || echo 0)
        why=""
        if [ "$st" -eq "$refst" ] && cmp -s "$d/out" "$ref/out"; then
            if [ -d "$ref/csv" ] && ! diff -r "$ref/csv" "$d/csv" >"$d/diff" 2>&1; then
                why="exit $st but CSV files differ from a normal run: $(head -c 160 "$d/diff" | tr '\n' ' ')"
            fi
        elif [ "$st" -eq 10 ]; then
            if [ -s "$d/out" ]; then
                why="exit 10 with output written: $(head -c 80 "$d/out" | tr '\n' ' ')"
            elif ! grep -q "out of memory" "$d/err"; then
                why="exit 10 without 'out of memory': $(head -1 "$d/err")"
            elif [ -e "$d/csv" ]; then
                why="exit 10 but the CSV folder exists"
            fi
        elif [ "$st" -ge 128 ]; then
            why="killed by signal $((st - 128))"
        elif [ "$st" -eq "$refst" ]; then
            why="exit $st with a different output"
        else
            why="exit $st, expected $refst or 10: $(head -1 "$d/err")"
        fi
        if [ -z "$why" ] && [ "${live:-0}" -gt "$reflive" ]; then
            why="$live blocks left allocated at exit (a normal run leaves $reflive)"
        fi
        if [ -z "$why" ] && ls "$d" | grep -q '^\.\?csv\..*'; then
            why="a temporary CSV folder was left: $(ls -A "$d" | tr '\n' ' ')"
        fi
        if [ -n "$why" ]; then
            echo "FAIL $name: allocation $n of $total: $why"
            bad=$((bad + 1))
        fi
        n=$((n + step * jobs))
    done
    echo "$name $first $runs $bad" >>"$tmp/summary"
}

fail=0
echo "$commands" | while IFS='|' read -r name args; do
    ref=$tmp/$name.ref
    mkdir -p "$ref"
    run_one "$ref" 0 "$args"
    if [ "$(cat "$ref/status")" -ge 2 ] || [ ! -s "$ref/alloc" ]; then
        echo "FAIL $name: the normal run failed: $(head -3 "$ref/err")"
        echo "$name 0 0 1" >>"$tmp/summary"
        continue
    fi
    # Each command starts at another offset, so that samples cover different calls.
    start=$(( ($(printf '%s' "$name" | cksum | cut -d' ' -f1) % step) + 1 ))
    j=0
    while [ $j -lt "$jobs" ]; do
        sweep_part "$name" "$args" $((start + j * step)) &
        j=$((j + 1))
    done
    wait
done
runs=$(awk '{r += $3} END {print r + 0}' "$tmp/summary")
bad=$(awk '{b += $4} END {print b + 0}' "$tmp/summary")
echo "$runs allocation failures injected, every ${step}th; $bad wrong outcomes"
[ "$bad" -eq 0 ]
