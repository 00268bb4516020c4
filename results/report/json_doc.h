// The report's JSON documents are built as nlohmann::ordered_json (keys stay in the order written,
// so a schema reads top-down like the text report) and written compactly on one line. NaN and
// infinities are written as null: an estimate that does not exist.
#pragma once

#include <optional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "results/stats/stats.h"

namespace cudabench::results::report {

using Json = nlohmann::ordered_json;

// {"estimate": e, "lo": l, "hi": h, "n": n}
Json interval_json(const stats::Interval& i);
Json interval_json(const std::optional<stats::Interval>& i);  // null when absent

// One line and a newline; bytes that are not UTF-8 (a comm cut mid-character) become U+FFFD.
void write_json(const Json& doc, std::ostream& out);

}  // namespace cudabench::results::report
