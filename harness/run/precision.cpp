#include "harness/run/precision.h"

#include <cmath>
#include <set>

namespace cudabench::harness {

std::vector<ComparedPair> compared_pairs(const std::vector<Scenario>& scenarios,
                                         const std::string& baseline) {
  std::set<std::string> names;
  for (const auto& s : scenarios) names.insert(s.name);
  std::vector<ComparedPair> pairs;
  for (const auto& s : scenarios)
    if (names.count(s.name + "@ref")) pairs.push_back({s.name + "@ref", s.name});
  if (!pairs.empty() || !names.count(baseline)) return pairs;
  for (const auto& s : scenarios)
    if (s.name != baseline) pairs.push_back({baseline, s.name});
  return pairs;
}

PrecisionTracker::PrecisionTracker(std::vector<ComparedPair> pairs, results::stats::StoppingRule rule,
                                   bool traced)
    : pairs_(std::move(pairs)), rule_(rule), traced_(traced) {}

void PrecisionTracker::add(const results::RunRecord& run, const std::string& metric) {
  if (run.warmup || run.status != results::RunStatus::ok || run.traced != traced_) return;
  if (const auto* m = run.metric(metric); m && std::isfinite(m->value))
    values_[run.scenario].push_back({run.block, m->value});
}

std::vector<results::stats::Precision> PrecisionTracker::assess() const {
  static const std::vector<results::BlockValue> none;
  auto of = [&](const std::string& name) -> const std::vector<results::BlockValue>& {
    auto it = values_.find(name);
    return it == values_.end() ? none : it->second;
  };
  std::vector<results::stats::Precision> out;
  for (const auto& p : pairs_)
    out.push_back(results::stats::assess_precision(
        results::paired_log_ratios(of(p.reference), of(p.candidate)), rule_));
  return out;
}

}  // namespace cudabench::harness
