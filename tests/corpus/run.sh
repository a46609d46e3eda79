#!/bin/sh
# run.sh - the bad-input corpus of casus.
#
#   sh run.sh CASUS TEST          run one test: TEST is invalid/NAME.yaml or valid/NAME.yaml
#   sh run.sh --valgrind CASUS    run the library alone and every invalid and valid input under
#                                 valgrind; exit 77 (skipped) when valgrind is missing
#
# Every check runs from this folder, with relative paths, so that messages are stable:
#     casus check --data ../../data invalid/NAME.yaml
# An invalid test passes when the exit status and the whole of stderr equal invalid/NAME.expect
# (first line `exit N`, then stderr) and stdout is empty; a valid one when casus exits 0, says
# nothing on stderr and prints `ok valid/NAME.yaml`.
#
# Some inputs are made at test time in a temporary folder (removed on exit), under the same
# relative name invalid/NAME.yaml, and checked from there with the library's absolute path:
#     nul-byte          a NUL byte in a scalar (awkward to keep in git)
#     too-large         a file larger than 1 MiB
#     nesting-extreme   100000 nested flow sequences (must fail fast, not only correctly)
#     too-many-nodes    more than 500000 YAML nodes in under 1 MiB (short lines)
#     folder-as-file    a folder named like a data file
#     definitions-chain 20,000 doctrine definitions, each naming the next (about 440 KB):
#                       refused for nesting past the evaluator's depth, not a stack overflow
#     many-unknown-keys 100,000 unknown keys (under 1 MiB): only the first errors are
#                       located and formatted, the rest counted (must fail fast)
#     fifo-as-file      a FIFO named like a data file: refused, not waited on
# Some are data folders: a copy of the library as lib/ with something added, checked from
# the temporary folder with `--data lib` (the input file is a small valid state):
#     folder-links      six links to '.', a link to '..' in a subfolder (each folder is
#                       walked once) and a link to / (outside the folder: not followed)
#     folder-unreadable a broken link named *.yaml and a FIFO named *.yaml
# and two valid inputs, checked with a time limit far below what a quadratic pass needs
# (CMakeLists.txt):
#     definitions-flat  40,000 definitions in one doctrine: loading is linear in them
#     names-far-down    20,000 names in expressions after 400,000 lines, and
#     many-definitions  45,000 definitions (fuzz/slow-inputs.sh): each name is located from
#                       the file's line index, not by counting lines from the top
#     folder-many-files 100,000 small files in the data folder (hard links to 1,000, to
#                       spare the disk): loading is linear in them
# invalid/missing-file.yaml is never created: it names a file that does not exist.
set -u

here=$(cd "$(dirname "$0")" && pwd) || exit 2
cd "$here" || exit 2
data=../../data

tmp=$(mktemp -d "${TMPDIR:-/tmp}/casus-corpus.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Names of the inputs made by gen().
generated="nul-byte too-large nesting-extreme too-many-nodes folder-as-file definitions-chain
           definitions-flat many-unknown-keys fifo-as-file folder-links folder-unreadable
           folder-many-files names-far-down many-definitions"

is_generated() {
    for g in $generated; do
        [ "$g" = "$1" ] && return 0
    done
    return 1
}

# repeat N STRING: STRING N times, no newline.
repeat() {
    awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# minimal_state FILE: a small valid state document.
minimal_state() {
    printf 'casus: 1\nkind: state\nid: XXA\nname: Test state A\ngovernment: presidential\n' >"$1"
    printf 'capital: {name: Testville, lat: 10, lon: 20}\nutc_offset: "+06:00"\n' >>"$1"
    printf 'source: seed-001\n' >>"$1"
}

# gen NAME DIR: make the input DIR/invalid/NAME.yaml (or DIR/valid/NAME.yaml) and set
# gdata, the --data argument to check it with from DIR.
gen() {
    mkdir -p "$2/invalid" || exit 2
    f="$2/invalid/$1.yaml"
    gdata=$here/$data
    case $1 in
    folder-*)
        # The library copied as DIR/lib, checked as `--data lib`.
        gdata=lib
        rm -rf "$2/lib"
        cp -R "$here/$data" "$2/lib" || exit 2
        ;;
    esac
    case $1 in
    nul-byte)
        printf 'casus: 1\nkind: state\nid: XXA\nname: Test\000state A\ngovernment: presidential\ncapital: {name: Testville, lat: 10, lon: 20}\nutc_offset: "+06:00"\nsource: seed-001\n' >"$f"
        ;;
    too-large)
        # 1100 KiB of 'x' in a note: well-formed, only too large.
        { printf 'casus: 1\nkind: state\nid: XXA\nnote: "'
          dd if=/dev/zero bs=1024 count=1100 2>/dev/null | tr '\000' x
          printf '"\n'; } >"$f"
        ;;
    nesting-extreme)
        { printf 'casus: 1\nkind: state\nnote: '
          repeat 100000 '['
          repeat 100000 ']'
          printf '\n'; } >"$f"
        ;;
    too-many-nodes)
        # 2 bytes a node, a line break every 50 nodes: about 1,010,000 bytes.
        { printf 'casus: 1\nkind: state\nnote: [\n'
          awk 'BEGIN { for (i = 1; i <= 500000; i++) printf (i % 50 ? "0," : "0,\n") }'
          printf '0]\n'; } >"$f"
        ;;
    folder-as-file)
        mkdir -p "$f"
        ;;
    definitions-chain) definitions chain 20000 >"$f" ;;
    many-unknown-keys)
        { printf 'casus: 1\nkind: state\nid: XXA\n'
          awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d: 1\n", i }'; } >"$f"
        ;;
    fifo-as-file) mkfifo "$f" || exit 2 ;;
    folder-links)
        minimal_state "$f"
        for i in 1 2 3 4 5 6; do
            ln -s . "$2/lib/self$i" || exit 2
        done
        ln -s .. "$2/lib/states/up" || exit 2
        ln -s / "$2/lib/root" || exit 2
        ;;
    folder-unreadable)
        minimal_state "$f"
        ln -s nowhere.yaml "$2/lib/states/gone.yaml" || exit 2
        mkfifo "$2/lib/pipe.yaml" || exit 2
        ;;
    folder-many-files)
        mkdir -p "$2/valid" "$2/lib/extra/d0" || exit 2
        minimal_state "$2/valid/$1.yaml"
        (cd "$2/lib/extra/d0" && awk 'BEGIN { for (i = 0; i < 1000; i++) {
            f = sprintf("s%03d.yaml", i)
            printf "casus: 1\nkind: sources\nsources: []\n" >f
            close(f) } }') || exit 2
        i=1
        while [ $i -lt 100 ]; do
            cp -al "$2/lib/extra/d0" "$2/lib/extra/d$i" || exit 2
            i=$((i + 1))
        done
        ;;
    definitions-flat)
        mkdir -p "$2/valid"
        definitions flat 40000 >"$2/valid/$1.yaml"
        ;;
    names-far-down | many-definitions)
        mkdir -p "$2/valid"
        sh ../../fuzz/slow-inputs.sh "$tmp/slow" >/dev/null && cp "$tmp/slow/$1.yaml" "$2/valid/"
        ;;
    *)
        echo "run.sh: no generator for $1" >&2
        exit 2
        ;;
    esac
}

# definitions chain|flat N: an alliance whose one doctrine has N definitions, each naming
# the next (and the last true), or each simply true.
definitions() {
    printf 'casus: 1\nkind: alliance\nid: t-deep\nname: Deep definitions\n'
    printf 'founded: 1992-05-15\nsource: seed-001\ndoctrines:\n'
    printf '  - id: deep\n    name: Deep\n    from: 2000-01-01\n    reading: "many"\n'
    printf '    source: seed-001\n    defines:\n'
    awk -v n="$2" -v mode="$1" 'BEGIN {
        for (i = 0; i < n; i++)
            if (mode == "chain") printf "      d%d: \"d%d\"\n", i, i + 1
            else printf "      d%d: \"true\"\n", i
        if (mode == "chain") printf "      d%d: \"true\"\n", n
    }'
}

# check CASUS DIR DATA FILE: run casus check from DIR; stdout, stderr and "exit N" land in
# $tmp/out, $tmp/err, $tmp/status.
check() {
    (cd "$2" && "$1" check --data "$3" "$4") >"$tmp/out" 2>"$tmp/err"
    echo "exit $?" >"$tmp/status"
}

run_one() {
    casus=$1
    test=$2
    case $casus in
    /*) ;;
    *) casus=$(cd "$(dirname "$casus")" && pwd)/$(basename "$casus") ;;
    esac
    [ -x "$casus" ] || fail "no casus binary at $casus"
    name=$(basename "$test" .yaml)
    case $test in
    invalid/*)
        expect=invalid/$name.expect
        [ -f "$expect" ] || fail "$test: no $expect"
        if is_generated "$name"; then
            [ -e "$test" ] && fail "$test is made at test time and must not be in the corpus"
            gen "$name" "$tmp/gen"
            check "$casus" "$tmp/gen" "$gdata" "$test"
        else
            case $name in
            missing-file) [ -e "$test" ] && fail "$test must not exist" ;;
            *crlf*) grep -q "$(printf '\r')" "$test" ||
                        fail "$test has lost its CRLF line endings (git autocrlf?)" ;;
            esac
            check "$casus" . "$data" "$test"
        fi
        cat "$tmp/status" "$tmp/err" >"$tmp/actual"
        ok=true
        if ! cmp -s "$expect" "$tmp/actual"; then
            echo "FAIL: $test: exit status or stderr differ from $expect (- expected, + actual):" >&2
            diff -u "$expect" "$tmp/actual" >&2
            ok=false
        fi
        if [ -s "$tmp/out" ]; then
            echo "FAIL: $test: unexpected output on stdout:" >&2
            cat "$tmp/out" >&2
            ok=false
        fi
        $ok || exit 1
        ;;
    valid/*)
        if is_generated "$name"; then
            [ -e "$test" ] && fail "$test is made at test time and must not be in the corpus"
            gen "$name" "$tmp/gen"
            check "$casus" "$tmp/gen" "$gdata" "$test"
            if [ "$(cat "$tmp/status")" != "exit 0" ] || [ -s "$tmp/err" ] ||
               ! grep -qx "ok $test" "$tmp/out"; then
                echo "FAIL: $test must load with the library ($(cat "$tmp/status")):" >&2
                cat "$tmp/err" "$tmp/out" >&2
                exit 1
            fi
            exit 0
        fi
        [ -f "$test" ] || fail "no $test"
        case $name in
        *crlf*) grep -q "$(printf '\r')" "$test" ||
                    fail "$test has lost its CRLF line endings (git autocrlf?)" ;;
        esac
        check "$casus" . "$data" "$test"
        if [ "$(cat "$tmp/status")" != "exit 0" ] || [ -s "$tmp/err" ] ||
           [ "$(cat "$tmp/out")" != "ok $test" ]; then
            echo "FAIL: $test must load with the library ($(cat "$tmp/status")):" >&2
            cat "$tmp/err" "$tmp/out" >&2
            exit 1
        fi
        ;;
    *)
        fail "a test is invalid/NAME.yaml or valid/NAME.yaml, not $test"
        ;;
    esac
    exit 0
}

# vg CASUS DIR DATA [FILE]: casus check under valgrind; fails on any valgrind error or leak.
vg_failed=0
vg() {
    label=${4:-"the library alone"}
    (cd "$2" && valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 "$1" check --data "$3" ${4:+"$4"}) >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 99 ]; then
        echo "FAIL (valgrind, exit $rc): $label" >&2
        cat "$tmp/err" >&2
        vg_failed=1
    elif [ $rc -ge 126 ]; then
        echo "FAIL (exit $rc, crashed?): $label" >&2
        cat "$tmp/err" >&2
        vg_failed=1
    else
        echo "ok (exit $rc): $label"
    fi
}

run_valgrind() {
    casus=$1
    case $casus in
    /*) ;;
    *) casus=$(cd "$(dirname "$casus")" && pwd)/$(basename "$casus") ;;
    esac
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "valgrind not found: skipped"
        exit 77
    fi
    vg "$casus" . "$data"
    for e in invalid/*.expect; do
        name=$(basename "$e" .expect)
        case $name in
        # 100000 levels: libyaml alone takes many seconds natively, far too long under
        # valgrind; nesting-too-deep.yaml covers the same code.
        nesting-extreme) continue ;;
        esac
        if is_generated "$name"; then
            gen "$name" "$tmp/gen"
            vg "$casus" "$tmp/gen" "$gdata" "invalid/$name.yaml"
            rm -rf "$tmp/gen"
        else
            vg "$casus" . "$data" "invalid/$name.yaml"
        fi
    done
    for f in valid/*.yaml; do
        vg "$casus" . "$data" "$f"
    done
    exit $vg_failed
}

case ${1:-} in
--valgrind)
    [ $# -eq 2 ] || { echo "usage: run.sh --valgrind CASUS" >&2; exit 2; }
    run_valgrind "$2"
    ;;
*)
    [ $# -eq 2 ] || { echo "usage: run.sh CASUS invalid/NAME.yaml|valid/NAME.yaml" >&2; exit 2; }
    run_one "$1" "$2"
    ;;
esac
