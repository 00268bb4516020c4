#!/usr/bin/env bash
# The one-session regression gate on the GPU machine, as an A/A check: the reference twin runs a
# byte-identical copy of qwen3, so the gate must PASS and the change CI shows the gate's noise floor
# (the tau that `report --compare-within` would need). The bundle as for gpu_study.sh; the reference
# is a copy of its qwen3 under another path.
# Usage: bench/study/gpu_aa_gate.sh OUT_DIR BLOCKS SCENARIO...
set -uo pipefail
out=$1 blocks=$2
shift 2
. "$(dirname "$0")/bundle.sh"
cp "$bundle/build/workloads/qwen3/qwen3" /tmp/qwen3_ref || exit 1
files=()
for s in "$@"; do files+=("scenarios/$s.toml"); done
"$cudabench" run "${files[@]}" --reference /tmp/qwen3_ref --runs "$blocks" --warmup 1 \
  --trace=off --db "$out/aa.db" --seed 20261124 --quiet
echo "run exit $?"
"$cudabench" report --db "$out/aa.db" --compare-within ref | tee "$out/aa_gate.txt"
echo "gate exit ${PIPESTATUS[0]}"
"$cudabench" report --db "$out/aa.db" --compare-within ref --format json -o "$out/aa_gate.json"
