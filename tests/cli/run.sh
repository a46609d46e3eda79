#!/bin/sh
# run.sh - command-line tests of casus that need more than one command.
# usage: run.sh CASUS JSONCHECK DATA TEST
set -u
casus=${CASUS_UNDER_TEST:-$1} jsoncheck=$2 data=$3 test=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

case $test in
deterministic)
    # The same inputs and seed give byte-identical output, text and JSON.
    "$casus" run --data "$data" --json --seed 9 kaz-2022 >"$tmp/a" || fail "run a"
    "$casus" run --data "$data" --json --seed 9 kaz-2022 >"$tmp/b" || fail "run b"
    cmp -s "$tmp/a" "$tmp/b" || fail "JSON differs between two runs"
    "$casus" run --data "$data" kaz-2022 >"$tmp/c" || fail "run c"
    "$casus" run --data "$data" kaz-2022 >"$tmp/d" || fail "run d"
    cmp -s "$tmp/c" "$tmp/d" || fail "text differs between two runs"
    ;;
csv)
    # --csv writes four files into a new folder; a second run replaces its own earlier
    # output; a path that is something else is refused and left as it was.
    "$casus" run --data "$data" --csv "$tmp/out" kaz-2022 >/dev/null || fail "csv run"
    for f in timeline in_theater flights sites; do
        [ -s "$tmp/out/$f.csv" ] || fail "no $f.csv"
    done
    head -1 "$tmp/out/flights.csv" | grep -q '^departs,arrives,from,to,direction' ||
        fail "flights.csv header"
    n=$(grep -c ',in,' "$tmp/out/flights.csv")
    [ "$n" -gt 50 ] || fail "only $n inbound flights in flights.csv"
    "$casus" run --data "$data" --csv "$tmp/out" kaz-2022 >/dev/null || fail "second csv run"
    echo keep >"$tmp/file"
    "$casus" run --data "$data" --csv "$tmp/file" kaz-2022 >/dev/null 2>"$tmp/err"
    [ $? -eq 9 ] || fail "expected exit 9 when the CSV folder is a file"
    [ "$(cat "$tmp/file")" = keep ] || fail "the file was changed"
    ls "$tmp" | grep -q 'tmp-' && fail "a temporary folder was left behind"
    grep -q 'not replaced' "$tmp/err" || fail "no message about the refused folder"
    ;;
*)
    fail "no test $test"
    ;;
esac
exit 0
