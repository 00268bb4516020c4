// How long `report` takes over a large database (issue 5 target: < 1 s for 1,000 runs).
// Builds a database of N runs (6 study scenarios, traced and untraced, metrics and distributions as
// the analysis writes them), then times each step of the report: reading the runs back, the
// statistics, and rendering every format. Prints the figures; asserts nothing.
//
// usage: report_bench [RUNS] [DB]   (default 1000 runs, a temporary database that is removed;
//                                    with DB the database is kept for `cudabench report --db DB`)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "results/report/model.h"
#include "results/stats/aggregate.h"
#include "results/store/store.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
namespace rr = cudabench::results::report;
using clock_type = std::chrono::steady_clock;

namespace {

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int runs_wanted = argc > 1 ? std::atoi(argv[1]) : 1000;
  const bool keep = argc > 2;
  const std::string db = keep ? argv[2]
                              : (std::filesystem::temp_directory_path() /
                                 ("cudabench_report_bench_" + std::to_string(getpid()) + ".db"))
                                    .string();
  if (!keep) std::filesystem::remove(db);

  const auto scenarios = cudabench::testing::study_scenarios();
  cudabench::testing::SyntheticOptions o;
  o.blocks = (runs_wanted + 11) / 12;  // 6 scenarios x (traced + untraced) per block
  o.cov = 0.015;
  auto runs = cudabench::testing::synthetic_session(scenarios, o);
  runs.resize(std::min<size_t>(runs.size(), static_cast<size_t>(runs_wanted)));

  auto t0 = clock_type::now();
  int64_t session = 0;
  {
    auto store = r::Store::open_writable(db);
    r::SessionInfo info;
    info.started_at = "2026-11-24T00:00:00Z";
    info.seed = 7;
    info.blocks = o.blocks;
    info.trace_mode = "both";
    session = store.begin_session(info);
    for (auto& run : runs) {
      run.session_id = session;
      store.add_run(run);
    }
    store.finish_session(session, "done");
  }
  std::printf("built %zu runs (%d blocks x 6 scenarios x traced/untraced) in %.0f ms: %s\n", runs.size(),
              o.blocks, ms_since(t0), db.c_str());

  // The whole `report` path, as cmd_report runs it.
  t0 = clock_type::now();
  auto store = r::Store::open(db);
  r::RunFilter filter;
  filter.session = session;
  filter.load_distributions = true;
  const auto loaded = store.runs(filter);
  const double load_ms = ms_since(t0);
  auto t1 = clock_type::now();
  auto summary = r::aggregate_runs(loaded, {});
  summary.session = store.session(session);
  const auto report = rr::make_report(std::move(summary), db, "bench");
  const double stats_ms = ms_since(t1);
  std::printf("load %zu runs: %.1f ms; statistics + advice: %.1f ms\n", loaded.size(), load_ms, stats_ms);
  double total = load_ms + stats_ms;
  t1 = clock_type::now();
  const auto doc = rr::report_document(report);
  const double doc_ms = ms_since(t1);
  std::printf("sections and charts: %.1f ms\n", doc_ms);
  total += doc_ms;
  for (const auto& format : rr::formats()) {
    std::ostringstream out;
    t1 = clock_type::now();
    rr::render(doc, format, out, {});
    const double ms = ms_since(t1);
    std::printf("render %-8s %7.1f ms  (%zu bytes)\n", std::string(format.name).c_str(), ms,
                out.str().size());
    if (format.name == "text") total += ms;
  }
  std::printf("report (load + statistics + text) over %zu runs: %.0f ms (target < 1000 ms)\n", loaded.size(),
              total);
  if (!keep)
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  return 0;
}
