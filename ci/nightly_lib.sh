# The steps of ci/nightly, sourced by it.

# The qwen3 workload needs an NVIDIA GPU: say so before building anything.
need_gpu_for() {
  grep -qs '^kind *= *"qwen3"' "$@" || return 0
  [ -e /dev/nvidiactl ] && return 0
  echo "ci/nightly: no NVIDIA GPU found (/dev/nvidiactl is missing): the gated scenarios run the qwen3 CUDA workload" >&2
  return 1
}

# Builds the reference revision's qwen3 in a git worktree under WORK and prints its path. Only the
# workload is built there: the harness measuring both sides is tonight's.
build_reference() {
  local rev=$1 work=$2 ref
  ref=${rev:-$(git rev-parse -q --verify nightly-reference || git rev-parse HEAD~1)} || return 1
  echo "ci/nightly: reference $(git rev-parse --short "$ref"), candidate $(git rev-parse --short HEAD)" >&2
  git worktree add --detach "$work/ref" "$ref" >/dev/null || return 1
  cmake -S "$work/ref" -B "$work/ref/build" -DCMAKE_BUILD_TYPE=Release -DCUDABENCH_TEST_MODULES=none \
    >/dev/null || return 1
  cmake --build "$work/ref/build" --target qwen3 -j "$(nproc)" >/dev/null || return 1
  echo "$work/ref/build/workloads/qwen3/qwen3"
}

cleanup_reference() {
  [ -d "$1/ref" ] && git worktree remove --force "$1/ref" >/dev/null 2>&1
  rm -rf "$1"
}

# The first gated scenario once more as "<name>_aa": an A/A pair, from which the gate derives its
# threshold tau = max(2%, 3 x the A/A CI half-width) instead of assuming 2%. Prints its path.
aa_copy() {
  local file=$1 work=$2 name
  name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$file" | head -1)
  if [ -z "$name" ]; then
    echo "ci/nightly: $file: no name = \"...\" line in [scenario]" >&2
    return 1
  fi
  sed "s/^name *= *\"$name\"/name = \"${name}_aa\"/" "$file" >"$work/${name}_aa.toml"
  echo "$work/${name}_aa.toml"
}

# The gate, then the threshold this night could resolve, read from the comparison itself: tau, and
# the widest CI of a gated tok/s change (a slowdown fails only when its whole CI is beyond -tau).
gate() {
  local cudabench=$1 db=$2 work=$3 status
  "$cudabench" report --db "$db" --tag nightly --compare-within ref
  status=$?
  case $status in 0 | 1 | 3) ;; *) return "$status" ;; esac
  "$cudabench" report --db "$db" --tag nightly --compare-within ref --format json -o "$work/gate.json" >/dev/null
  jq -r '
    def r2: (. * 100 | round) / 100;
    ([.changes[] | select(.gated) | .change.change_pct | select(.hi != null and .lo != null)
      | (.hi - .lo) / 2] | max) as $hw
    | "ci/nightly: threshold tau = \(.tau_pct | r2)% (\(.tau_source)); " +
      if $hw == null then "no gated tok/s change could be estimated"
      else "the widest tok/s CI is +-\($hw | r2)%, so this night fails slowdowns beyond about " +
           "\((.tau_pct + $hw) | r2)%; a slowdown between \(.tau_pct | r2)% and that is INCONCLUSIVE"
      end' "$work/gate.json" || return 1
  return "$status"
}
