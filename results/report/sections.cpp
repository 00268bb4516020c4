// The report, section by section. The order is the reader's: the answer first (headline), then why
// (advice, the mechanism), then how sure (runs, precision) and on what (environment).
#include "results/report/sections.h"

#include <algorithm>

#include <fmt/format.h>

#include "results/report/format.h"

namespace cudabench::results::report {

// One line per section, in report order; each names <name>_section in section_<name>.cpp.
#define CUDABENCH_REPORT_SECTIONS(X) \
  X(headline)                        \
  X(time)                            \
  X(advice)                          \
  X(impact)                          \
  X(mitigation)                      \
  X(launches)                        \
  X(interrupts)                      \
  X(scheduler)                       \
  X(runs)                            \
  X(environment)

#define CUDABENCH_DECLARE(name) Section name##_section(const Report& r);
CUDABENCH_REPORT_SECTIONS(CUDABENCH_DECLARE)
#undef CUDABENCH_DECLARE

const std::vector<SectionBuilder>& report_sections() {
#define CUDABENCH_ENTRY(name) name##_section,
  static const std::vector<SectionBuilder> list = {CUDABENCH_REPORT_SECTIONS(CUDABENCH_ENTRY)};
#undef CUDABENCH_ENTRY
  return list;
}

std::string mean_cell(const ScenarioSummary& s, const metrics::Key& metric, bool traced) {
  const auto* m = s.metric(metric, traced);
  return m ? with_ci(m->ci) : "n/a";
}

std::string median_cell(const ScenarioSummary& s, const metrics::Key& metric, bool traced) {
  const auto* m = s.metric(metric, traced);
  return m ? with_ci(m->median, m->median_ci) : "n/a";
}

std::string no_traced_reason(const Report& r) {
  const auto& sum = r.summary;
  if (std::any_of(sum.scenarios.begin(), sum.scenarios.end(),
                  [](const auto& s) { return s.traced_runs > 0; }))
    return "";
  const auto left_out =
      std::count_if(sum.excluded.begin(), sum.excluded.end(), [](const auto& e) { return e.traced; });
  if (left_out > 0)
    return fmt::format(
        "no traced run finished ok ({} left out: see \"Runs left out\"), so the mechanism is unknown",
        left_out);
  return "no traced runs in this selection: run with --trace both (or on) to measure the mechanism";
}

std::string no_launch_reason(const Report& r) {
  if (const std::string why = no_traced_reason(r); !why.empty()) return why;
  int traced = 0;
  double launches = 0;
  for (const auto& s : r.summary.scenarios) {
    traced += s.traced_runs;
    if (const auto* m = s.metric(metrics::launches, true)) launches += m->mean;
  }
  if (launches > 0) return "";
  return fmt::format(
      "0 kernel launches in {} traced runs: the workload does not use CUDA (or the tracer did not find its "
      "libcuda: --cuda-lib PATH), so there are no launch pairs and no per-1K figures",
      traced);
}

Section empty_section(std::string id, std::string title, const std::string& reason) {
  Section s{std::move(id), std::move(title), {}, nullptr};
  s.blocks.push_back(Paragraph{reason, true});
  return s;
}

}  // namespace cudabench::results::report
