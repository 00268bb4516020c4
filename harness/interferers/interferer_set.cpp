#include "harness/interferers/interferers.h"

#include <signal.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "common/error.h"
#include "common/log.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/registry.h"
#include "harness/interferers/support.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

InterfererSet::InterfererSet(const std::vector<Interferer>& interferers, const std::string& run_dir,
                             Janitor* janitor, SessionScratch* session_scratch)
    : run_dir_(run_dir), janitor_(janitor), session_scratch_(session_scratch) {
  std::error_code ec;
  fs::create_directories(run_dir_, ec);
  if (ec) throw RunError("cannot create " + run_dir_ + ": " + ec.message());
  try {
    double settle_s = 0;
    for (size_t i = 0; i < interferers.size(); ++i) {
      start_one(static_cast<int>(i), interferers[i]);
      settle_s = std::max(settle_s, interferers[i].settle_s.value_or(
                                        find_interferer_kind(interferers[i].kind)->default_settle_s()));
    }
    wait_ready(Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settle_s)));
  } catch (...) {
    stop_all(std::chrono::seconds(2));
    remove_scratch();
    throw;
  }
}

InterfererSet::~InterfererSet() {
  try {
    stop_all(std::chrono::seconds(2));
    remove_scratch();
  } catch (const std::exception& e) {
    log::warn("stopping interferers: {}", e.what());
  }
}

void InterfererSet::start_one(int index, const Interferer& spec) {
  const InterfererKind* kind = find_interferer_kind(spec.kind);
  if (!kind) throw UserError("interferer " + std::to_string(index) + ": unknown kind \"" + spec.kind + "\"");
  // Listed before anything starts, so a failure below still stops and cleans what it made.
  running_.push_back(std::make_unique<Started>());
  Started& s = *running_.back();
  s.index = index;
  s.kind = spec.kind;
  s.name = "interferer " + std::to_string(index) + " (" + spec.kind + ")";
  StartContext ctx;
  ctx.base = run_dir_ + "/interferer" + std::to_string(index) + "-" + spec.kind;
  ctx.cgroup_procs = janitor_ ? janitor_->cgroup_procs() : std::string();
  ctx.janitor = janitor_;
  ctx.notes = &notes_;
  ctx.session_scratch = session_scratch_;
  kind->start(s, spec, ctx);
}

// Polls until every interferer shows its load and the longest settle_s has passed; throws RunError
// for one that dies first or shows no load within ready_timeout.
void InterfererSet::wait_ready(Clock::time_point settled) {
  const auto deadline = Clock::now() + ready_timeout;
  for (;;) {
    if (std::string dead = check_alive(); !dead.empty())
      throw RunError(dead, "run the interferer's command by hand to see why it stops");
    const Started* waiting = nullptr;
    for (const auto& r : running_)
      if (!waiting && !find_interferer_kind(r->kind)->ready(*r)) waiting = r.get();
    if (!waiting && Clock::now() >= settled) return;
    if (waiting && Clock::now() >= deadline)
      throw RunError(fmt::format("{} showed no load within {} s (waiting for {})", waiting->name,
                                 std::chrono::duration_cast<std::chrono::seconds>(ready_timeout).count(),
                                 find_interferer_kind(waiting->kind)->ready_sign()),
                     "run the interferer's command by hand to see whether it starts its load");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string InterfererSet::check_alive() {
  for (auto& r : running_) {
    if (r->server && !r->server->running() && r->main && r->main->running()) {
      return death_reason(r->name + " server", *r->server, r->server_stderr_path);
    }
    if (!r->main || !r->main->running()) {
      return r->main ? death_reason(r->name, *r->main, r->stderr_path) : r->name + " did not start";
    }
  }
  return {};
}

void InterfererSet::stop_all(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  // One SIGINT each, all at once, and one shared deadline: a second SIGINT could cut a report
  // short, and stopping one by one would let the others run on during the first one's grace.
  const auto deadline = Clock::now() + grace;
  for (auto& r : running_) {
    if (r->main && r->main->running()) killpg(r->main->pid(), SIGINT);
  }
  for (auto it = running_.rbegin(); it != running_.rend(); ++it) {
    Started& r = **it;
    if (r.main) {
      if (!r.main->wait_until(deadline)) {
        warnings_.push_back(r.name + " ignored SIGINT for " + std::to_string(grace.count()) +
                            " ms and was killed");
      }
      r.main->stop(SIGKILL, std::chrono::milliseconds(0));  // also reaps workers left behind
    }
    if (r.server) {
      // The -1 server ends by itself once its client has gone, after writing what it received.
      r.server->wait_until(std::max(deadline, Clock::now() + std::chrono::seconds(1)));
      if (r.server->running()) r.server->stop(SIGINT, std::chrono::seconds(1));
      r.server->stop(SIGKILL, std::chrono::milliseconds(0));
    }
  }
}

std::vector<pid_t> InterfererSet::pids() const {
  std::vector<pid_t> out;
  for (const auto& r : running_) {
    if (r->server) out.push_back(r->server->pid());
    if (r->main) out.push_back(r->main->pid());
  }
  return out;
}

void InterfererSet::remove_scratch() {
  for (auto& r : running_) {
    if (r->scratch.empty()) continue;
    std::error_code ec;
    fs::remove_all(r->scratch, ec);
    if (ec) {
      warnings_.push_back("cannot remove scratch directory " + r->scratch + ": " + ec.message());
      continue;
    }
    if (janitor_) janitor_->forget_path(r->scratch);
    r->scratch.clear();
  }
}

std::vector<results::Intensity> InterfererSet::stop(std::chrono::milliseconds grace) {
  stop_all(grace);
  remove_scratch();
  std::vector<results::Intensity> out;
  for (auto& s : running_) {
    try {
      if (auto in = find_interferer_kind(s->kind)->intensity(*s)) out.push_back(*in);
    } catch (const std::invalid_argument& e) {
      warnings_.push_back(s->name + ": no intensity, cannot read " + s->report + ": " + e.what());
    }
  }
  return out;
}

}  // namespace cudabench::harness
