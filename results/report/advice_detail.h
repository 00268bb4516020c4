// Advice rules kept in their own files: about the data itself (advice_data.cpp: tracer overhead,
// missing runs or intensity, precision, outliers) and about where the time went (advice_time.cpp).
#pragma once

#include <vector>

#include "results/report/advice.h"

namespace cudabench::results::detail {

void data_advice(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out);
// Each measurable loss split into its parts, and the remedy its largest part points to.
void time_advice(const SessionSummary& sum, std::vector<Advice>& out);

}  // namespace cudabench::results::detail
