#!/bin/sh
# Installs the Debian packages casus needs to build and test, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu

need="gcc make cmake pkg-config libyaml-dev libjansson-dev libcmocka-dev"
# Tools the test suite uses: valgrind (leak checks) and clang (the fuzzer).
need="$need valgrind clang libclang-rt-14-dev"

missing=""
for p in $need; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
else
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
