// Progress on stderr while a session runs, in the manner of hyperfine: the run in flight with its
// block, scenario, elapsed time and ETA, then one summary line per finished run. --json writes one
// JSON object per line instead (machine-readable); --quiet writes nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cudabench::harness {

struct RunStart {
  int index = 0, total = 0;    // 1-based position in the session
  int block = -1, blocks = 0;  // block -1: warm-up
  std::string scenario;
  bool traced = false;
};

struct RunEnd {
  RunStart start;
  int64_t run_id = 0;
  std::string status;  // ok, invalid, failed, aborted
  std::string reason;
  std::optional<double> figure;
  std::string figure_name, unit;
  double wall_s = 0;
};

// run --target-ci, after each block: each compared change's CI half-width and the blocks it still
// needs; `stop` says why the session stops adding blocks (empty while it goes on).
struct PrecisionStatus {
  struct Item {
    std::string label;  // "noisy_cpu vs baseline"
    double half_width_pct = 0;
    int blocks_to_go = -1;  // 0: reached; -1: not yet estimable
  };
  int blocks = 0;
  double target_pct = 0;
  std::vector<Item> items;
  std::string stop;
};

class Progress {
 public:
  enum class Mode { text, json, quiet };
  explicit Progress(Mode mode);

  void session_start(int64_t session, uint64_t seed, int scenarios, int blocks, int total,
                     const std::string& trace_mode, const std::string& db);
  void run_start(const RunStart& run);
  void run_end(const RunEnd& run);
  void session_end(int ok, int invalid, int failed, int aborted);
  void precision(const PrecisionStatus& status);

 private:
  std::string clock(double seconds) const;
  Mode mode_;
  bool tty_;
  std::chrono::steady_clock::time_point session_start_;
  int finished_ = 0;
};

// JSON string literal with escapes.
std::string json_quote(const std::string& text);

}  // namespace cudabench::harness
