// A test child held before exec (as the harness holds the workload), so the tracer can begin()
// before the program runs its first instruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace cudabench::testing {

class HeldChild {
 public:
  // Forks; the child blocks on a pipe, then sets `cpu` affinity (when >= 0) and execs argv.
  explicit HeldChild(const std::vector<std::string>& argv, int cpu = -1);
  ~HeldChild();
  pid_t pid() const { return pid_; }
  void release();
  int wait();  // exit status, -1 if it did not exit normally

 private:
  pid_t pid_ = -1;
  int gate_ = -1;
};

// A busy-looping process named "cb-hog" pinned to `cpu`, killed when destroyed.
class CpuHog {
 public:
  explicit CpuHog(int cpu);
  ~CpuHog();

 private:
  pid_t pid_ = -1;
};

bool can_trace(std::string& why);  // root and BTF; `why` says what is missing

}  // namespace cudabench::testing
