#!/bin/sh
# selftest.sh - the command-line tests can fail: run them all with a casus that prints the
# right output but exits with a wrong status (139, as a crash would), and check that every
# one of them fails. usage: selftest.sh CASUS BUILD_DIR
set -u
casus=$1 build=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/casus" <<EOS
#!/bin/sh
"$casus" "\$@"
exit 139
EOS
chmod +x "$tmp/casus"
cd "$build" || exit 2
total=$(ctest -N -L '^cli$' | sed -n 's/^Total Tests: //p')
[ "${total:-0}" -gt 10 ] || { echo "FAIL: only ${total:-0} command-line tests found"; exit 1; }
CASUS_UNDER_TEST=$tmp/casus ctest -L '^cli$' -j2 >"$tmp/log" 2>&1
passed=$(grep -c ' Passed ' "$tmp/log")
if ! grep -q "tests passed, $total tests failed out of $total" "$tmp/log"; then
    echo "FAIL: the command-line tests did not all run and fail:"
    tail -5 "$tmp/log"
    exit 1
fi
if [ "$passed" -ne 0 ]; then
    echo "FAIL: $passed of $total command-line tests pass with a casus that exits 139:"
    grep ' Passed ' "$tmp/log"
    exit 1
fi
echo "ok: all $total command-line tests fail when casus exits 139"
