#!/usr/bin/env bash
# ci/k8s offline: every manifest passes the Kubernetes API schemas (ci/k8s/validate.mjs), a broken
# one is refused, and the fields cudabench relies on are there (k8s_checks.mjs).
# Exit 77 (SKIP) when node or the validators (ci/setup installs both) are missing.
# Usage: k8s_test.sh SOURCE_DIR
set -uo pipefail
src=$1
command -v node >/dev/null || { echo "SKIP: node is not installed (ci/setup installs nodejs)"; exit 77; }
[ -d "$src/ci/validators/node_modules/kubernetes-models" ] ||
  { echo "SKIP: ci/validators/node_modules is missing (ci/setup runs npm ci there)"; exit 77; }
node "$src/ci/k8s/validate.mjs" "$src"/ci/k8s/*.yaml || exit 1
bad=$(mktemp /tmp/cudabench-k8s-XXXXXX.yaml)
trap 'rm -f "$bad"' EXIT
sed 's/completionMode: Indexed/completionMode: Indexd/' "$src/ci/k8s/job.yaml" >"$bad"
if node "$src/ci/k8s/validate.mjs" "$bad" 2>/dev/null; then echo "FAIL: a Job with completionMode Indexd passed"; exit 1; fi
node "$(dirname "$0")/k8s_checks.mjs" "$src" || exit 1
echo "3 passed, 0 failed"
