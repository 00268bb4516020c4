// The advice about the data itself (advice_data.cpp): tracer overhead, missing runs or intensity,
// precision, outliers.
#pragma once

#include <vector>

#include "results/report/advice.h"

namespace cudabench::results::detail {

void data_advice(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out);

}  // namespace cudabench::results::detail
