#!/usr/bin/env bash
# ci/bundle end to end, in ctest fixtures sharing one bundle under OUT:
#   build    ci/bundle from this build (with qwen3 when the build has it, else --no-qwen3)
#   tools    every wrapper starts from a clean environment (env -i), and the tools load their
#            libraries from the bundle only
#   session  a tiny CPU-only session from the bundle (a command workload beside a stress-ng
#            interferer) that checks it sees the bundle's stress-ng and no library path
#   entry    run-study starts ci/study from the bundle (here, without a GPU, it says so and exits 1)
#   qwen3    the bundled workload needs only glibc and starts (exit 77, SKIP, without nvcc)
# Usage: bundle_test.sh STEP SOURCE_DIR BUILD_DIR OUT
set -uo pipefail
step=$1 src=$2 build=$3 out=$4
bundle=$out/cudabench-bundle

fail() { echo "FAIL: $*"; exit 1; }

case $step in
  build)
    rm -rf "$out"
    flags=()
    [ -x "$build/workloads/qwen3/qwen3" ] || flags=(--no-qwen3)
    "$src/ci/bundle" --from-build "$build" --out "$out" "${flags[@]}" || fail "ci/bundle exited $?"
    [ -s "$out/cudabench-bundle.tar.xz" ] || fail "no tarball"
    listing=$(tar -tJf "$out/cudabench-bundle.tar.xz") || fail "the tarball does not list"
    grep -qx 'cudabench-bundle/run-study' <<<"$listing" || fail "run-study not in the tarball"
    cat "$bundle/MANIFEST"
    ;;
  tools)
    for tool in stress-ng iperf3 fio cudabench; do
      version=$(env -i "$bundle/bin/$tool" --version 2>&1) || fail "bin/$tool --version: $version"
      echo "$tool: $(echo "$version" | head -1)"
      case $tool in cudabench) ;; *)
        # Every library resolves inside tools/lib or is glibc's, whatever this machine has installed.
        outside=$(env -i LD_LIBRARY_PATH="$bundle/tools/lib" ldd "$bundle/tools/bin/$tool" |
          awk '/=>/ && $3 !~ "^'"$bundle"'/tools/lib/" && $1 !~ /^(libc|libm|libpthread|libdl|librt|libresolv)\.so/')
        [ -z "$outside" ] || fail "$tool loads libraries from outside the bundle: $outside"
      esac
    done
    readelf -d "$bundle/build/cudabench" | grep NEEDED | grep -Ev '\[(libc|libm|libpthread|libdl|librt)\.so|\[ld-linux' &&
      fail "cudabench needs a library other than glibc's"
    echo "4 passed, 0 failed"
    ;;
  session)
    [ "$(id -u)" -eq 0 ] || { echo "SKIP: a session needs root (the lock in /run/cudabench)"; exit 77; }
    work=$(mktemp -d /tmp/cudabench-bundle-test.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    cat >"$work/probe.sh" <<PROBE
#!/bin/sh
# Fails the run unless the bundle's stress-ng comes first on PATH and no library path leaked here.
[ "\$(command -v stress-ng)" = "$bundle/bin/stress-ng" ] || { echo "stress-ng is \$(command -v stress-ng)" >&2; exit 1; }
[ -z "\${LD_LIBRARY_PATH:-}" ] || { echo "LD_LIBRARY_PATH=\$LD_LIBRARY_PATH" >&2; exit 1; }
echo 'CUDABENCH_RESULT {"tokens_per_s": 50.0, "tokens": 48}'
PROBE
    chmod +x "$work/probe.sh"
    cat >"$work/tiny.toml" <<TOML
[scenario]
name = "tiny"
description = "bundle test: a command workload beside one stress-ng worker"
[workload]
kind = "command"
command = ["$work/probe.sh"]
[[interferer]]
kind = "stress-ng"
workers = 1
method = "fft"
settle_s = 0.2
[run]
runs = 2
warmup = 0
timeout_s = 30
TOML
    env -i "$bundle/bin/cudabench" run "$work/tiny.toml" --trace=off --db "$work/t.db" --quiet ||
      fail "the session from the bundle failed: $(env -i "$bundle/bin/cudabench" list --db "$work/t.db" --runs)"
    env -i "$bundle/bin/cudabench" show --db "$work/t.db" 1 | grep -q 'stress-ng' || fail "no stress-ng in the fingerprint"
    echo "1 passed, 0 failed"
    ;;
  entry)
    [ -e /dev/nvidiactl ] && { echo "SKIP: this machine has a GPU: run-study would start the whole study"; exit 77; }
    message=$(env -i "$bundle/run-study" /tmp/cudabench-bundle-entry.db 2>&1)
    status=$?
    [ "$status" -eq 1 ] || fail "run-study without a GPU exited $status: $message"
    echo "$message" | grep -q 'no NVIDIA GPU found' || fail "run-study said: $message"
    env -i "$bundle/run-study" >/dev/null 2>&1
    [ $? -eq 2 ] || fail "run-study without DB should exit 2"
    echo "2 passed, 0 failed"
    ;;
  qwen3)
    qwen3=$bundle/build/workloads/qwen3/qwen3
    [ -x "$qwen3" ] || { echo "SKIP: no nvcc at build time: the bundle was built without qwen3 (--no-qwen3)"; exit 77; }
    readelf -d "$qwen3" | grep NEEDED | grep -Ev '\[(libc|libm|libpthread|libdl|librt)\.so|\[ld-linux' &&
      fail "qwen3 needs a library other than glibc's"
    message=$(env -i "$qwen3" -n 1 2>&1)
    status=$?
    if [ -e /dev/nvidiactl ]; then
      [ "$status" -eq 0 ] || fail "qwen3 on this GPU exited $status: $message"
    else
      [ "$status" -eq 1 ] && echo "$message" | grep -q 'no CUDA GPU available' ||
        fail "qwen3 without a GPU exited $status: $message"
    fi
    echo "1 passed, 0 failed"
    ;;
  *) echo "unknown step $step"; exit 2 ;;
esac
