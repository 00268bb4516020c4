// Progress on stderr while a session runs, in the manner of hyperfine.
//   text on a terminal: one live status line (run index, block, scenario, run type, the run's own
//     time, elapsed, ETA, and an optional extra field), redrawn about once a second by a ticker
//     thread and cut to the terminal's width; log messages appear above it (log::StatusLine); one
//     line per finished run scrolls above it too.
//   text elsewhere (a pipe, a CI log): one line per finished run, nothing else.
//   json: one JSON object per line; quiet: nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"

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

struct SessionStart {
  int64_t session = 0;
  uint64_t seed = 0;
  std::vector<std::string> scenarios;  // names, for column widths
  int blocks = 0, total = 0;
  std::string trace_mode, db;
  std::vector<std::string> changes;  // what the session changes on the machine (machine_plan.h)
  std::string busy;                  // busy_machine_warning(), or empty
};

class Progress final : public log::StatusLine {
 public:
  enum class Mode { text, json, quiet };
  explicit Progress(Mode mode);
  ~Progress() override;  // stops the ticker and clears the status line

  void session_start(const SessionStart& s);
  void run_start(const RunStart& run);
  void run_end(const RunEnd& run);
  void session_end(int ok, int invalid, int failed, int aborted);
  void precision(const PrecisionStatus& status);
  // An extra field at the end of the status line, e.g. the current CI half-widths when a session has
  // a precision target; empty removes it.
  void set_extra(std::string text);

  // log::StatusLine: a log message is about to be written / has been written.
  void hide() override;
  void show() override;

 private:
  std::string status_text(size_t fit) const;  // at most `fit` columns; with mutex_ held
  void draw();                                // with mutex_ held
  void clear();                               // with mutex_ held
  void tick();
  std::string run_line(const RunEnd& r) const;

  Mode mode_;
  bool live_;    // text on a terminal: a status line and a ticker
  bool colour_;  // ANSI colour for the status words (NO_COLOR unset or empty)
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
  bool stopping_ = false, hidden_ = false, drawn_ = false;
  std::optional<RunStart> current_;
  std::chrono::steady_clock::time_point session_start_, run_start_;
  int finished_ = 0;
  size_t name_width_ = 16;
  std::string extra_;
};

// "1:05", "1:02:03".
std::string clock_text(double seconds);

}  // namespace cudabench::harness
