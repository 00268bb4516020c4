#include "results/report/format.h"

#include <cmath>

#include <fmt/format.h>

namespace cudabench::results::report {
namespace {

std::string group_thousands(const std::string& digits) {
  // digits: optional '-' then integer part, then optional fraction.
  const size_t start = digits[0] == '-' ? 1 : 0;
  size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  std::string out = digits.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += digits[i];
    const size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + digits.substr(end);
}

}  // namespace

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  if (v == 0) v = 0;  // no "-0"
  return group_thousands(fmt::format("{:.{}f}", v, decimals));
}

std::string number(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::fabs(v);
  if (a >= 10000) return number(v, 0);
  if (a >= 100) return number(v, 1);
  if (a >= 1 || a == 0) return number(v, 2);
  // Small values keep three significant digits (the study's 0.0276% IRQ time).
  const int decimals = std::min(9, 2 - static_cast<int>(std::floor(std::log10(a))));
  return number(v, decimals);
}

std::string with_ci(double estimate, const stats::Interval& ci) {
  if (!std::isfinite(estimate)) return "n/a";
  if (!std::isfinite(ci.lo) || !std::isfinite(ci.hi)) return number(estimate);
  return fmt::format("{} [{}, {}]", number(estimate), number(ci.lo), number(ci.hi));
}

std::string with_ci(const stats::Interval& ci) {
  return with_ci(ci.estimate, ci);
}

std::string pct_ci(const stats::Interval& pct) {
  if (!std::isfinite(pct.estimate)) return "n/a";
  const auto one = [](double v) { return number(v, std::fabs(v) < 10 ? 2 : 1); };
  if (!std::isfinite(pct.lo) || !std::isfinite(pct.hi)) return one(pct.estimate) + "%";
  return fmt::format("{}% [{}, {}]", one(pct.estimate), one(pct.lo), one(pct.hi));
}

std::string ratio_ci(const stats::Interval& r) {
  if (!std::isfinite(r.estimate)) return "n/a";
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi)) return number(r.estimate) + "x";
  return fmt::format("{}x [{}, {}]", number(r.estimate), number(r.lo), number(r.hi));
}

std::string p_value(double p) {
  if (!std::isfinite(p)) return "n/a";
  if (p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", p);
}

stats::Interval degradation(const stats::Interval& c) {
  return {-c.estimate, -c.hi, -c.lo, c.n};
}

Verdict classify(const stats::Interval& pct, double band_pct) {
  if (!pct.valid()) return Verdict::unresolved;
  if (pct.hi < 0) return Verdict::slower;
  if (pct.lo > 0) return Verdict::faster;
  if (pct.lo >= -band_pct && pct.hi <= band_pct) return Verdict::same;
  return Verdict::unresolved;
}

std::string throughput_verdict(const stats::Interval& pct, double band_pct) {
  switch (classify(pct, band_pct)) {
    case Verdict::slower: return fmt::format("{}% slower", number(-pct.estimate, 1));
    case Verdict::faster: return fmt::format("{}% faster", number(pct.estimate, 1));
    case Verdict::same: return fmt::format("no difference beyond +-{:g}%", band_pct);
    case Verdict::unresolved: break;
  }
  return pct.valid() ? "not resolved" : "not resolved (too few blocks for an interval)";
}

}  // namespace cudabench::results::report
