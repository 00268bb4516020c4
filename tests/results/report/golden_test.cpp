// Golden files of every renderer on fixed databases this test builds: a study-shaped GPU session, a
// CPU-only command workload (no launches) with too few blocks to resolve its change, a comparison
// and a history. The whole output is compared with tests/results/report/golden/; run the test with
// CUDABENCH_UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/report/model.h"
#include "results/stats/like_with_like.h"
#include "results/store/store.h"
#include "tests/results/synthetic_session.h"

namespace fs = std::filesystem;
namespace r = cudabench::results;
namespace rr = cudabench::results::report;
using cudabench::testing::synthetic_session;
using cudabench::testing::SyntheticOptions;

namespace {

const fs::path golden_dir = fs::path(CUDABENCH_SOURCE_DIR) / "tests/results/report/golden";

// A database in a fresh temporary file: the runs go through the store and are read back, as the
// report command reads them.
class Db {
 public:
  Db() : path_(fs::temp_directory_path() / ("cudabench_golden_" + std::to_string(getpid()) + ".db")) {
    fs::remove(path_);
    store_.emplace(r::Store::open_writable(path_.string()));
  }
  ~Db() {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  int64_t add(std::vector<r::RunRecord> runs, const std::string& tag, const std::string& started) {
    r::SessionInfo info;
    info.started_at = started;
    info.tag = tag;
    info.seed = 13482378984570072306ull;
    info.blocks = 5;
    info.warmup = 1;
    info.trace_mode = "both";
    info.argv = "cudabench run scenarios/*.toml";
    const int64_t id = store_->begin_session(info);
    for (auto& run : runs) {
      run.session_id = id;
      store_->add_run(run);
    }
    store_->finish_session(id, "done");
    return id;
  }
  std::vector<r::RunRecord> runs(int64_t session) const {
    r::RunFilter f;
    f.session = session;
    f.load_distributions = true;
    return store_->runs(f);
  }
  r::Store& store() { return *store_; }

 private:
  fs::path path_;
  std::optional<r::Store> store_;
};

void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = golden_dir / name;
  if (std::getenv("CUDABENCH_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("rewrote " << path.string());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, path.string() << " is missing: run with CUDABENCH_UPDATE_GOLDEN=1");
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK_MESSAGE(expected.str() == actual,
                name << " differs from the golden file; if the change is intended, rerun with "
                        "CUDABENCH_UPDATE_GOLDEN=1 and review the diff");
}

std::string render(const rr::Document& doc, const char* format, int width = 120) {
  std::ostringstream out;
  rr::render(doc, *rr::find_format(format), out, {false, width});
  return out.str();
}

void check_width(const std::string& text, size_t width) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    CHECK_MESSAGE(line.size() <= width, "line " << n << " has " << line.size() << " columns: " << line);
  }
}

std::vector<r::RunRecord> study_runs() {
  SyntheticOptions o;
  auto runs = synthetic_session(cudabench::testing::study_scenarios(), o);
  r::RunRecord bad = runs.front();
  bad.status = r::RunStatus::invalid;
  bad.reason = "the trace saw 51,000 launches but the workload reported 56,882";
  bad.metrics.clear();
  bad.distributions.clear();
  runs.push_back(bad);
  return runs;
}

// A CPU workload under stress-ng, two blocks: traced runs see no kernel launch, and the change's CI
// is far too wide to decide anything.
std::vector<r::RunRecord> cpu_runs() {
  SyntheticOptions o;
  o.blocks = 2;
  o.cov = 0.25;
  o.distributions = false;
  auto runs = synthetic_session({{"baseline", 1.0}, {"noisy_cpu", 0.4}}, o);
  for (auto& run : runs) {
    if (!run.traced) continue;
    std::erase_if(run.metrics, [](const r::Metric& m) {
      return m.name.find("per_1k") != std::string::npos || m.name.rfind("pairs.", 0) == 0 ||
             m.name.rfind("penalty", 0) == 0 || m.name.rfind("tail.", 0) == 0 ||
             m.name.rfind("sched_", 0) == 0;
    });
    for (auto& m : run.metrics)
      if (m.name == "launches") m.value = 0;
  }
  return runs;
}

rr::Document report_of(Db& db, int64_t session, const std::string& label) {
  auto summary = r::aggregate_runs(db.runs(session), {});
  summary.session = db.store().session(session);
  summary.session->finished_at = summary.session->started_at;  // the store stamps the real time
  return rr::report_document(rr::make_report(std::move(summary), "golden.db", label));
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("report: every format, whole output, against the golden files") {
    Db db;
    const int64_t id = db.add(study_runs(), "study", "2026-11-24T16:00:00Z");
    const auto doc = report_of(db, id, "session 1 (latest)");
    const std::string text = render(doc, "text");
    check_width(text, 120);
    check_golden("report.txt", text);
    check_golden("report.md", render(doc, "markdown"));
    check_golden("report.json", render(doc, "json"));
    check_golden("report.csv", render(doc, "csv"));
    check_width(render(doc, "text", 60), 60);  // narrow terminals get split tables, never wider lines
  }

  TEST_CASE(
      "report of a CPU workload with too few blocks: empty sections say why, the change is not resolved") {
    Db db;
    const int64_t id = db.add(cpu_runs(), "cpu", "2026-11-25T09:30:00Z");
    const auto doc = report_of(db, id, "session 1 (latest)");
    const std::string text = render(doc, "text");
    check_width(text, 120);
    check_golden("report_cpu.txt", text);
    check_golden("report_cpu.json", render(doc, "json"));
  }

  TEST_CASE("compare and history: text, markdown, JSON and CSV against the golden files") {
    Db db;
    SyntheticOptions o;
    o.blocks = 10;
    o.distributions = false;
    o.traced = false;
    const auto a = synthetic_session({{"baseline", 1.0}}, o);
    o.seed = 8;
    o.base_tokens_per_s *= 0.9;  // B: 10% slower
    const auto b = synthetic_session({{"baseline", 1.0}}, o);
    const auto c = r::compare_runs(a, b, {}, "session 1", "session 2");
    const auto cdoc = rr::comparison_document(c);
    check_golden("compare.txt", render(cdoc, "text"));
    check_golden("compare.md", render(cdoc, "markdown"));
    check_golden("compare.json", render(cdoc, "json"));
    check_golden("compare.csv", render(cdoc, "csv"));

    for (int night = 0; night < 6; ++night) {
      SyntheticOptions n;
      n.blocks = 3;
      n.traced = false;
      n.distributions = false;
      n.seed = 20 + night;
      n.base_tokens_per_s = night < 3 ? 50 : 44;
      db.add(synthetic_session({{"baseline", 1.0}}, n), "nightly",
             "2026-11-2" + std::to_string(night) + "T02:00:00Z");
    }
    r::RunFilter all;
    const auto runs = db.store().runs(all);
    rr::HistoryInput in{
        r::detect_history(runs, db.store().sessions()), {}, "golden.db, sessions tagged nightly"};
    const auto hdoc = rr::history_document(in, r::history_mismatches(runs));
    check_golden("history.txt", render(hdoc, "text"));
    check_golden("history.json", render(hdoc, "json"));
    check_golden("history.csv", render(hdoc, "csv"));
  }
}
