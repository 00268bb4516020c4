#include "tracer/model/trace_data.h"

#include <algorithm>

namespace cudabench::trace {

const char* launch_api_name(LaunchApi api) {
  static constexpr const char* names[launch_api_count] = {
      "cuLaunchKernel",        "cuLaunchKernel_ptsz",       "cuLaunchKernelEx",
      "cuLaunchKernelEx_ptsz", "cuLaunchCooperativeKernel", "cuGraphLaunch",
      "cuGraphLaunch_ptsz",    "cudaLaunchKernel",          "extra"};
  auto i = static_cast<size_t>(api);
  return i < launch_api_count ? names[i] : "unknown";
}

const char* sync_api_name(SyncApi api) {
  static constexpr const char* names[sync_api_count] = {"cudaDeviceSynchronize", "cuCtxSynchronize",
                                                        "cuStreamSynchronize", "cuEventSynchronize"};
  auto i = static_cast<size_t>(api);
  return i < sync_api_count ? names[i] : "unknown";
}

uint32_t TraceData::intern(const std::string& s) {
  // Linear search is fine: a trace has a few dozen distinct comms and handler names. Callers that
  // intern per event keep their own cache.
  auto it = std::find(strings.begin(), strings.end(), s);
  if (it != strings.end()) return static_cast<uint32_t>(it - strings.begin());
  strings.push_back(s);
  return static_cast<uint32_t>(strings.size() - 1);
}

const ThreadInfo* TraceData::thread(uint32_t tid) const {
  auto it = std::lower_bound(threads.begin(), threads.end(), tid,
                             [](const ThreadInfo& t, uint32_t id) { return t.tid < id; });
  return it != threads.end() && it->tid == tid ? &*it : nullptr;
}

uint64_t kernel_launches(const TraceData& data) {
  uint64_t driver = 0, runtime = 0;
  for (uint8_t api : data.launches.api)
    (api == uint8_t(trace::LaunchApi::cudaLaunchKernel) ? runtime : driver) += 1;
  return std::max(driver, runtime);
}

}  // namespace cudabench::trace
