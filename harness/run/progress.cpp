#include "harness/run/progress.h"

#include "common/json_escape.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace cudabench::harness {
namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string block_label(const RunStart& r) {
  return r.block < 0 ? std::string("warm-up") : fmt::format("block {}/{}", r.block + 1, r.blocks);
}

}  // namespace

std::string json_quote(const std::string& text) {
  return "\"" + json_escape(text) + "\"";
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
    fmt::print(stderr,
               "{{\"event\":\"session_start\",\"session\":{},\"seed\":{},\"scenarios\":{},"
               "\"blocks\":{},\"runs\":{},\"trace\":{},\"db\":{}}}\n",
               session, seed, scenarios, blocks, total, json_quote(trace_mode), json_quote(db));
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
    fmt::print(stderr,
               "{{\"event\":\"run_end\",\"run\":{},\"index\":{},\"total\":{},\"block\":{},"
               "\"scenario\":{},\"traced\":{},\"status\":{},\"reason\":{},\"{}\":{},\"wall_s\":{:.3f}}}\n",
               r.run_id, r.start.index, r.start.total, r.start.block, json_quote(r.start.scenario),
               r.start.traced, json_quote(r.status), json_quote(r.reason),
               r.figure_name.empty() ? "figure" : r.figure_name,
               r.figure ? fmt::format("{}", *r.figure) : "null", r.wall_s);
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
    fmt::print(stderr,
               "{{\"event\":\"session_end\",\"ok\":{},\"invalid\":{},\"failed\":{},\"aborted\":{},"
               "\"elapsed_s\":{:.3f}}}\n",
               ok, invalid, failed, aborted, since(session_start_));
  } else if (mode_ == Mode::text) {
    fmt::print(stderr, "done in {}: {} ok, {} invalid, {} failed, {} aborted\n", clock(since(session_start_)),
               ok, invalid, failed, aborted);
  }
}

void Progress::precision(const PrecisionStatus& p) {
  if (mode_ == Mode::json) {
    std::string items;
    for (const auto& i : p.items)
      items += fmt::format("{}{{\"comparison\":{},\"half_width_pct\":{},\"blocks_to_go\":{}}}",
                           items.empty() ? "" : ",", json_quote(i.label),
                           std::isfinite(i.half_width_pct) ? fmt::format("{:.4f}", i.half_width_pct) : "null",
                           i.blocks_to_go);
    fmt::print(
        stderr,
        "{{\"event\":\"precision\",\"blocks\":{},\"target_pct\":{},\"comparisons\":[{}],\"stop\":{}}}\n",
        p.blocks, p.target_pct, items, json_quote(p.stop));
    return;
  }
  if (mode_ != Mode::text) return;
  std::string items;
  for (const auto& i : p.items)
    items += fmt::format("{}{} {}", items.empty() ? "" : "; ", i.label,
                         !std::isfinite(i.half_width_pct) ? "n/a"
                         : i.blocks_to_go == 0 ? fmt::format("+-{:.2f}% (reached)", i.half_width_pct)
                         : i.blocks_to_go > 0
                             ? fmt::format("+-{:.2f}% (~{} more)", i.half_width_pct, i.blocks_to_go)
                             : fmt::format("+-{:.2f}%", i.half_width_pct));
  fmt::print(stderr, "{}precision after {} block(s), target +-{}%: {}\n", tty_ ? "\r\033[K" : "", p.blocks,
             p.target_pct, items);
  if (!p.stop.empty()) fmt::print(stderr, "{}\n", p.stop);
}

}  // namespace cudabench::harness
