#!/bin/sh
# A command workload whose speed the test sets: prints tok/s = 100 x SPEED x (1 + NOISE_PCT% x u),
# u in [-1, 1] a fixed pseudo-random sequence over its invocations (counted in STATE), so a session
# with a fixed --seed always measures the same values.
# Usage: speed_workload.sh SPEED NOISE_PCT STATE
k=$(cat "$3" 2>/dev/null || echo 0)
echo $((k + 1)) >"$3"
awk -v s="$1" -v n="$2" -v k="$k" 'BEGIN {
  u = ((k * 7919 + 17) % 101) / 50 - 1
  printf "CUDABENCH_RESULT {\"tokens_per_s\": %.4f, \"tokens\": 48}\n", 100 * s * (1 + n / 100 * u)
}'
