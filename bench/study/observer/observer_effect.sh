#!/usr/bin/env bash
# Is the original study's Sched/1K (11,932.8 for noisy_cpu) mostly its own tracer's doing? Runs the
# original tracer (eunomia-bpf/gpu_ext tools/cuda_sched_trace, built by build_original_tracer.sh)
# side by side with the workload, its consumer (which prints one CSV line per event) pinned to the
# workload's CPU or to another one, or no tracer at all; quiet and under stress-ng on every CPU.
# See bench/study/observer/README.md.
#
# On the GPU machine, from the repository root, through the device tool, with .carry/ carried
# (.carry/cudabench-bundle.tar.xz from `ci/bundle --out .carry`, .carry/cuda_sched_trace):
#   OUT=... bash bench/study/observer/observer_effect.sh
# Environment (all optional):
#   R=5               blocks; each block runs every condition once (order rotated per block)
#   BUDGET_S=180      no new block starts after this many seconds (a block of qwen3 runs takes
#                     ~35 s, so the whole command stays near 4 minutes)
#   WORKLOAD_CPU=5    the CPU the workload is pinned to
#   OTHER_CPU=6       the consumer's CPU in the "other CPU" placement
#   LIBCUDA=/usr/local/nvidia/lib64/libcuda.so.1   the original's first argument (what it probes)
#   TRACER=.carry/cuda_sched_trace
#   CUDABENCH=...     a cudabench binary; when set, the bundle is not unpacked (local runs)
#   WORKLOAD="..."    the workload command (default: the bundle's qwen3 -n 48, eager)
#   RUN_TIMEOUT_S=90  one workload run's limit
#   KEEP_CSV=1        keep the original's CSVs of the first N blocks (xz -1), delete the rest once
#                     imported (a qwen3 run's CSV is ~10-20 MB before compression)
# Outputs in $OUT, six files (the device tool returns at most eight): env.txt, runs.tsv (one row per
# run, written as it goes), summary.txt (the table), observer.db (every traced run imported with
# `cudabench import-csv`), traces.tar (the original's CSVs kept, each xz-compressed; see KEEP_CSV)
# and logs.tar.xz (per run: the tracer's stderr, the workload's output, its rusage).
set -euo pipefail

out=${OUT:?set OUT to the output directory}
blocks=${R:-5} budget_s=${BUDGET_S:-180} keep_csv=${KEEP_CSV:-1}
cpu=${WORKLOAD_CPU:-5} other=${OTHER_CPU:-6}
libcuda=${LIBCUDA:-/usr/local/nvidia/lib64/libcuda.so.1}
tracer=${TRACER:-.carry/cuda_sched_trace}
run_timeout=${RUN_TIMEOUT_S:-90}

die() { echo "observer_effect: $*" >&2; exit 1; }
[[ $blocks =~ ^[1-9][0-9]*$ ]] || die "R must be a positive integer, got '$blocks'"
[[ $budget_s =~ ^[0-9]+$ ]] || die "BUDGET_S must be a number of seconds, got '$budget_s'"
[[ $keep_csv =~ ^[0-9]+$ ]] || die "KEEP_CSV must be a number of blocks, got '$keep_csv'"
ncpu=$(nproc)
for c in "$cpu" "$other"; do
  if ! [[ $c =~ ^[0-9]+$ ]] || [ "$c" -ge "$ncpu" ]; then
    die "CPU '$c' is not one of this machine's 0..$((ncpu - 1))"
  fi
done
[ "$cpu" != "$other" ] || die "WORKLOAD_CPU and OTHER_CPU are both $cpu"
[ "$(id -u)" = 0 ] || die "the original tracer loads BPF programs: run as root"
[ -x "$tracer" ] || die "$tracer is missing: build it with bench/study/observer/build_original_tracer.sh and carry .carry/"
[ -e "$libcuda" ] || die "LIBCUDA=$libcuda does not exist (the library whose cuLaunchKernel the original probes)"
command -v taskset >/dev/null || die "taskset not found"

if [ -n "${CUDABENCH:-}" ]; then
  cudabench=$CUDABENCH
else
  [ -f .carry/cudabench-bundle.tar.xz ] || die ".carry/cudabench-bundle.tar.xz is missing (ci/bundle --out .carry)"
  # shellcheck source=bench/study/bundle.sh
  . "$(dirname "$0")/../bundle.sh"
fi
[ -x "$cudabench" ] || die "cudabench not found at '$cudabench'"
if [ -n "${WORKLOAD:-}" ]; then
  read -r -a workload <<<"$WORKLOAD"
else
  workload=("$(dirname "$cudabench")/../build/workloads/qwen3/qwen3" -n 48)
fi
[ -x "${workload[0]}" ] || die "the workload '${workload[0]}' is not an executable"
command -v stress-ng >/dev/null || die "stress-ng not found (the bundle's bin/ puts it on PATH)"
have_python=no
command -v python3 >/dev/null && have_python=yes

mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/observer_effect.XXXXXX")
mkdir -p "$work/csv" "$work/logs"
db=$work/observer.db

tracer_pid="" stress_pid=""
stop_tracer() {
  [ -n "$tracer_pid" ] || return 0
  kill -INT "$tracer_pid" 2>/dev/null || true
  wait "$tracer_pid" 2>/dev/null || true
  tracer_pid=""
}
stop_stress() {
  [ -n "$stress_pid" ] || return 0
  kill -TERM "$stress_pid" 2>/dev/null || true  # stress-ng ends its workers itself
  wait "$stress_pid" 2>/dev/null || true
  stress_pid=""
}
# Packs what there is into $OUT, also when interrupted: the database (a consistent copy through
# SQLite's backup where python3 has it), the kept CSVs and the logs.
finish() {
  stop_tracer
  stop_stress
  if [ -f "$db" ]; then
    if [ "$have_python" = yes ]; then
      python3 -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
        "$db" "$out/observer.db" || cp "$db" "$out/observer.db"
    else
      cp "$db" "$out/observer.db"
    fi
  fi
  if [ -n "$(ls -A "$work/csv")" ]; then
    tar -C "$work" -cf "$out/traces.tar" csv
    if [ "$(stat -c %s "$out/traces.tar")" -gt $((15 * 1024 * 1024)) ]; then
      echo "observer_effect: traces.tar is over 15 MiB (the device tool returns 16 MiB a file): dropped" >&2
      rm -f "$out/traces.tar"
    fi
  fi
  tar -C "$work" -cJf "$out/logs.tar.xz" logs 2>/dev/null || true
  rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs "$@" and, with python3, writes the child's rusage (whole process, every thread) to $1.
# The python parent only waits; the command is what taskset pins.
rusage_run() {
  local file=$1
  shift
  if [ "$have_python" = yes ]; then
    python3 -c '
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{ru.ru_nvcsw} {ru.ru_nivcsw}\n")
sys.exit(os.waitstatus_to_exitcode(status))
' "$file" "$@"
  else
    echo "- -" >"$file"
    "$@"
  fi
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "kernel: $(uname -r)  cpus: $ncpu  workload cpu: $cpu  other cpu: $other  loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
  echo "libcuda: $libcuda ($(readlink -f "$libcuda")); the loader's: $(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 / {print $NF}' | tr '\n' ' ')"
  echo "workload: ${workload[*]}"
  echo "stress-ng: $(stress-ng --version 2>&1 | head -1)"
  [ -f "${tracer}.build.txt" ] && sed 's/^/tracer /' "${tracer}.build.txt"
  echo "rusage: $([ "$have_python" = yes ] && echo "python3 os.wait4" || echo "none (no python3)")"
} | tee "$out/env.txt"

echo "warm-up (untraced, discarded):"
taskset -c "$cpu" timeout "$run_timeout" "${workload[@]}" 2>&1 | grep CUDABENCH_RESULT \
  || die "the warm-up run of '${workload[*]}' failed or printed no CUDABENCH_RESULT"

# One run: $1 load (quiet|stress), $2 placement (same|other|none), $3 block.
printf 'block\tload\tconsumer\trc\ttok_s\tlaunches\tswitch_events\tevents_per_launch\tsched_per_1k\tsched_per_1k_orig\tdropped\tnvcsw\tnivcsw\tconsumer_cpu_ms\trun_id\n' \
  >"$out/runs.tsv"
one_run() {
  local load=$1 place=$2 block=$3
  local name=${load}_${place}_b${block}
  local csv=$work/csv/$name.csv log=$work/logs/$name.tracer.log wl=$work/logs/$name.workload.txt
  local ru=$work/logs/$name.rusage
  if [ "$place" != none ]; then
    local ccpu=$cpu
    [ "$place" = other ] && ccpu=$other
    taskset -c "$ccpu" "$tracer" "$libcuda" >"$csv" 2>"$log" &
    tracer_pid=$!
    for _ in $(seq 200); do
      grep -q '^Tracing CUDA' "$log" && break
      kill -0 "$tracer_pid" 2>/dev/null || die "the original tracer exited at start: $(grep -v '^libbpf' "$log" | tail -5)"
      sleep 0.1
    done
    grep -q '^Tracing CUDA' "$log" || die "the original tracer did not start within 20 s ($log)"
    grep -q '^Attached uprobe to cuLaunchKernel' "$log" \
      || die "the original tracer could not probe cuLaunchKernel in $libcuda: $(grep -i 'cuLaunchKernel' "$log" | tail -2)"
  fi
  local rc=0
  rusage_run "$ru" taskset -c "$cpu" timeout "$run_timeout" "${workload[@]}" >"$wl" 2>&1 || rc=$?
  local tok_s
  tok_s=$(grep -o '"tokens_per_s": *[0-9.]*' "$wl" | tail -1 | grep -o '[0-9.]*$' || true)
  local launches=- events=- per_launch=- s1k=- s1k_orig=- dropped=- cons_ms=- run_id=-
  if [ "$place" != none ]; then
    # Let the consumer drain the ring buffer (it stops without draining it on SIGINT): wait until
    # the CSV stops growing, at most 5 s.
    local size prev=-1
    for _ in $(seq 25); do
      sleep 0.2
      size=$(stat -c %s "$csv")
      [ "$size" = "$prev" ] && break
      prev=$size
    done
    # its CPU time: utime + stime (fields 14, 15 of /proc/PID/stat) in clock ticks
    cons_ms=$(awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print ($12 + $13) * 1000 / hz}' \
      "/proc/$tracer_pid/stat" 2>/dev/null || echo -)
    stop_tracer
    dropped=$(awk '/^Dropped Events/ {print $3}' "$log")
    dropped=${dropped:-0}
    read -r launches events < <(awk -F, 'NR > 1 && $2 == "cuLaunchKernel" {l++}
      NR > 1 && $2 == "schedSwitch" {s++} END {print l + 0, s + 0}' "$csv")
    per_launch=$(awk -v l="$launches" -v s="$events" 'BEGIN {print (l > 0 ? s / l : "-")}')
    [ "$launches" -gt 0 ] || [ "$rc" != 0 ] \
      || die "the original recorded no cuLaunchKernel in $name although the workload ran: does it load another libcuda than $libcuda? (set LIBCUDA)"
    if [ "$launches" -gt 0 ]; then
      run_id=$("$cudabench" import-csv "$csv" --db "$db" --scenario "${load}_${place}") \
        || die "cudabench import-csv $csv failed"
      local show
      show=$("$cudabench" show --db "$db" "$run_id")
      s1k=$(awk '$1 == "sched_per_1k" {print $2}' <<<"$show")
      s1k_orig=$(awk '$1 == "sched_per_1k_orig" {print $2}' <<<"$show")
    fi
    if [ "$block" -gt "$keep_csv" ]; then
      rm -f "$csv"
    elif command -v xz >/dev/null; then
      xz -1 -T0 -f "$csv"
    else
      gzip -1 -f "$csv"
    fi
  fi
  local nv=- niv=-
  [ -s "$ru" ] && read -r nv niv <"$ru"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$block" "$load" "$place" "$rc" \
    "${tok_s:--}" "$launches" "$events" "$per_launch" "${s1k:--}" "${s1k_orig:--}" "$dropped" "$nv" "$niv" \
    "$cons_ms" "$run_id" | tee -a "$out/runs.tsv"
}

placements=(same other none)
start=$SECONDS
for block in $(seq "$blocks"); do
  if [ $((SECONDS - start)) -ge "$budget_s" ]; then
    echo "observer_effect: budget of ${budget_s} s spent, stopping after $((block - 1)) blocks" >&2
    break
  fi
  for load in quiet stress; do
    if [ "$load" = stress ]; then
      stress-ng --cpu 0 --cpu-method fft >"$work/logs/stress_b$block.log" 2>&1 &
      stress_pid=$!
      sleep 1
      kill -0 "$stress_pid" 2>/dev/null || die "stress-ng did not start: $(tail -3 "$work/logs/stress_b$block.log")"
    fi
    for k in 0 1 2; do  # the placement order rotates from block to block
      one_run "$load" "${placements[$(((k + block) % 3))]}" "$block"
    done
    stop_stress
  done
done

summary() {
  awk -F'\t' '
    function fmt(x, d) { return x == "" ? "-" : sprintf("%." d "f", x) }
    NR == 1 { next }
    {
      key = $2 "\t" $3
      if (!(key in n)) order[++k] = key
      n[key]++
      if ($4 != 0) bad[key]++
      if ($5 != "-") { tps[key] += $5; ntps[key]++ }
      if ($10 != "-") {
        so[key] += $10; nso[key]++
        if (!(key in lo) || $10 < lo[key]) lo[key] = $10
        if (!(key in hi) || $10 > hi[key]) hi[key] = $10
      }
      if ($8 != "-") { epl[key] += $8; nepl[key]++ }
      if ($13 != "-") { niv[key] += $13; nniv[key]++ }
      if ($11 != "-") drop[key] += $11
    }
    END {
      printf "%-7s %-8s %4s %9s %12s %21s %10s %9s %8s\n", "load", "consumer", "runs", "tok/s", \
        "Sched/1K", "Sched/1K range", "events/", "nivcsw", "dropped"
      printf "%-7s %-8s %4s %9s %12s %21s %10s %9s %8s\n", "", "", "", "mean", "orig, mean", \
        "orig, min..max", "launch", "mean", "events"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, p, "\t")
        range = key in lo ? sprintf("%.1f..%.1f", lo[key], hi[key]) : "-"
        printf "%-7s %-8s %4d %9s %12s %21s %10s %9s %8s%s\n", p[1], p[2], n[key],
          ntps[key] ? fmt(tps[key] / ntps[key], 1) : "-", nso[key] ? fmt(so[key] / nso[key], 1) : "-",
          range, nepl[key] ? fmt(epl[key] / nepl[key], 3) : "-", nniv[key] ? fmt(niv[key] / nniv[key], 0) : "-",
          p[2] == "none" ? "-" : drop[key] + 0, bad[key] ? sprintf("  (%d failed)", bad[key]) : ""
      }
    }' "$out/runs.tsv"
  echo
  echo "consumer: same = the original's consumer pinned to the workload's CPU ($cpu); other = to CPU $other;"
  echo "none = no original tracer. Sched/1K orig = the original's convention (switch-outs and -ins of the"
  echo "main thread per 1,000 launches, cudabench import-csv's sched_per_1k_orig); events/launch = the"
  echo "CSV's schedSwitch rows / cuLaunchKernel rows; nivcsw = the workload's involuntary switches (rusage)."
}
summary | tee "$out/summary.txt"
