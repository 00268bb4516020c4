# Sourced by the GPU-machine scripts: unpacks .carry/tools.tar.xz (Debian's stress-ng, fio and
# iperf3 with the shared libraries that machine lacks) and puts wrappers for them first on PATH.
tar -C /tmp -xJf .carry/tools.tar.xz || exit 1
mkdir -p /tmp/tools/wrap
for tool in stress-ng fio iperf3; do
  printf '#!/bin/sh\nLD_LIBRARY_PATH=/tmp/tools/lib exec /tmp/tools/bin/%s.real "$@"\n' "$tool" >/tmp/tools/wrap/$tool
  chmod +x /tmp/tools/wrap/$tool
done
export PATH=/tmp/tools/wrap:$PATH
