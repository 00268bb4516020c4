#!/usr/bin/env bash
# ci/slurm for real: a one-node Slurm cluster (munged, slurmctld, slurmd on 127.0.0.1, ports 16817-8,
# every file under one temporary directory) runs ci/slurm/submit: study.sbatch as an array of 3
# tasks, each a short CPU session (a command workload) from the bundle into its own database, then
# merge.sbatch merges them and reports --by host. A fourth session stored under another host name
# is merged by hand to see two hosts compared. Everything started here is stopped, its files removed.
# Exit 77 (SKIP) with the reason when the cluster cannot be started (not root, Slurm or munge not
# installed, a daemon that does not come up).
# Usage: slurm_test.sh SOURCE_DIR BUNDLE_DIR
set -uo pipefail
src=$1 bundle=$2
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; show_logs; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root (munged, slurmd and cudabench sessions)"
for p in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$p" >/dev/null || skip "$p is not installed (ci/setup installs slurm-wlm and munge)"
done
[ -x "$bundle/bin/cudabench" ] || fail "no bundle at $bundle"

tmp=$(mktemp -d /tmp/cudabench-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  squeue -h -o %i 2>/dev/null | xargs -r scancel 2>/dev/null
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
show_logs() {
  local f
  for f in "$tmp"/log/*; do echo "--- $f"; tail -20 "$f"; done
}

. "$(dirname "$0")/slurm_cluster.sh"
start_munge || skip "munged did not start: $(tail -3 "$tmp/log/munged.log" 2>/dev/null)"
start_slurm || skip "the Slurm cluster did not come up: $(tail -3 "$tmp/log/slurmctld.log" 2>/dev/null)"

# The array job of ci/slurm/submit, 3 tasks of a short CPU scenario.
mkdir -p "$tmp/results" "$tmp/out"
cat >"$tmp/cpu.toml" <<TOML
[scenario]
name = "baseline"
description = "slurm test: a command workload"
[workload]
kind = "command"
command = ["$src/tests/ci/speed_workload.sh", "1.0", "1", "$tmp/count"]
[run]
runs = 4
warmup = 0
timeout_s = 30
TOML
ids=$(cd "$tmp/out" && CUDABENCH_BUNDLE=$bundle CUDABENCH_RESULTS=$tmp/results CUDABENCH_SCENARIOS=$tmp/cpu.toml \
  CUDABENCH_RUN_OPTIONS="--trace=off --quiet" "$src/ci/slurm/submit" 3) || fail "ci/slurm/submit: $ids"
echo "$ids"
job=$(echo "$ids" | sed -n 's/^study job \([0-9]*\).*/\1/p')
for _ in $(seq 240); do
  [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h)" ] && echo "the jobs ended" || fail "jobs still queued after 120 s: $(squeue)"
for task in 0 1 2; do
  [ -s "$tmp/results/cudabench-$job-$task.db" ] || fail "task $task wrote no database: $(cat "$tmp"/out/cudabench-"$job"_"$task".out)"
done
hosts=$tmp/results/hosts-$job.txt
[ -s "$hosts" ] || fail "merge.sbatch wrote no report: $(cat "$tmp"/out/cudabench-merge-*.out)"
cat "$hosts"
cb=$bundle/bin/cudabench
json=$tmp/results/hosts-$job.json
jq -e --arg h "$(hostname)" '.hosts | length == 1 and .[0].host == $h and .[0].sessions == 3 and .[0].runs == 12' \
  "$json" >/dev/null || fail "expected one host $(hostname) with 3 sessions of 4 runs: $(cat "$json")"

# Merging the same databases again adds nothing; a session from "another node" makes two hosts.
"$cb" merge "$tmp/results/fleet-$job.db" "$tmp"/results/cudabench-"$job"-*.db | tail -1 | grep -q ': 0 sessions and 0 runs added' ||
  fail "a second merge added sessions"
CUDABENCH_HOST=other-node "$cb" run "$tmp/cpu.toml" --trace=off --quiet --db "$tmp/other.db" || fail "the other node's session failed"
"$cb" merge "$tmp/results/fleet-$job.db" "$tmp/other.db" >/dev/null || fail "merge of other.db"
"$cb" report --db "$tmp/results/fleet-$job.db" --by host --format json -o "$tmp/hosts.json" || fail "report --by host"
[ "$(jq '.hosts | length' "$tmp/hosts.json")" -eq 2 ] || fail "expected 2 hosts: $(cat "$tmp/hosts.json")"
jq -e '.hosts[] | select(.host == "other-node") | .sessions == 1' "$tmp/hosts.json" >/dev/null || fail "other-node"
"$cb" merge "$tmp/results/fleet-$job.db" "$tmp/missing.db" 2>/dev/null
[ $? -eq 2 ] || fail "merge of a missing database should exit 2"
echo "4 passed, 0 failed"
