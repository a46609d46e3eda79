#!/bin/sh
# expect.sh - one command-line test: run casus, then check its exit status AND its output.
# usage: expect.sh CASUS JSONCHECK STATUS [out=REGEX] [err=REGEX] [json=CHECKS] -- ARGS...
#   STATUS   the exit status casus must return
#   REGEX    a Perl regular expression that standard output (out=) or standard error (err=)
#            must match, the whole stream at once ('.' matches line breaks too)
#   CHECKS   jsoncheck checks (PATH=VALUE or PATH?, separated by spaces) on standard output
# When CASUS_UNDER_TEST is set, it is run instead of CASUS (tests/cli/selftest.sh uses it
# to show that a wrong exit status fails every test).
set -u
casus=${CASUS_UNDER_TEST:-$1} jsoncheck=$2 want=$3
shift 3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-expect.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/out.re"; : >"$tmp/err.re"; json=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case $1 in
    out=*) printf '%s' "${1#out=}" >"$tmp/out.re" ;;
    err=*) printf '%s' "${1#err=}" >"$tmp/err.re" ;;
    json=*) json=${1#json=} ;;
    *) echo "expect.sh: bad argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
[ $# -gt 0 ] && shift
"$casus" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
got=$?
fail=0
if [ "$got" -ne "$want" ]; then
    echo "FAIL: exit status $got, expected $want"
    fail=1
fi
for s in out err; do
    [ -s "$tmp/$s.re" ] || continue
    if ! perl -0777 -e 'open my $r, "<", $ARGV[0] or die; local $/; my $re = <$r>;
                        open my $f, "<", $ARGV[1] or die; my $t = <$f>; $t = "" unless defined $t;
                        exit($t =~ /$re/s ? 0 : 1)' "$tmp/$s.re" "$tmp/$s"; then
        echo "FAIL: standard $s does not match: $(cat "$tmp/$s.re")"
        fail=1
    fi
done
if [ -n "$json" ]; then
    # shellcheck disable=SC2086
    "$jsoncheck" $json <"$tmp/out" || fail=1
fi
if [ $fail -ne 0 ]; then
    echo "--- casus $*"; echo "--- stdout (head):"; head -20 "$tmp/out"
    echo "--- stderr (head):"; head -20 "$tmp/err"
fi
exit $fail
