#!/bin/sh
# The command line's documentation cannot drift from its tables: the manual page's generated
# sections are what `casus help --man` prints, and the README's exit-status table says what
# `casus --help` says. usage: docs_cli.sh CASUS SOURCE_DIR
set -u
casus=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cp "$src/docs/casus.1" "$tmp/casus.1"
sh "$src/scripts/man.sh" "$casus" "$tmp/casus.1" || { echo "FAIL: man.sh"; exit 1; }
if ! cmp -s "$src/docs/casus.1" "$tmp/casus.1"; then
    echo "FAIL: docs/casus.1 is out of date; run: sh scripts/man.sh build/casus"
    diff "$src/docs/casus.1" "$tmp/casus.1" | head -20
    fail=1
fi
"$casus" --help >"$tmp/help"; st=$?
[ "$st" -eq 0 ] || { echo "FAIL: casus --help exited $st"; fail=1; }
sed -n 's/^ *\([0-9][0-9]*\)  \(.*\)$/\1|\2/p' "$tmp/help" >"$tmp/from-help"
sed -n 's/^| \([0-9][0-9]*\) | \(.*\) |$/\1|\2/p' "$src/README.md" | tr -d '`' >"$tmp/from-readme"
[ "$(wc -l <"$tmp/from-help")" -ge 12 ] || { echo "FAIL: fewer than 12 exit statuses in --help"; fail=1; }
if ! cmp -s "$tmp/from-help" "$tmp/from-readme"; then
    echo "FAIL: the README's exit statuses differ from casus --help"
    diff "$tmp/from-help" "$tmp/from-readme"
    fail=1
fi
[ $fail -eq 0 ] && echo "ok: manual page and README agree with the command table"
exit $fail
