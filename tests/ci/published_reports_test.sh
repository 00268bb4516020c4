#!/usr/bin/env bash
# The published numbers follow from the published data: every report committed beside a database
# (results/h200, bench/attribution/h200-*) is rendered again from that database with this build and
# must be byte for byte the committed file. A report that differs was edited by hand or made by
# another cudabench: regenerate it (the command is in each folder's README) and commit both.
# Usage: published_reports_test.sh SOURCE_DIR CUDABENCH
set -euo pipefail
src=$1 cudabench=$2
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
checked=0 failed=0
# Each line: database, the report file, the report options that made it.
while read -r db report opts; do
  [ -f "$src/$db" ] || { echo "missing database $db (listed for $report)"; failed=$((failed + 1)); continue; }
  cp "$src/$db" "$tmp/db"  # a copy: reading never writes, but the source tree may be read-only
  ext=${report##*.}
  # shellcheck disable=SC2086  # opts is a list of words
  if [ "$ext" = txt ]; then
    "$cudabench" report --db "$tmp/db" $opts >"$tmp/out" 2>&1
  else
    "$cudabench" report --db "$tmp/db" $opts -o "$tmp/out.$ext" && mv "$tmp/out.$ext" "$tmp/out"
  fi
  # The report names its source database: the committed one names the path it was made from.
  sed -i "s#$tmp/db#$db#g" "$tmp/out"
  checked=$((checked + 1))
  if ! cmp -s "$tmp/out" "$src/$report"; then
    echo "FAIL $report differs from a fresh 'cudabench report --db $db $opts':"
    diff "$src/$report" "$tmp/out" | head -20
    failed=$((failed + 1))
  fi
done < <(sed -e 's/#.*//' -e '/^\s*$/d' "$src/tests/ci/published_reports.txt")
echo "$checked published reports checked, $failed differ"
[ "$failed" -eq 0 ]
