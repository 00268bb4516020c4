// Every figure and distribution the per-run analysis writes is in the metric registry with the same
// unit, so no table or JSON key can show a figure the registry does not define (and a renamed
// analysis figure fails here instead of turning into "n/a").
#include <doctest/doctest.h>

#include "results/analysis/analysis.h"
#include "results/metrics/registry.h"
#include "tests/results/trace_builder.h"

namespace r = cudabench::results;
namespace m = cudabench::results::metrics;

TEST_SUITE("unit") {
  TEST_CASE("the analysis writes only registered figures, in the registry's units") {
    auto trace = cudabench::test::golden_trace();
    trace.stats.events = 1000;
    trace.stats.drops["launch"] = 1;
    trace.stats.bpf_run_count = 10;
    trace.stats.bpf_run_ns = 5000;
    trace.stats.consumer_cpu_ns = 7000;
    for (double us : {20.0, 2020.0}) {  // two tokens: a token latency
      trace.markers.ts_ns.push_back(cudabench::test::at_us(us));
      trace.markers.tid.push_back(100);
      trace.markers.phase.push_back(static_cast<uint32_t>(cudabench::trace::Phase::token));
      trace.markers.token.push_back(1);
    }
    const auto analysis = r::analyze_run(trace);
    REQUIRE(analysis.metrics.size() > 40);
    for (const auto& metric : analysis.metrics) {
      const auto* d = m::find(metric.name);
      CHECK_MESSAGE(d != nullptr, metric.name << " is not in results/metrics/registry.h");
      if (d) CHECK_MESSAGE(m::unit_symbol(d->unit) == metric.unit, metric.name << ": " << metric.unit);
    }
    for (const auto& p : r::preemptor_metrics(analysis.top_preemptors))
      CHECK_MESSAGE(m::find(p.name) != nullptr, p.name);
    for (const auto& dist : analysis.distributions) {
      const auto* d = m::find(dist.name);
      REQUIRE_MESSAGE(d != nullptr, dist.name);
      CHECK(d->kind == m::Kind::distribution);
      CHECK(m::unit_symbol(d->unit) == dist.unit);
    }
  }
}
