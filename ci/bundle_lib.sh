# The steps of ci/bundle, sourced by it.

fail() {
  echo "ci/bundle: $*" >&2
  exit 1
}

# glibc's own libraries: every Linux machine the bundle runs on has them (newer ones are compatible),
# and a second copy of the loader's libc cannot be mixed with the host's.
glibc_sonames=" ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libmvec.so.1 libpthread.so.0 libdl.so.2 librt.so.1
  libresolv.so.2 libutil.so.1 libanl.so.1 libnsl.so.1 libBrokenLocale.so.1 libc_malloc_debug.so.0
  libthread_db.so.1 linux-vdso.so.1 "
is_glibc() {
  case $glibc_sonames in *" $1 "*) return 0 ;; esac
  case $1 in libnss_*) return 0 ;; esac
  return 1
}

# Debug info off, symbols kept: the tracer resolves cudaLaunchKernel and the phase marker by name.
copy_program() {
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  strip --strip-debug "$2"
  local lib
  for lib in $(needed_libs "$2"); do
    is_glibc "$lib" || fail "$1 needs $lib, which is not glibc's: link it statically (CUDABENCH_STATIC_DEPS)"
  done
}

needed_libs() {
  readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

# "soname path" of every library the program loads, as the loader resolves them (with the given
# library path first).
resolved_libs() {
  env -i LD_LIBRARY_PATH="${2:-}" ldd "$1" | awk '/=>/ { print $1, $3 }'
}

declare -A lib_source  # soname -> the path it was copied from, for the manifest
bundle_tool() {
  local tool=$1 root=$2 exe soname path
  exe=$(command -v "$tool") || fail "$tool is not installed here: run ci/setup"
  cp "$exe" "$root/tools/bin/$tool"
  while read -r soname path; do
    [ "$path" = "not" ] && fail "$tool: $soname is not found on this machine"
    is_glibc "$soname" && continue
    cp -L "$path" "$root/tools/lib/$soname"
    lib_source[$soname]=$path
  done < <(resolved_libs "$exe")
  write_tool_wrapper "$root/bin/$tool" "$tool"
}

# The wrapper execs the real program, so the process keeps its name (cudabench and the tracer see
# "stress-ng", not "sh") and its pid.
write_tool_wrapper() {
  cat >"$1" <<EOF
#!/bin/sh
# Debian's $2 with the shared libraries it was built against; the library path is set for it alone.
here=\$(dirname "\$(readlink -f "\$0")")
LD_LIBRARY_PATH="\$here/../tools/lib" exec "\$here/../tools/bin/$2" "\$@"
EOF
  chmod 755 "$1"
}

write_cudabench_wrapper() {
  cat >"$1" <<'EOF'
#!/bin/sh
# cudabench with this bundle's stress-ng, iperf3 and fio first on PATH (it resolves interferers
# through PATH) and its qwen3 beside it. No library path: cudabench links only glibc dynamically.
here=$(dirname "$(readlink -f "$0")")
PATH="$here:${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}" exec "$here/../build/cudabench" "$@"
EOF
  chmod 755 "$1"
}

write_run_study() {
  cat >"$1" <<'EOF'
#!/bin/sh
# The study (ci/study) from this bundle: its cudabench, qwen3 and interferers; nothing installed.
# Usage: run-study DB [extra `cudabench run` options...]
here=$(dirname "$(readlink -f "$0")")
if [ $# -lt 1 ]; then
  echo "usage: run-study DB [cudabench run options...]" >&2
  exit 2
fi
case $1 in /*) db=$1 ;; *) db=$PWD/$1 ;; esac
shift
PATH="$here/bin:${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}" exec "$here/ci/study" "$db" "$@"
EOF
  chmod 755 "$1"
}

# The Debian package that installed a file and its version (dpkg records /usr/lib or /lib paths as
# they were packaged, before /usr was merged).
package_of() {
  local owner="" path
  for path in "$1" "$(readlink -f "$1")" "/usr$1"; do
    owner=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
  done
  [ -n "$owner" ] || { echo "unknown"; return; }
  echo "$owner $(dpkg-query -W -f='${Version}' "$owner" 2>/dev/null)"
}

write_manifest() {
  local root=$1 qwen3=$2 lib tool
  . /etc/os-release
  echo "cudabench-bundle, built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $PRETTY_NAME"
  echo "cudabench: $("$root/build/cudabench" --version)"
  if [ "$qwen3" = yes ]; then echo "qwen3: build/workloads/qwen3/qwen3 (sm_90 + compute_90 PTX, cudart static)"
  else echo "qwen3: not included (built with --no-qwen3): the study cannot run from this bundle"; fi
  for tool in stress-ng iperf3 fio; do echo "$tool: $(package_of "$(command -v "$tool")")"; done
  echo "tools/lib (every library of stress-ng, iperf3 and fio except glibc's):"
  for lib in $(printf '%s\n' "${!lib_source[@]}" | sort); do
    echo "  $lib: $(package_of "${lib_source[$lib]}")"
  done
}

# What makes the bundle portable, checked here: the programs need nothing but glibc, and every
# library a tool loads resolves inside tools/lib (or is glibc's), whatever this machine has installed.
check_bundle() {
  local root=$1 tool soname path lib
  root=$(cd "$root" && pwd -P)
  for tool in stress-ng iperf3 fio; do
    while read -r soname path; do
      [ "$path" = "not" ] && fail "bundle check: $tool needs $soname, which is not in tools/lib"
      is_glibc "$soname" && continue
      case $path in "$root/tools/lib/"*) ;; *) fail "bundle check: $tool loads $soname from $path, outside the bundle" ;; esac
    done < <(resolved_libs "$root/tools/bin/$tool" "$(readlink -f "$root/tools/lib")")
  done
  for tool in cudabench stress-ng iperf3 fio; do
    env -i "$root/bin/$tool" --version >/dev/null 2>&1 || fail "bundle check: bin/$tool --version fails from a clean environment"
  done
}

mib() {
  awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'
}

report_size() {
  local root=$1 tarball=$2 folder_bytes tar_bytes limit=$((64 * 1024 * 1024))
  folder_bytes=$(du -sb "$root" | cut -f1)
  tar_bytes=$(stat -c %s "$tarball")
  echo "ci/bundle: $root: $(mib "$folder_bytes") in $(find "$root" -type f | wc -l) files"
  echo "ci/bundle: $tarball: $(mib "$tar_bytes") (the device tool carries at most 64 MiB)"
  [ "$tar_bytes" -le "$limit" ] || fail "$tarball is larger than 64 MiB"
}
