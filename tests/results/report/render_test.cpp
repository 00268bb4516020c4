// The report's structure in every format on a constructed study-shaped session: the headline and
// advice first, sections in order, empty sections said in one sentence, no chart without data,
// valid JSON and CSV. The golden tests hold the whole output; these check the rules behind it.
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

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

std::string render(const rr::Report& rep, const char* format, bool colour = false) {
  std::ostringstream out;
  rr::render(rr::report_document(rep), *rr::find_format(format), out, {colour, 120});
  return out.str();
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
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
  TEST_CASE("text report: the headline and advice first, then the sections in order") {
    const std::string t = render(study_report(), "text");
    const char* order[] = {"Headline: tok/s against baseline",
                           "Advice",
                           "Performance impact",
                           "Mitigation effect",
                           "Kernel launches",
                           "Soft IRQs",
                           "Scheduler",
                           "Runs:",
                           "Environment and session"};
    size_t at = 0;
    for (const char* title : order) {
      const size_t found = t.find(title, at);
      CHECK_MESSAGE(found != std::string::npos, title);
      if (found != std::string::npos) at = found;
    }
    CHECK(t.find("slower") != std::string::npos);
    CHECK(t.find("tracer saw 51,000 launches") != std::string::npos);
    CHECK(t.find("\x1b[") == std::string::npos);
    CHECK(render(study_report(), "text", true).find("\x1b[31m") != std::string::npos);
    CHECK(t.find("stress-ng-cpu") != std::string::npos);  // top preemptor under noisy_cpu
  }

  TEST_CASE("no traced runs: each mechanism section says why in one sentence, no chart stands in for data") {
    const auto rep = study_report(false);
    const std::string t = render(rep, "text");
    CHECK(count(t, "no traced runs in this selection: run with --trace both") == 3);
    CHECK(t.find("0.00 [0.00, 0.00]") == std::string::npos);
    CHECK(t.find("trace = ") == std::string::npos);  // a key the parser rejects is never advised
    const std::string html = render(rep, "html");
    CHECK(count(html, "<svg") == 3);  // forest, strip, execution order: the ones with data
    CHECK(html.find("class=\"sched\"") == std::string::npos);
  }

  TEST_CASE("markdown: pipe tables, text columns left-aligned, numbers right-aligned") {
    const std::string md = render(study_report(), "markdown");
    CHECK(md.find("## Headline: tok/s against baseline") != std::string::npos);
    CHECK(md.find("| scenario | runs | tok/s [95% CI] |") != std::string::npos);
    CHECK(md.find("|:---|---:|---:|---:|---:|") != std::string::npos);
  }

  TEST_CASE("json: versioned schema, the headline before the data, null for what is missing") {
    const std::string j = render(study_report(), "json");
    const auto doc = nlohmann::ordered_json::parse(j);  // throws on anything that is not JSON
    CHECK(doc["schema"] == "cudabench-report/2");
    std::vector<std::string> keys;
    for (const auto& [k, _] : doc.items()) keys.push_back(k);
    const auto pos = [&](const std::string& k) {
      return std::find(keys.begin(), keys.end(), k) - keys.begin();
    };
    CHECK(pos("headline") < pos("advice"));
    CHECK(pos("advice") < pos("scenarios"));
    CHECK(doc["headline"].size() == 6);
    CHECK(doc["headline"][0]["verdict"] == "reference");
    CHECK(doc["headline"][1]["change_pct"]["hi"].get<double>() < 0);  // noisy_cpu: slower
    CHECK(doc["scenarios"][0]["metrics"]["traced"]["sched_per_1k"]["kind"] == "rate");
    CHECK(doc["excluded_runs"][0]["run"] == 999);
    CHECK(j.find("nan") == std::string::npos);
  }

  TEST_CASE("csv: one row per scenario x metric, a constant field count") {
    std::istringstream in(render(study_report(), "csv"));
    std::string line;
    std::getline(in, line);
    const size_t fields = csv_fields(line);
    CHECK(fields == 14);
    int rows = 0, degradation_rows = 0;
    while (std::getline(in, line)) {
      ++rows;
      CHECK(csv_fields(line) == fields);
      if (line.find(",vs_baseline,degradation_pct,") != std::string::npos) ++degradation_rows;
    }
    CHECK(degradation_rows == 5);
    CHECK(rows > 6 * 40);
  }

  TEST_CASE("html: self-contained; the forest plot and the strip plot carry every scenario") {
    const std::string h = render(study_report(), "html");
    CHECK(h.find("<script") == std::string::npos);
    CHECK(h.find("src=") == std::string::npos);
    CHECK(h.find("href=\"http") == std::string::npos);
    const size_t forest = h.find("class=\"forest\""), strip = h.find("class=\"strip\"");
    REQUIRE(forest != std::string::npos);
    REQUIRE(strip != std::string::npos);
    CHECK(count(h.substr(forest, strip - forest), "<g class=\"row\"") ==
          5);                                           // every scenario but the baseline
    CHECK(count(h, "<circle class=\"dot\"") == 6 * 5);  // every untraced run
    CHECK(count(h, "<g class=\"mean\"") == 6);
    CHECK(h.find("class=\"band\"") != std::string::npos);
    CHECK(h.find("class=\"zero\"") != std::string::npos);
    CHECK(h.find("class=\"sched\"") != std::string::npos);  // Sched/1K as dots on a log axis, never bars
  }

  TEST_CASE("the format follows the output file's extension") {
    CHECK(rr::format_for_path("report.html")->name == "html");
    CHECK(rr::format_for_path("out/r.MD")->name == "markdown");
    CHECK(rr::format_for_path("x.json")->name == "json");
    CHECK(rr::format_for_path("report") == nullptr);
    CHECK(rr::format_for_path("dir.d/report") == nullptr);
    CHECK(rr::find_format("md")->name == "markdown");
    CHECK(rr::find_format("pdf") == nullptr);
    CHECK(rr::format_names() == "text, markdown, json, csv or html");
  }

  TEST_CASE("comparison: the gate line, and every metric in JSON and CSV") {
    cudabench::testing::SyntheticOptions o;
    auto a = synthetic_session({{"baseline", 1.0}}, o);
    o.session_id = 2;
    o.base_tokens_per_s *= 0.8;
    auto b = synthetic_session({{"baseline", 1.0}}, o);
    const auto c = r::compare_runs(a, b, {}, "session 1", "session 2");
    CHECK(c.outcome == r::GateOutcome::fail);
    const auto doc = rr::comparison_document(c);
    std::ostringstream text, json, csv, html;
    rr::render(doc, *rr::find_format("text"), text, {});
    rr::render(doc, *rr::find_format("json"), json, {});
    rr::render(doc, *rr::find_format("csv"), csv, {});
    rr::render(doc, *rr::find_format("html"), html, {});
    CHECK(text.str().find("gate: FAIL") != std::string::npos);
    CHECK(text.str().find("--all-metrics lists them") != std::string::npos);
    CHECK(json.str().find("\"gate\":\"FAIL\",\"exit_code\":1") != std::string::npos);
    CHECK(csv.str().find(",slower,FAIL") != std::string::npos);
    CHECK(html.str().find("class=\"forest\"") != std::string::npos);
    CHECK(html.str().find("<table>") != std::string::npos);
  }
}
