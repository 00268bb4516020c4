// A child's stdout or stderr, kept bounded. The child writes into a FIFO that a thread of ours
// drains as it goes, keeping the last `tail_bytes` and the last line that starts with `marker`
// (a workload's CUDABENCH_RESULT line may be followed by more output). So 1 GiB of output costs
// neither memory nor disk; only what is kept is ever held.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace cudabench::harness {

class OutputTail {
 public:
  static constexpr std::size_t default_tail_bytes = 4 << 20;
  static constexpr std::size_t max_marked_line = 1 << 16;

  // Creates the FIFO at `fifo_path` (which must not exist; a private run directory) and starts
  // draining it. Give fifo_path as the child's stdout_path/stderr_path. Throws RunError.
  OutputTail(std::string fifo_path, std::string marker = {}, std::size_t tail_bytes = default_tail_bytes);
  OutputTail(const OutputTail&) = delete;
  OutputTail& operator=(const OutputTail&) = delete;
  ~OutputTail();

  const std::string& path() const { return path_; }
  // Call once the child has ended: reads what is still in the pipe (not waiting for processes it
  // left behind that still hold it), stops the thread, and returns the last marked line (if it
  // is not in the tail) followed by the tail, starting at a line boundary when cut.
  std::string finish();
  std::size_t total_bytes() const { return total_; }

 private:
  void drain();
  void keep(const char* data, std::size_t n);

  std::string path_, marker_;
  std::size_t limit_;
  int fd_ = -1;
  int wake_[2] = {-1, -1};  // finish() writes here to wake the thread
  std::atomic<bool> finishing_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::string tail_, line_, marked_;  // line_: the current line while it may still be marked
  bool cut_ = false, at_line_start_ = true;
  std::atomic<std::size_t> total_{0};
};

}  // namespace cudabench::harness
