#!/usr/bin/env bash
# Builds the original study's tracer (eunomia-bpf/gpu_ext, tools/cuda_sched_trace) from a mirror of
# that repository, for the observer-effect test (bench/study/observer/README.md). None of its code is
# kept in this repository: the four files are exported from the mirror into a temporary directory,
# built there, and only the binary is written out.
#
# Usage: bench/study/observer/build_original_tracer.sh [MIRROR [OUT_DIR]]
#   MIRROR   a git directory (bare or not) of eunomia-bpf/gpu_ext
#            (default /work/.mirror/eunomia-bpf+gpu_ext/repo); REV=<commit> picks another revision
#            than HEAD
#   OUT_DIR  where cuda_sched_trace and cuda_sched_trace.build.txt go (default .carry, from the
#            repository root; .carry is git-ignored and is what the device tool carries)
#
# The user program is linked against Debian's libbpf, libelf and zlib statically (glibc stays
# dynamic), so it runs on a machine with kernel BTF and glibc >= this machine's, without libbpf.
# vmlinux.h comes from this machine's /sys/kernel/btf/vmlinux; the BPF programs are CO-RE, so the
# object relocates against the target kernel's BTF at load time.
# The original takes libcuda's path as its first argument and libcudart's as its second (else it
# tries /usr/local/cuda/lib64, /usr/lib/x86_64-linux-gnu, /usr/lib64); on the H200 machine pass
# /usr/local/nvidia/lib64/libcuda.so.1.
# Exit 0 built, 1 a missing tool or a failed build, 2 bad usage.
set -euo pipefail

die() { echo "build_original_tracer: $*" >&2; exit 1; }
case ${1:-} in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ $# -le 2 ] || { echo "usage: $0 [MIRROR [OUT_DIR]]" >&2; exit 2; }

repo_root=$(cd "$(dirname "$0")/../../.." && pwd)
mirror=${1:-/work/.mirror/eunomia-bpf+gpu_ext/repo}
out=${2:-$repo_root/.carry}
rev=${REV:-HEAD}
files=(tools/cuda_sched_trace.bpf.c tools/cuda_sched_trace.c tools/cuda_launch_trace_event.h tools/Makefile)

# Tools: install the Debian packages that are missing (only what is missing, only as root).
need_pkgs=()
for p in clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing packages ${need_pkgs[*]}: install them (apt-get install ${need_pkgs[*]})"
  echo "build_original_tracer: installing ${need_pkgs[*]}" >&2
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null \
    || die "apt-get install ${need_pkgs[*]} failed"
fi
bpftool=$(command -v bpftool || true)
[ -n "$bpftool" ] || { [ -x /usr/sbin/bpftool ] && bpftool=/usr/sbin/bpftool; } || die "bpftool not found"
command -v clang >/dev/null || die "clang not found"
cc=${CC:-cc}
command -v "$cc" >/dev/null || die "no C compiler ($cc)"
[ -r /sys/kernel/btf/vmlinux ] || die "/sys/kernel/btf/vmlinux is missing: this kernel has no BTF, cannot make vmlinux.h"
libdir=$(dirname "$($cc -print-file-name=libbpf.a)")
for a in libbpf.a libelf.a libz.a; do
  [ -f "$libdir/$a" ] || die "$a not found (looked in '$libdir'): install libbpf-dev libelf-dev zlib1g-dev"
done

git -C "$mirror" rev-parse --git-dir >/dev/null 2>&1 || die "$mirror is not a git directory (a mirror of eunomia-bpf/gpu_ext)"
commit=$(git -C "$mirror" rev-parse --verify "$rev^{commit}") || die "no revision $rev in $mirror"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cuda_sched_trace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in "${files[@]}"; do
  git -C "$mirror" show "$commit:$f" >"$tmp/$(basename "$f")" || die "$f is not in $mirror at $commit"
done
cd "$tmp"
arch=$(uname -m | sed 's/x86_64/x86/; s/aarch64/arm64/')

# Patches, on the exported copy only (listed in the build record):
# - libbpf 1.1.2's bpf_tracing.h has PT_REGS_PARM1..5; PT_REGS_PARM6 (the sixth argument register,
#   %r9 on x86-64, which cuLaunchKernel's blockDimY arrives in) came with libbpf 1.2. Define it the
#   way libbpf 1.2 does for x86 when the headers lack it. It only feeds the CSV's block_y column.
patches="none"
if ! grep -q 'PT_REGS_PARM6' /usr/include/bpf/bpf_tracing.h 2>/dev/null; then
  [ "$arch" = x86 ] || die "this libbpf lacks PT_REGS_PARM6 and the fallback is x86-only"
  sed -i 's|^#include <bpf/bpf_core_read.h>$|&\n#ifndef PT_REGS_PARM6\n#define PT_REGS_PARM6(x) (__PT_REGS_CAST(x)->r9) /* libbpf < 1.2, x86-64 */\n#endif|' \
    cuda_sched_trace.bpf.c
  grep -q 'define PT_REGS_PARM6' cuda_sched_trace.bpf.c || die "the PT_REGS_PARM6 patch did not apply"
  patches="PT_REGS_PARM6 defined as (__PT_REGS_CAST(x)->r9) after the includes of cuda_sched_trace.bpf.c (libbpf 1.1.2 lacks it)"
fi

"$bpftool" btf dump file /sys/kernel/btf/vmlinux format c >vmlinux.h || die "bpftool btf dump failed"
# Clang's own system include dirs, as the original Makefile adds them (CLANG_BPF_SYS_INCLUDES).
mapfile -t sys_inc < <(clang -v -E - </dev/null 2>&1 |
  sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter\n\1|p }')
clang -g -O2 -target bpf -D__TARGET_ARCH_"$arch" -I. "${sys_inc[@]}" \
  -c cuda_sched_trace.bpf.c -o cuda_sched_trace.tmp.bpf.o || die "clang failed on cuda_sched_trace.bpf.c"
"$bpftool" gen object cuda_sched_trace.bpf.o cuda_sched_trace.tmp.bpf.o || die "bpftool gen object failed"
"$bpftool" gen skeleton cuda_sched_trace.bpf.o >cuda_sched_trace.skel.h || die "bpftool gen skeleton failed"
$cc -g -O2 -Wall -I. -c cuda_sched_trace.c -o cuda_sched_trace.o || die "compiling cuda_sched_trace.c failed"
$cc -g cuda_sched_trace.o -o cuda_sched_trace \
  "$libdir/libbpf.a" "$libdir/libelf.a" "$libdir/libz.a" || die "linking failed"

# Check: nothing but glibc is loaded at run time, and the binary starts.
if ldd ./cuda_sched_trace | grep -E 'lib(bpf|elf|z|zstd)\.so' >&2; then
  die "the binary still needs a shared libbpf/libelf/zlib (above)"
fi
mkdir -p "$out"
install -m 0755 cuda_sched_trace "$out/cuda_sched_trace"
glibc_need=$(objdump -T cuda_sched_trace | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)
{
  echo "cuda_sched_trace: eunomia-bpf/gpu_ext $commit (tools/cuda_sched_trace.{bpf.c,c}, cuda_launch_trace_event.h)"
  echo "built: $(date -u +%FT%TZ) on $(uname -r), $(clang --version | head -1), bpftool $("$bpftool" version | head -1 | awk '{print $2}')"
  echo "libbpf (static): $(dpkg-query -W -f='${Version}' libbpf-dev), libelf $(dpkg-query -W -f='${Version}' libelf-dev), zlib $(dpkg-query -W -f='${Version}' zlib1g-dev)"
  echo "needs: $glibc_need or newer, kernel BTF; shared libraries: $(ldd cuda_sched_trace | awk '{print $1}' | tr '\n' ' ')"
  echo "patches: $patches"
  echo "sha256: $(sha256sum cuda_sched_trace | awk '{print $1}')"
} | tee "$out/cuda_sched_trace.build.txt"
echo "build_original_tracer: wrote $out/cuda_sched_trace"
