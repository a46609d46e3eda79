#!/bin/sh
# Golden outputs: the five shipped cases, as text, JSON, CSV and the explained trace, must
# stay byte-identical to the files kept here. usage: run.sh CASUS SOURCE_DIR
set -u
casus=$1
src=$2
g=$src/tests/golden
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
check() {   # check NAME EXPECTED_STATUS -- ARGS...
    name=$1 want=$2
    shift 3
    "$casus" "$@" >"$out/$name" 2>"$out/$name.err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$out/$name.err"; fail=1
    elif ! cmp -s "$g/$name" "$out/$name"; then
        echo "FAIL $name: differs from the golden file"; diff "$g/$name" "$out/$name" | head -20; fail=1
    else
        echo "ok $name"
    fi
}
for c in arm-2020 arm-2021 kaz-2022 kgz-2010-04 kgz-2010-06; do
    check "$c.json" 0 -- run --data "$src/data" "$c" --json
    check "$c.txt" 0 -- run --data "$src/data" "$c"
done
check kaz-2022.seed2.json 0 -- run --data "$src/data" kaz-2022 --json --seed 2
check kaz-2022.explain.txt 0 -- explain --data "$src/data" kaz-2022
check cases.txt 0 -- cases --data "$src/data"
"$casus" run --data "$src/data" kaz-2022 --csv "$out/csv" >/dev/null 2>&1 || { echo "FAIL csv: exit $?"; fail=1; }
for f in "$g"/kaz-2022.csv/*; do
    b=$(basename "$f")
    if cmp -s "$f" "$out/csv/$b"; then echo "ok csv/$b"; else echo "FAIL csv/$b differs"; fail=1; fi
done
exit $fail
