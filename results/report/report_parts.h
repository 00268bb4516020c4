// The pieces report_document() assembles (report_json.cpp, report_csv.cpp) and what the comparison
// document shares with them.
#pragma once

#include <optional>

#include "results/report/model.h"

namespace cudabench::results::report {

// A change with its interval, tests and verdict (against the +-band of no practical difference).
Json change_json(const std::optional<Change>& c, double band);
Json session_json(const Report& r);
// scenarios, mitigations, excluded_runs, timeline, environments.
void add_report_data(const Report& r, Json& doc);
// The CSV report: one row per scenario x run type x metric, plus the derived comparisons.
Table report_csv(const Report& r);

}  // namespace cudabench::results::report
