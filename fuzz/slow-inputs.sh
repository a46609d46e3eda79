#!/bin/sh
# Make two inputs under 1 MiB that casus check once took seconds on (docs/reliability.md):
# every name in an expression was located by counting the lines of its file from the top,
# so the time grew with (names) x (lines before them). The corpus runs both.
# usage: fuzz/slow-inputs.sh DIR      then: casus check DIR/names-far-down.yaml (and the other)
#   names-far-down.yaml  400,000 comment lines, then 20 definitions of 1,000 names each
#                        (940 KB): 32 s of CPU in the optimised build, then 0.13 s
#   many-definitions.yaml  45,000 definitions of one name each (800 KB): 4 s, then 0.02 s
set -eu
dir=${1:?usage: fuzz/slow-inputs.sh DIR}
mkdir -p "$dir"
head='casus: 1\nkind: alliance\nid: big\nname: Big\nfounded: 1992-05-15\nsource: seed-001
doctrines:\n  - id: d\n    name: D\n    from: 2000-01-01\n    reading: "r"\n    source: seed-001
    defines:\n      t: "true"\n'
{ awk 'BEGIN { for (i = 0; i < 400000; i++) print "#" }'
  printf "$head"
  # A balanced tree of 1,000 names (a chain of "or" would pass the nesting limit).
  awk 'function bal(n,  h) { if (n == 1) return "t"; h = int(n / 2)
                            return "(" bal(h) " or " bal(n - h) ")" }
       BEGIN { for (k = 0; k < 20; k++) printf "      a%d: \"%s\"\n", k, bal(1000) }'
} >"$dir/names-far-down.yaml"
{ printf "$head"
  awk 'BEGIN { for (i = 0; i < 45000; i++) printf "      d%d: \"t\"\n", i }'
} >"$dir/many-definitions.yaml"
