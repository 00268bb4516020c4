#include "harness/run/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/terminal.h"

namespace cudabench::harness {
namespace {

using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

std::string block_label(const RunStart& r) {
  return r.block < 0 ? std::string("warm-up") : fmt::format("block {}/{}", r.block + 1, r.blocks);
}

// One JSON object per line on stderr; keys in the order written.
void json_line(const nlohmann::ordered_json& event) {
  fmt::print(stderr, "{}\n", event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

const char* status_colour(const std::string& status) {
  if (status == "ok") return "\x1b[32m";
  if (status == "aborted") return "\x1b[33m";
  return "\x1b[31m";
}

}  // namespace

std::string clock_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(Mode mode)
    : mode_(mode),
      live_(mode == Mode::text && isatty(STDERR_FILENO) == 1),
      colour_(colour_allowed(STDERR_FILENO)) {
  if (!live_) return;
  log::set_status_line(this);
  ticker_ = std::thread([this] { tick(); });
}

Progress::~Progress() {
  if (!live_) return;
  log::set_status_line(nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    clear();
  }
  wake_.notify_all();
  ticker_.join();
}

// About once a second the status line is redrawn, so the run's time, elapsed and ETA move while a
// long run goes on.
void Progress::tick() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (!stopping_) draw();
  }
}

std::string Progress::status_text(size_t fit) const {
  if (!current_) return "";
  const auto& r = *current_;
  const double elapsed = since(session_start_), in_run = since(run_start_);
  // Whole-run cost so far (interferer start and settle, tracer attach, store), not the workload's
  // own time: the remaining runs at that cost, less what the current one has already taken.
  const std::string eta =
      finished_ > 0 ? clock_text(std::max(0.0, elapsed / finished_ * (r.total - r.index + 1) - in_run)) : "?";
  // What a narrow terminal loses first: elapsed, then the block, the run type, the extra field;
  // the run's position, scenario, its own time and the ETA stay (the name shortened if need be).
  struct Field {
    std::string text;
    int drop;  // 0: kept; -1: kept, shortened last; higher: dropped earlier
  };
  std::vector<Field> fields = {{fmt::format("[{:>3}/{}]", r.index, r.total), 0},
                               {fmt::format("{:<11}", block_label(r)), 3},
                               {fmt::format("{:<{}}", r.scenario, name_width_), -1},
                               {r.traced ? "traced  " : "untraced", 2},
                               {"run " + clock_text(in_run), 0},
                               {"elapsed " + clock_text(elapsed), 4},
                               {"ETA " + eta, 0}};
  if (!extra_.empty()) fields.push_back({"| " + extra_, 1});
  auto join = [&] {
    std::string s;
    for (const auto& f : fields) s += (s.empty() ? "" : " ") + f.text;
    return s;
  };
  for (int drop = 4; drop > 0 && join().size() > fit; --drop)
    std::erase_if(fields, [&](const Field& f) { return f.drop == drop; });
  if (join().size() > fit) {
    std::string& name =
        std::find_if(fields.begin(), fields.end(), [](const Field& f) { return f.drop < 0; })->text;
    name.resize(name.find_last_not_of(' ') + 1);  // the column padding first
    const size_t over = join().size() > fit ? join().size() - fit : 0;
    if (over > 0 && name.size() > 8) name = name.substr(0, std::max<size_t>(7, name.size() - over - 1)) + "~";
  }
  std::string s = join();
  if (s.size() > fit) s.resize(fit);
  return s;
}

void Progress::draw() {
  if (!live_ || hidden_ || !current_) return;
  // Cut to the terminal's width less one column: a line that wraps cannot be cleared with \r.
  const int columns = terminal_columns(STDERR_FILENO);
  const std::string s = status_text(static_cast<size_t>(std::max(columns > 0 ? columns : 80, 2) - 1));
  fmt::print(stderr, "\r\x1b[K{}", s);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::clear() {
  if (!live_ || !drawn_) return;
  fmt::print(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

void Progress::hide() {
  std::lock_guard lock(mutex_);
  clear();
  hidden_ = true;
}

void Progress::show() {
  std::lock_guard lock(mutex_);
  hidden_ = false;
  draw();
}

void Progress::set_extra(std::string text) {
  std::lock_guard lock(mutex_);
  extra_ = std::move(text);
  draw();
}

void Progress::session_start(const SessionStart& s) {
  std::lock_guard lock(mutex_);
  session_start_ = clock_type::now();
  for (const auto& n : s.scenarios) name_width_ = std::max(name_width_, n.size());
  if (mode_ == Mode::json) {
    json_line({{"event", "session_start"},
               {"session", s.session},
               {"seed", std::to_string(s.seed)},
               {"scenarios", s.scenarios.size()},
               {"blocks", s.blocks},
               {"runs", s.total},
               {"trace", s.trace_mode},
               {"db", s.db},
               {"changes", s.changes}});
  } else if (mode_ == Mode::text) {
    fmt::print(stderr, "session {}: {} scenario(s) x {} block(s), {} runs, trace {}, seed {} -> {}\n",
               s.session, s.scenarios.size(), s.blocks, s.total, s.trace_mode, s.seed, s.db);
    fmt::print(stderr, "changes to this machine (undone after each run and at the end):\n");
    for (const auto& c : s.changes) fmt::print(stderr, "  {}\n", c);
    if (!s.busy.empty()) fmt::print(stderr, "cudabench: warning: {}\n", s.busy);
  }
}

void Progress::run_start(const RunStart& r) {
  std::lock_guard lock(mutex_);
  current_ = r;
  run_start_ = clock_type::now();
  draw();
}

std::string Progress::run_line(const RunEnd& r) const {
  const std::string figure =
      r.figure ? fmt::format("{:10.2f} {}", *r.figure, r.unit) : fmt::format("{:>10}", "-");
  const char* col = colour_ && live_ ? status_colour(r.status) : nullptr;
  return fmt::format("[{:>3}/{}] {:<11} {:<{}} {:<8} {}  {:>6.2f} s  {}{}{}{}", r.start.index, r.start.total,
                     block_label(r.start), r.start.scenario, name_width_,
                     r.start.traced ? "traced" : "untraced", figure, r.wall_s, col ? col : "", r.status,
                     col ? "\x1b[0m" : "", r.reason.empty() ? "" : ": " + r.reason);
}

void Progress::run_end(const RunEnd& r) {
  std::lock_guard lock(mutex_);
  ++finished_;
  current_.reset();
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
  clear();
  fmt::print(stderr, "{}\n", run_line(r));
  std::fflush(stderr);
}

void Progress::session_end(int ok, int invalid, int failed, int aborted) {
  std::lock_guard lock(mutex_);
  current_.reset();
  clear();
  if (mode_ == Mode::json) {
    json_line({{"event", "session_end"},
               {"ok", ok},
               {"invalid", invalid},
               {"failed", failed},
               {"aborted", aborted},
               {"elapsed_s", since(session_start_)}});
  } else if (mode_ == Mode::text) {
    fmt::print(stderr, "done in {}: {} ok, {} invalid, {} failed, {} aborted\n",
               clock_text(since(session_start_)), ok, invalid, failed, aborted);
  }
}

namespace {

// "noisy_cpu vs baseline +-3.10% (~24 more)"
std::string precision_item(const PrecisionStatus::Item& i) {
  if (!std::isfinite(i.half_width_pct)) return i.label + " n/a";
  if (i.blocks_to_go == 0) return fmt::format("{} +-{:.2f}% (reached)", i.label, i.half_width_pct);
  if (i.blocks_to_go > 0) return fmt::format("{} +-{:.2f}% (~{} more)", i.label, i.half_width_pct, i.blocks_to_go);
  return fmt::format("{} +-{:.2f}%", i.label, i.half_width_pct);
}

}  // namespace

// On a terminal the half-widths ride on the status line (set_extra); otherwise one line per block.
void Progress::precision(const PrecisionStatus& p) {
  if (mode_ == Mode::json) {
    auto items = nlohmann::ordered_json::array();
    for (const auto& i : p.items)
      items.push_back({{"comparison", i.label},
                       {"half_width_pct", std::isfinite(i.half_width_pct) ? nlohmann::ordered_json(i.half_width_pct)
                                                                          : nlohmann::ordered_json()},
                       {"blocks_to_go", i.blocks_to_go}});
    std::lock_guard lock(mutex_);
    json_line({{"event", "precision"},
               {"blocks", p.blocks},
               {"target_pct", p.target_pct},
               {"comparisons", items},
               {"stop", p.stop}});
    return;
  }
  if (mode_ != Mode::text) return;
  std::string items;
  for (const auto& i : p.items) items += (items.empty() ? "" : "; ") + precision_item(i);
  if (live_) {
    set_extra(fmt::format("target +-{}%: {}", p.target_pct, items));
    if (p.stop.empty()) return;
  }
  std::lock_guard lock(mutex_);
  clear();
  fmt::print(stderr, "precision after {} block(s), target +-{}%: {}\n", p.blocks, p.target_pct, items);
  if (!p.stop.empty()) fmt::print(stderr, "{}\n", p.stop);
  draw();
}

}  // namespace cudabench::harness
