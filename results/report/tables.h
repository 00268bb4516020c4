// The individual tables of build_tables (model.h), split by theme over tables_*.cpp.
#pragma once

#include "results/report/model.h"

namespace cudabench::results::report {

// tables_impact.cpp
Table normalised_table(const Report& r);
Table impact_table(const Report& r);
Table mitigation_table(const Report& r);
Table overhead_table(const Report& r);
Table precision_table(const Report& r);
// tables_mechanism.cpp
Table pairs_table(const Report& r);
Table tail_table(const Report& r);
Table softirq_table(const Report& r);
Table runq_table(const Report& r);
Table preemptor_table(const Report& r);
// tables.cpp
Table intensity_table(const Report& r);
Table outlier_table(const Report& r);
Table invalid_table(const Report& r);
Table environment_table(const Report& r);

// Comparison renderers behind render_comparison (text.cpp, json.cpp, csv.cpp).
void render_comparison_text(const Comparison& c, std::ostream& out, const TextStyle& style, bool markdown);
void render_comparison_json(const Comparison& c, std::ostream& out);
void render_comparison_csv(const Comparison& c, std::ostream& out);

// Cell helpers: mean [CI] of a metric, or the median [bootstrap CI] for tail metrics; "n/a" when
// the scenario has no such figure.
std::string mean_cell(const ScenarioSummary& s, const std::string& metric, bool traced);
std::string median_cell(const ScenarioSummary& s, const std::string& metric, bool traced);
bool any_traced(const Report& r);
inline constexpr const char* no_traced_reason =
    "no traced runs in this selection: run with trace = \"both\" or \"on\" to measure the mechanism";

}  // namespace cudabench::results::report
