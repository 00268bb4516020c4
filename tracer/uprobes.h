// The CUDA uprobes: which symbol of which file goes to which BPF program. They are attached for a
// traced window only and detached at its end: a uprobe traps (~1 us) in every process that maps the
// file, filtered or not, so an untraced run in the same session must not carry them. Attached
// system-wide (pid -1), so children the traced process forks and execs are covered; the in-kernel
// tgid filter decides what is recorded. Symbol offsets are resolved once per file and cached, which
// makes re-attaching cheap. Internal to tracer/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

struct bpf_link;
struct tracer_bpf;

namespace cudabench::tracer {

class Uprobes {
 public:
  explicit Uprobes(tracer_bpf* skel) : skel_(skel) {}
  // The driver API: launches and syncs. Returns how many launch entry points were found.
  int attach_libcuda(const std::string& path, std::vector<std::string>& warnings);
  // The runtime API and phase markers in an executable (static cudart) or in libcudart.so. With
  // `launches` false only cudaDeviceSynchronize and the marker are attached.
  void attach_runtime(const std::string& path, bool launches);
  // Only our workloads' phase marker (the sched-level trace: no CUDA probes).
  void attach_markers(const std::string& path);
  // "lib:symbol" of a scenario; false (with a warning) when it cannot be attached.
  bool attach_extra(const std::string& spec, const std::string& executable,
                    std::vector<std::string>& warnings);
  void detach_all() { links_.clear(); }

 private:
  struct LinkDeleter {
    void operator()(bpf_link* link) const;
  };
  // 0 on success (or already attached), else a negative errno.
  int attach(const char* program, const std::string& path, const std::string& symbol, unsigned cookie,
             bool retprobe);

  tracer_bpf* skel_;
  std::map<std::string, std::unique_ptr<bpf_link, LinkDeleter>> links_;  // "path|symbol|ret"
  std::map<std::string, std::map<std::string, uint64_t>> offsets_;       // path -> symbol -> file offset
};

}  // namespace cudabench::tracer
