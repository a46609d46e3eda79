#!/bin/sh
# Every political factor and doctrine of the shipped alliance is explained in docs/model.md,
# and every catalog parameter is named in docs/model.md or docs/calibration.md.
cd "$(dirname "$0")/.." || exit 2
bad=0
ids=$(awk '/^politics:/,0' data/alliances/csto.yaml | sed -n 's/^ *- id: *\([a-z0-9-]*\).*/\1/p')
ids="$ids $(awk '/^doctrines:/,/^tasks:|^pools:/' data/alliances/csto.yaml | sed -n 's/^ *- id: *\([a-z0-9-]*\).*/\1/p')"
[ -n "$ids" ] || { echo "no factors found in the data" >&2; exit 1; }
for id in $ids; do
    grep -q "\`$id\`" docs/model.md || { echo "docs/model.md does not explain '$id'" >&2; bad=1; }
done
params=$(awk '/^parameters:/,0' data/catalog.yaml | sed -n 's/^ *- id: *\([a-z0-9-]*\).*/\1/p')
for id in $params; do
    grep -q "$id" docs/model.md docs/calibration.md ||
        { echo "docs do not mention parameter '$id'" >&2; bad=1; }
done
exit $bad
