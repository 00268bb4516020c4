// `trace -f json` and `export -f json`: the traced run's figures as the per-run analysis computes
// them (the same names, units and definitions a stored run has, docs/metrics.md), its top
// preemptors and the tracer's own figures. Schema "cudabench-trace/1" (docs/json.md).
#include "results/analysis/analysis.h"
#include "results/metrics/registry.h"
#include "results/report/json_doc.h"
#include "results/report/trace_summary.h"

namespace cudabench::results {

void print_summary_json(const trace::TraceData& d, const RunAnalysis& a, std::optional<int> exit_status,
                        std::ostream& out) {
  using report::Json;
  Json doc{{"schema", "cudabench-trace/1"},
           {"pid", d.tgid},
           {"exit_status", exit_status ? Json(*exit_status) : Json(nullptr)},
           {"duration_s", static_cast<double>(d.duration_ns()) / 1e9},
           {"threads", d.threads.size()},
           {"decode_window", a.decode_window},
           {"critical_tid", a.critical_tid},
           {"disagreement", a.disagreement.empty() ? Json(nullptr) : Json(a.disagreement)}};
  doc["metrics"] = Json::object();
  for (const auto& m : a.metrics)
    doc["metrics"][m.name] = Json{{"value", m.value}, {"unit", metrics::describe(m.name, m.unit).unit}};
  doc["preemptors"] = Json::array();
  for (const auto& p : a.top_preemptors)
    doc["preemptors"].push_back(
        Json{{"comm", p.comm}, {"count", p.count}, {"time_ms", static_cast<double>(p.time_ns) / 1e6}});
  report::write_json(doc, out);
}

}  // namespace cudabench::results
