#!/bin/sh
# Installs the Debian packages casus needs, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
#
# usage: deps.sh [SET]...   SET: build (the default: build and test), bench
#   build  the compilers (gcc and clang, both used by `make test`), CMake, the libraries,
#          and the tools the tests use: valgrind (leak checks), clang's runtimes (the
#          fuzzer), ThreadSanitizer's runtime for gcc
#   bench  also the SimPy yardstick of `make bench`: Debian's python3 with SimPy 3 and
#          PyYAML (run as /usr/bin/python3)
set -eu

build="gcc make cmake pkg-config libyaml-dev libjansson-dev libcmocka-dev"
build="$build valgrind clang libclang-rt-14-dev libtsan2"
bench="python3 python3-simpy3 python3-yaml"

need=""
[ $# -eq 0 ] && set -- build
for set in "$@"; do
    case $set in
    build) need="$need $build" ;;
    bench) need="$need $build $bench" ;;
    *) echo "deps: unknown set '$set' (build, bench)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $need; do
    case " $missing " in *" $p "*) continue ;; esac
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
