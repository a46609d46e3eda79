#!/bin/sh
# Rewrites the generated sections of docs/casus.1 (commands, options, exit statuses) from
# the command table of the casus binary given. usage: man.sh CASUS [MANPAGE]
set -eu
casus=$1
page=${2:-$(dirname "$0")/../docs/casus.1}
gen=$(mktemp)
trap 'rm -f "$gen" "$gen.page"' EXIT
"$casus" help --man >"$gen"
awk -v gen="$gen" '
    /^\.\\" BEGIN generated/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
    /^\.\\" END generated/ { skip = 0 }
    !skip { print }' "$page" >"$gen.page"
cat "$gen.page" >"$page"
