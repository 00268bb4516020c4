#include "tracer/uprobes.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/log.h"
#include "events.h"
#include "tracer/libs.h"
#include "tracer_bpf.skel.h"

namespace cudabench::tracer {
namespace {

struct ProbeSpec {
  const char* symbol;
  const char* program;
  unsigned cookie;  // LaunchApi or SyncApi
  bool sync;        // entry and return probe
};

// Driver API symbols, checked against `nm -D libcuda.so.1` (driver 580).
constexpr ProbeSpec libcuda_probes[] = {
    {"cuLaunchKernel", "launch_kernel", CB_cuLaunchKernel, false},
    {"cuLaunchKernel_ptsz", "launch_kernel", CB_cuLaunchKernel_ptsz, false},
    {"cuLaunchCooperativeKernel", "launch_kernel", CB_cuLaunchCooperativeKernel, false},
    {"cuLaunchKernelEx", "launch_kernel_ex", CB_cuLaunchKernelEx, false},
    {"cuLaunchKernelEx_ptsz", "launch_kernel_ex", CB_cuLaunchKernelEx_ptsz, false},
    {"cuGraphLaunch", "launch_graph", CB_cuGraphLaunch, false},
    {"cuGraphLaunch_ptsz", "launch_graph", CB_cuGraphLaunch_ptsz, false},
    {"cuCtxSynchronize", nullptr, 1, true},
    {"cuStreamSynchronize", nullptr, 2, true},
    {"cuEventSynchronize", nullptr, 3, true},
};

// Runtime API (static cudart in the executable, or libcudart.so) and our workloads' marker.
constexpr ProbeSpec runtime_probes[] = {
    {"cudaLaunchKernel", "launch_runtime", CB_cudaLaunchKernel, false},
    {"cudaLaunchKernel_ptsz", "launch_runtime", CB_cudaLaunchKernel, false},
    // cudaLaunchKernelEx: cudaLaunchConfig_t begins with grid, block, size_t smem, stream, which
    // reads as struct cb_launch (little-endian low half of smem).
    {"cudaLaunchKernelExC", "launch_kernel_ex", CB_cudaLaunchKernel, false},
    {"cudaLaunchKernelExC_ptsz", "launch_kernel_ex", CB_cudaLaunchKernel, false},
    {"cudaDeviceSynchronize", nullptr, 0, true},
    {"cudabench_phase_marker", "phase_marker", 0, false},
};

bpf_program* find_program(tracer_bpf* skel, const char* name) {
  return bpf_object__find_program_by_name(skel->obj, name);
}

}  // namespace

void Uprobes::LinkDeleter::operator()(bpf_link* link) const {
  bpf_link__destroy(link);
}

int Uprobes::attach(const char* program, const std::string& path, const std::string& symbol, unsigned cookie,
                    bool retprobe) {
  std::string key = path + "|" + symbol + (retprobe ? "|ret" : "");
  if (links_.count(key)) return 0;
  auto cached = offsets_.find(path);
  if (cached == offsets_.end() || !cached->second.count(symbol)) {
    // One pass over the file's symbols for everything we might attach there.
    std::vector<std::string> names = {symbol};
    for (const auto& p : libcuda_probes) names.emplace_back(p.symbol);
    for (const auto& p : runtime_probes) names.emplace_back(p.symbol);
    auto found = function_offsets(path, names);
    if (cached != offsets_.end()) found.insert(cached->second.begin(), cached->second.end());
    cached = offsets_.insert_or_assign(path, std::move(found)).first;
  }
  auto offset = cached->second.find(symbol);
  if (offset == cached->second.end()) return -ENOENT;
  LIBBPF_OPTS(bpf_uprobe_opts, opts, .bpf_cookie = cookie, .retprobe = retprobe);
  bpf_link* link =
      bpf_program__attach_uprobe_opts(find_program(skel_, program), -1, path.c_str(), offset->second, &opts);
  if (!link) return -errno;
  links_.emplace(key, link);
  return 0;
}

int Uprobes::attach_libcuda(const std::string& path, std::vector<std::string>& warnings) {
  int launches = 0;
  for (const auto& p : libcuda_probes) {
    int err = p.sync ? attach("sync_enter", path, p.symbol, p.cookie, false)
                     : attach(p.program, path, p.symbol, p.cookie, false);
    if (!err && p.sync) err = attach("sync_exit", path, p.symbol, p.cookie, true);
    if (err == 0)
      launches += !p.sync;
    else
      log::debug("tracer: {} not attached in {}: {}", p.symbol, path, strerror(-err));
  }
  if (launches == 0)
    warnings.push_back(
        fmt::format("{} exports none of the CUDA launch functions (cuLaunchKernel, ...): "
                    "CUDA launches are not traced; pass the real libcuda with --cuda-lib",
                    path));
  return launches;
}

void Uprobes::attach_runtime(const std::string& path, bool launches) {
  for (const auto& p : runtime_probes) {
    if (!launches && p.program && std::string_view(p.program).rfind("launch", 0) == 0) continue;
    int err = p.sync ? attach("sync_enter", path, p.symbol, p.cookie, false)
                     : attach(p.program, path, p.symbol, p.cookie, false);
    if (!err && p.sync) err = attach("sync_exit", path, p.symbol, p.cookie, true);
    // Most programs have neither static cudart nor markers: absence is normal here.
    if (err) log::debug("tracer: {} not attached in {}: {}", p.symbol, path, strerror(-err));
  }
}

void Uprobes::attach_markers(const std::string& path) {
  if (int err = attach("phase_marker", path, "cudabench_phase_marker", 0, false))
    log::debug("tracer: cudabench_phase_marker not attached in {}: {}", path, strerror(-err));
}

bool Uprobes::attach_extra(const std::string& spec, const std::string& executable,
                           std::vector<std::string>& warnings) {
  size_t colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) {
    warnings.push_back(fmt::format("extra probe '{}' is not lib:symbol: ignored", spec));
    return false;
  }
  std::string lib = spec.substr(0, colon), symbol = spec.substr(colon + 1);
  std::string path = find_library(lib, executable);
  if (path.empty()) {
    warnings.push_back(fmt::format("extra probe {}: library {} not found: not traced", spec, lib));
    return false;
  }
  if (int err = attach("launch_extra", path, symbol, CB_extra, false)) {
    warnings.push_back(
        fmt::format("extra probe {}: cannot attach to {} in {}: {}", spec, symbol, path, strerror(-err)));
    return false;
  }
  return true;
}

}  // namespace cudabench::tracer
