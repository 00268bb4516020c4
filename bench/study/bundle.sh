# Sourced by the GPU-machine scripts: unpacks the portable bundle that ci/bundle built here and the
# device tool carried (`ci/bundle --out .carry`, then carry .carry/cudabench-bundle.tar.xz) into
# /tmp, and sets $cudabench to its cudabench, which finds the bundle's qwen3, stress-ng, iperf3 and
# fio by itself. Nothing on that machine needs installing.
tar -C /tmp -xJf .carry/cudabench-bundle.tar.xz || exit 1
bundle=/tmp/cudabench-bundle
cudabench=$bundle/bin/cudabench
export PATH=$bundle/bin:$PATH
