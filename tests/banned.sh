#!/bin/sh
# Fails if the sources call a banned function (unsafe or locale-dependent string and number
# handling, or the C library's random numbers).
cd "$(dirname "$0")/.." || exit 2
if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|atoi|atol|atof|strtok|gets|rand|srand)[[:space:]]*\(' \
        -r src bench fuzz tests/unit 2>/dev/null; then
    echo "banned functions used (see above)" >&2
    exit 1
fi
exit 0
