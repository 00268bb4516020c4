#!/usr/bin/env bash
# ci/nightly's gate without a GPU: the candidate and reference programs are command workloads whose
# speed this test sets (speed_workload.sh). Identical builds exit 0, a 20% slowdown exits 1, a 4%
# slowdown measured with 12% noise (CI straddling the threshold) exits 3, and the threshold the night
# could resolve is stated. Exit 77 (ctest SKIP) when not root: a session needs the machine lock.
# Usage: nightly_gate_test.sh SOURCE_DIR CUDABENCH
set -uo pipefail
src=$1 cudabench=$2
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: cudabench sessions need root (the lock in /run/cudabench)"; exit 77; fi
command -v jq >/dev/null || { echo "FAIL: jq is missing (ci/setup installs it)"; exit 1; }
work=$(mktemp -d /tmp/cudabench-nightly-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# program NAME SPEED NOISE: a workload program with its own invocation counter.
program() {
  printf '#!/bin/sh\nexec %s/tests/ci/speed_workload.sh %s %s %s/%s.count\n' "$src" "$2" "$3" "$work" "$1" >"$work/$1"
  chmod +x "$work/$1"
}
scenario() {
  cat >"$work/$1.toml" <<TOML
[scenario]
name = "$1"
description = "ci/nightly test: a command workload of known speed"
[workload]
kind = "command"
command = ["$work/candidate"]
[run]
runs = 8
warmup = 1
timeout_s = 30
TOML
}
scenario baseline
scenario steady

# night CANDIDATE_SPEED CANDIDATE_NOISE REFERENCE_NOISE EXPECTED_EXIT [CI/NIGHTLY OPTIONS...]
failures=0
night() {
  rm -f "$work"/*.count "$work/nightly.db"*
  program candidate "$1" "$2"
  program reference 1.0 "$3"
  "$src/ci/nightly" "${@:5}" --scenarios "$work/baseline.toml $work/steady.toml" --reference-program "$work/reference" \
    --blocks 8 --cudabench "$cudabench" "$work/nightly.db" -- --trace=off --seed 11 >"$work/out" 2>&1
  local status=$?
  if [ "$status" -ne "$4" ] || ! grep -q '^ci/nightly: threshold tau = ' "$work/out"; then
    echo "FAIL: candidate speed $1 noise $2% (reference noise $3%): exit $status, expected $4"
    cat "$work/out"
    failures=$((failures + 1))
  else
    echo "ok: candidate speed $1 noise $2%: exit $status; $(grep '^ci/nightly: threshold' "$work/out")"
  fi
}
# The default precision target (+-2%): quiet programs reach it at the minimum blocks.
night 1.0 0.5 0.5 0 --max-time 60s
night 0.8 0.5 0.5 1 --max-time 60s
# A noisy candidate at a fixed 8 blocks: its CI straddles tau.
night 0.96 12 0 3 --target-ci off
[ "$failures" -eq 0 ] || exit 1
echo "3 passed, 0 failed"
