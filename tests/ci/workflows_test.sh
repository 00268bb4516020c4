#!/usr/bin/env bash
# .github/workflows offline: each file passes GitHub's workflow schema (action-validator, installed
# by ci/setup into ci/validators), a broken one is refused, and what issue 15 asks of each is there
# (workflow_checks.mjs). Exit 77 (SKIP) when node or the validators are missing.
# Usage: workflows_test.sh SOURCE_DIR
set -uo pipefail
src=$1
validator=$src/ci/validators/node_modules/.bin/action-validator
command -v node >/dev/null || { echo "SKIP: node is not installed (ci/setup installs nodejs)"; exit 77; }
[ -x "$validator" ] || { echo "SKIP: $validator is missing (ci/setup runs npm ci in ci/validators)"; exit 77; }
for f in "$src"/.github/workflows/*.yml; do
  "$validator" "$f" || { echo "FAIL: $f does not pass the workflow schema"; exit 1; }
  echo "$f: valid"
done
bad=$(mktemp /tmp/cudabench-workflow-XXXXXX.yml)
trap 'rm -f "$bad"' EXIT
sed 's/runs-on:/run-on:/' "$src/.github/workflows/nightly.yml" >"$bad"
if "$validator" "$bad" >/dev/null 2>&1; then echo "FAIL: a workflow with 'run-on' passed"; exit 1; fi
node "$(dirname "$0")/workflow_checks.mjs" "$src" || exit 1
echo "3 passed, 0 failed"
