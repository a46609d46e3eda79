#!/bin/sh
# csv.sh - replacing a --csv folder: earlier output is never lost, output is never
# half-written, and a refusal exits 9 (an output could not be written) with a clear message.
# usage: csv.sh CASUS DATA TEST   (TEST: replace, foreign, unwritable)
set -u
casus=${CASUS_UNDER_TEST:-$1} data=$2 test=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-csv.XXXXXX") || exit 2
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
csvs="timeline.csv in_theater.csv flights.csv sites.csv"

# Nothing but the listed names in folder $1 (no temporary or set-aside folder).
only() {
    dir=$1; shift
    got=$(ls -A "$dir" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || fail "$dir holds '$got', expected '$want'"
}

run_csv() { "$casus" run --data "$data" --csv "$1" kaz-2022 >/dev/null 2>"$tmp/err"; }

case $test in
replace)
    # A second --csv into the same folder replaces the four files with complete new ones.
    mkdir "$tmp/p"
    run_csv "$tmp/p/out" || fail "first run: $(cat "$tmp/err")"
    only "$tmp/p/out" $csvs
    for f in $csvs; do
        cp "$tmp/p/out/$f" "$tmp/$f.want"
        echo stale >"$tmp/p/out/$f"
    done
    rm "$tmp/p/out/sites.csv"   # an earlier folder with some of the files is ours too
    run_csv "$tmp/p/out/" || fail "second run exited $?: $(cat "$tmp/err")"
    [ -s "$tmp/err" ] && fail "second run wrote to stderr: $(cat "$tmp/err")"
    only "$tmp/p" out
    only "$tmp/p/out" $csvs
    for f in $csvs; do
        cmp -s "$tmp/$f.want" "$tmp/p/out/$f" || fail "$f was not replaced by the new output"
    done
    # An empty folder is taken as well.
    mkdir "$tmp/p/empty"
    run_csv "$tmp/p/empty" || fail "empty folder: $(cat "$tmp/err")"
    only "$tmp/p/empty" $csvs
    ;;
foreign)
    # A folder that holds a file of the user's is left exactly as it was: exit 9 and a
    # message naming the file.
    mkdir "$tmp/p"
    run_csv "$tmp/p/out" || fail "first run: $(cat "$tmp/err")"
    echo "my notes" >"$tmp/p/out/notes.txt"
    cp -p "$tmp/p/out"/* "$tmp/"
    run_csv "$tmp/p/out"
    s=$?
    [ $s -eq 9 ] || fail "expected exit 9 for a folder with a user's file, got $s"
    grep -q "out: error: holds 'notes.txt', which is not casus's CSV output: not replaced" \
        "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
    only "$tmp/p" out
    only "$tmp/p/out" $csvs notes.txt
    for f in $csvs notes.txt; do
        cmp -s "$tmp/$f" "$tmp/p/out/$f" || fail "$f was changed"
    done
    # A file, a symbolic link: refused, untouched.
    echo keep >"$tmp/p/file"
    ln -s out "$tmp/p/link"
    for x in file link; do
        run_csv "$tmp/p/$x"
        s=$?
        [ $s -eq 9 ] || fail "expected exit 9 for a $x, got $s"
        grep -q "not replaced" "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
    done
    [ "$(cat "$tmp/p/file")" = keep ] || fail "the file was changed"
    [ "$(readlink "$tmp/p/link")" = out ] || fail "the link was changed"
    only "$tmp/p" out file link
    only "$tmp/p/out" $csvs notes.txt
    ;;
unwritable)
    # A parent that cannot hold the new folder: exit 9, nothing half-written, and an
    # earlier output in it kept whole. A parent that is a file fails for every user; a
    # parent without write permission is tried as an unprivileged user (root may write
    # anywhere), as 'nobody' when the test runs as root and setpriv can switch to it.
    echo x >"$tmp/notdir"
    run_csv "$tmp/notdir/out"
    s=$?
    [ $s -eq 9 ] || fail "expected exit 9 under a file, got $s"
    grep -q "notdir/out: error: .*Not a directory" "$tmp/err" || fail "unclear: $(cat "$tmp/err")"
    [ "$(cat "$tmp/notdir")" = x ] || fail "the file was changed"
    only "$tmp" notdir err

    as=""
    if [ "$(id -u)" -eq 0 ]; then
        as="setpriv --reuid=65534 --regid=65534 --clear-groups"
        chmod 755 "$tmp"
        $as true 2>/dev/null && $as "$casus" --version >/dev/null 2>&1 &&
            $as test -r "$data" || as=none
    fi
    if [ "$as" = none ]; then
        echo "cannot run as an unprivileged user: the permission case was not tried"
        exit 0
    fi
    mkdir "$tmp/p"
    run_csv "$tmp/p/out" || fail "first run: $(cat "$tmp/err")"
    cp "$tmp/p/out"/* "$tmp/"
    chmod 555 "$tmp/p"
    for target in "$tmp/p/out" "$tmp/p/new"; do
        $as "$casus" run --data "$data" --csv "$target" kaz-2022 >/dev/null 2>"$tmp/err"
        s=$?
        [ $s -eq 9 ] || fail "expected exit 9 for $target in an unwritable parent, got $s"
        grep -q "cannot create a folder next to it: Permission denied" "$tmp/err" ||
            fail "unclear message: $(cat "$tmp/err")"
        only "$tmp/p" out
        only "$tmp/p/out" $csvs
        for f in $csvs; do
            cmp -s "$tmp/$f" "$tmp/p/out/$f" || fail "$f was changed"
        done
    done
    ;;
*)
    fail "no test $test"
    ;;
esac
exit 0
