// Every report format on a constructed study-shaped session: the tables are there, in the study's
// order, missing data is said rather than printed as zeros, JSON/CSV are well formed.
#include <doctest/doctest.h>

#include <sstream>

#include "results/report/model.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
namespace rr = cudabench::results::report;
using cudabench::testing::study_scenarios;
using cudabench::testing::synthetic_session;

namespace {

rr::Report study_report(bool traced = true, bool distributions = true) {
  cudabench::testing::SyntheticOptions o;
  o.traced = traced;
  o.distributions = distributions;
  auto runs = synthetic_session(study_scenarios(), o);
  r::RunRecord bad = runs.front();
  bad.id = 999;
  bad.status = r::RunStatus::invalid;
  bad.reason = "tracer saw 51,000 launches, workload reported 56,882";
  runs.push_back(bad);
  return rr::make_report(r::aggregate_runs(runs, {}), "test.db", "session 1");
}

std::string text_of(const rr::Report& rep, bool colour = false) {
  std::ostringstream out;
  rr::render_text(rep, out, {colour});
  return out.str();
}

// Fields of one CSV line, honouring RFC 4180 quotes.
size_t csv_fields(const std::string& line) {
  size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      ++n;
  }
  return n;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("text report: the study's tables in its order - verdicts and advice") {
    const std::string t = text_of(study_report());
    const char* order[] = {"Normalised metrics",   "Performance impact", "Launch pairs",
                           "Tail attribution",     "Soft-IRQ breakdown", "Mitigation effect",
                           "Run-queue latency",    "Top preemptors",     "Tracer overhead",
                           "Interferer intensity", "Precision",          "Outliers",
                           "Runs left out",        "Environment",        "Advice"};
    size_t at = 0;
    for (const char* title : order) {
      const size_t found = t.find(title, at);
      CHECK_MESSAGE(found != std::string::npos, title);
      if (found != std::string::npos) at = found;
    }
    CHECK(t.find("slower") != std::string::npos);
    CHECK(t.find("tracer saw 51,000 launches") != std::string::npos);
    CHECK(t.find("optimized") != std::string::npos);
    CHECK(t.find("\x1b[") == std::string::npos);
    CHECK(text_of(study_report(), true).find("\x1b[31m") != std::string::npos);
    CHECK(t.find("stress-ng-cpu") != std::string::npos);  // top preemptor under noisy_cpu
  }

  TEST_CASE("no traced runs: mechanism tables say so instead of printing zeros") {
    const std::string t = text_of(study_report(false));
    CHECK(t.find("no traced runs in this selection") != std::string::npos);
    CHECK(t.find("no traced runs: switches, IRQs and launch pairs are unknown") != std::string::npos);
    const auto rep = study_report(false);
    std::ostringstream html;
    rr::render_html(rep, html);
    CHECK(html.str().find("no traced runs: Sched/1K unknown") != std::string::npos);
  }

  TEST_CASE("markdown report has pipe tables") {
    std::ostringstream out;
    rr::render_markdown(study_report(), out);
    const std::string md = out.str();
    CHECK(md.find("## Performance impact") != std::string::npos);
    CHECK(md.find("| scenario | runs | tok/s |") != std::string::npos);
    CHECK(md.find("|---|---:|") != std::string::npos);
  }

  TEST_CASE("json report: versioned schema - intervals - null for missing estimates") {
    std::ostringstream out;
    rr::render_json(study_report(), out);
    const std::string j = out.str();
    CHECK(j.rfind("{\"schema\":\"cudabench-report/1\"", 0) == 0);
    CHECK(j.find("\"degradation_pct\":{\"estimate\":") != std::string::npos);
    CHECK(j.find("\"excluded_runs\":[{\"run\":999") != std::string::npos);
    CHECK(j.find("nan") == std::string::npos);
    CHECK(j.find("inf") == std::string::npos);
    long depth = 0;
    for (char c : j) depth += (c == '{' || c == '[') - (c == '}' || c == ']');
    CHECK(depth == 0);
  }

  TEST_CASE("csv report: one row per scenario x metric - constant field count") {
    std::ostringstream out;
    rr::render_csv(study_report(), out);
    std::istringstream in(out.str());
    std::string line;
    std::getline(in, line);
    const size_t fields = csv_fields(line);
    CHECK(fields == 13);
    int rows = 0, degradation_rows = 0;
    while (std::getline(in, line)) {
      ++rows;
      CHECK(csv_fields(line) == fields);
      if (line.find(",vs_baseline,degradation_pct,") != std::string::npos) ++degradation_rows;
    }
    CHECK(degradation_rows == 5);
    CHECK(rows > 6 * 40);
  }

  TEST_CASE("html report: self-contained - every chart present - missing distributions said") {
    std::ostringstream out;
    rr::render_html(study_report(), out);
    const std::string h = out.str();
    size_t svgs = 0;
    for (size_t p = h.find("<svg"); p != std::string::npos; p = h.find("<svg", p + 1)) ++svgs;
    CHECK(svgs == 7);
    CHECK(h.find("<script") == std::string::npos);
    CHECK(h.find("href=") == std::string::npos);
    CHECK(h.find("src=") == std::string::npos);
    std::ostringstream bare;
    rr::render_html(study_report(true, false), bare);
    CHECK(bare.str().find("no launch-interval distributions stored") != std::string::npos);
  }

  TEST_CASE("comparison renders with its gate") {
    cudabench::testing::SyntheticOptions o;
    auto a = synthetic_session({{"baseline", 1.0}}, o);
    o.session_id = 2;
    o.base_tokens_per_s *= 0.8;
    auto b = synthetic_session({{"baseline", 1.0}}, o);
    const auto c = r::compare_runs(a, b, {}, "session 1", "session 2");
    CHECK(c.outcome == r::GateOutcome::fail);
    std::ostringstream text, json, csv;
    rr::render_comparison(c, rr::Format::text, text, {});
    rr::render_comparison(c, rr::Format::json, json, {});
    rr::render_comparison(c, rr::Format::csv, csv, {});
    CHECK(text.str().find("gate: FAIL") != std::string::npos);
    CHECK(json.str().find("\"gate\":\"FAIL\",\"exit_code\":1") != std::string::npos);
    CHECK(csv.str().find(",slower,FAIL") != std::string::npos);
  }

}  // TEST_SUITE
