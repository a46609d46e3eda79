#!/bin/sh
# controls.sh - a data file holding an escape sequence: casus's diagnostic quotes the line
# with the sequence written as \x1b...\x07, never raw, and exits with the YAML class (4).
# usage: controls.sh CASUS DATA
set -u
casus=${CASUS_UNDER_TEST:-$1} data=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-ctl.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/err"; exit 1; }
printf 'casus: 1\nkind: sources\nsources: [{id: x, type: seed, ref: r, title: "t \033]0;pwn\007"}]\n' >"$tmp/x.yaml"
"$casus" check --data "$data" "$tmp/x.yaml" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" -eq 4 ] || fail "exit $st, expected 4"
grep -q 'x\.yaml:3:[0-9]*: error: ' "$tmp/err" || fail "no located error"
grep -qF '\x1b]0;pwn\x07' "$tmp/err" || fail "the quoted line does not show the escaped sequence"
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/err"; then fail "a raw ESC reached stderr"; fi
[ -s "$tmp/out" ] && fail "something was written to stdout"
echo "ok: control characters escaped in diagnostics"
