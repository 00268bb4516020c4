#include "harness/run/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include <nlohmann/json.hpp>

namespace cudabench::harness {
namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string block_label(const RunStart& r) {
  return r.block < 0 ? std::string("warm-up") : fmt::format("block {}/{}", r.block + 1, r.blocks);
}

}  // namespace

// One JSON object per line on stderr; keys in the order written.
void json_line(const nlohmann::ordered_json& event) {
  fmt::print(stderr, "{}\n", event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

Progress::Progress(Mode mode) : mode_(mode), tty_(isatty(STDERR_FILENO) == 1) {}

std::string Progress::clock(double seconds) const {
  auto s = static_cast<long>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

void Progress::session_start(int64_t session, uint64_t seed, int scenarios, int blocks, int total,
                             const std::string& trace_mode, const std::string& db) {
  session_start_ = std::chrono::steady_clock::now();
  if (mode_ == Mode::json) {
    json_line({{"event", "session_start"},
               {"session", session},
               {"seed", seed},
               {"scenarios", scenarios},
               {"blocks", blocks},
               {"runs", total},
               {"trace", trace_mode},
               {"db", db}});
  } else if (mode_ == Mode::text) {
    fmt::print(stderr, "session {}: {} scenario(s) x {} block(s), {} runs, trace {}, seed {} -> {}\n",
               session, scenarios, blocks, total, trace_mode, seed, db);
  }
}

void Progress::run_start(const RunStart& r) {
  if (mode_ != Mode::text) return;
  double elapsed = since(session_start_);
  // Whole-run cost so far (interferer start and settle, tracer attach, store), not the workload's
  // own wall time, which is a fraction of it.
  std::string eta = finished_ > 0 ? clock(elapsed / finished_ * (r.total - r.index + 1)) : "?";
  fmt::print(stderr, "{}[{:>3}/{}] {:<11} {:<16} {:<8} elapsed {}  ETA {}{}", tty_ ? "\r\033[K" : "", r.index,
             r.total, block_label(r), r.scenario, r.traced ? "traced" : "untraced", clock(elapsed), eta,
             tty_ ? "" : "\n");
  std::fflush(stderr);
}

void Progress::run_end(const RunEnd& r) {
  ++finished_;
  if (mode_ == Mode::json) {
    nlohmann::ordered_json e{
        {"event", "run_end"},       {"run", r.run_id},        {"index", r.start.index},
        {"total", r.start.total},   {"block", r.start.block}, {"scenario", r.start.scenario},
        {"traced", r.start.traced}, {"status", r.status},     {"reason", r.reason}};
    e[r.figure_name.empty() ? "figure" : r.figure_name] =
        r.figure ? nlohmann::ordered_json(*r.figure) : nullptr;
    e["wall_s"] = r.wall_s;
    json_line(e);
    return;
  }
  if (mode_ != Mode::text) return;
  std::string figure = r.figure ? fmt::format("{:10.2f} {}", *r.figure, r.unit) : fmt::format("{:>10}", "-");
  fmt::print(stderr, "{}[{:>3}/{}] {:<11} {:<16} {:<8} {}  {:>6.2f} s  {}{}\n", tty_ ? "\r\033[K" : "",
             r.start.index, r.start.total, block_label(r.start), r.start.scenario,
             r.start.traced ? "traced" : "untraced", figure, r.wall_s, r.status,
             r.reason.empty() ? "" : ": " + r.reason);
}

void Progress::session_end(int ok, int invalid, int failed, int aborted) {
  if (mode_ == Mode::json) {
    json_line({{"event", "session_end"},
               {"ok", ok},
               {"invalid", invalid},
               {"failed", failed},
               {"aborted", aborted},
               {"elapsed_s", since(session_start_)}});
  } else if (mode_ == Mode::text) {
    fmt::print(stderr, "done in {}: {} ok, {} invalid, {} failed, {} aborted\n", clock(since(session_start_)),
               ok, invalid, failed, aborted);
  }
}

}  // namespace cudabench::harness
