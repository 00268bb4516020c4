#include "results/report/svg_frame.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "results/report/svg.h"

namespace cudabench::results::report::svg {

double Axis::map(double v) const {
  const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
  const double x = log ? std::log10(v) : v;
  return px_lo + (x - a) / (b - a) * (px_hi - px_lo);
}

std::vector<double> Axis::ticks() const {
  std::vector<double> out;
  if (log) {
    const bool narrow = std::log10(hi / lo) < 1.5;  // under 1.5 decades: 1-2-5 steps
    for (double e = std::floor(std::log10(lo)); e <= std::ceil(std::log10(hi)); ++e)
      for (double m : narrow ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
        const double v = m * std::pow(10.0, e);
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push_back(v);
      }
    return out;
  }
  const double raw = (hi - lo) / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / mag < 2 ? mag * 2 : raw / mag < 5 ? mag * 5 : mag * 10;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(v);
  return out;
}

Axis fit_axis(double lo, double hi, bool log, double px_lo, double px_hi, bool from_zero) {
  Axis a;
  a.log = log;
  a.px_lo = px_lo;
  a.px_hi = px_hi;
  if (log) {
    a.lo = std::pow(10.0, std::floor(std::log10(lo)));
    a.hi = std::pow(10.0, std::ceil(std::log10(hi)));
    if (a.hi <= a.lo) a.hi = a.lo * 10;
    return a;
  }
  if (from_zero) lo = std::min(lo, 0.0);
  if (hi <= lo) hi = lo + std::max(1.0, std::fabs(lo) * 0.1);
  const double pad = (hi - lo) * 0.05;
  a.lo = from_zero && lo >= 0 ? 0 : lo - pad;
  a.hi = hi + pad;
  return a;
}

std::string open(const Frame& f, const std::string& title, const std::string& css_class) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\" aria-label=\"{}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      "<text x=\"{}\" y=\"22\" class=\"ct\">{}</text>",
      css_class, f.width, f.height, f.width, f.height, escape(title), 12, escape(title));
}

std::string y_axis(const Frame& f, const Axis& y, const std::string& label) {
  std::string s = fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"ax\"/>", f.left,
                              f.top, f.plot_bottom());
  for (double t : y.ticks()) {
    const double py = y.map(t);
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tk\">{}</text>",
        f.left, py, f.plot_right(), py, f.left - 6, py + 4, tick_label(t));
  }
  s += fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" class=\"al\">{}</text>",
      (f.top + f.plot_bottom()) / 2, escape(label));
  return s;
}

std::string x_axis(const Frame& f, const Axis& x, const std::string& label) {
  std::string s = fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"ax\"/>", f.left,
                              f.plot_bottom(), f.plot_right());
  for (double t : x.ticks())
    s += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" class=\"grid\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" class=\"tk\">{4}</text>",
        x.map(t), f.top, f.plot_bottom(), f.plot_bottom() + 16, tick_label(t));
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"al\">{}</text>",
                   (f.left + f.plot_right()) / 2, f.height - 14, escape(label));
  return s;
}

std::string legend(const Frame& f, const std::vector<std::pair<std::string, size_t>>& items) {
  std::string s;
  double y = f.top + 4;
  for (const auto& [label, c] : items) {
    s += fmt::format(
        "<rect x=\"{}\" y=\"{:.0f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{:.0f}\" class=\"lg\">{}</text>",
        f.plot_right() + 12, y, colour(c), f.plot_right() + 30, y + 10, escape(label));
    y += 18;
  }
  return s;
}

double legend_margin(const std::vector<std::string>& labels) {
  size_t longest = 0;
  for (const auto& l : labels) longest = std::max(longest, l.size());
  return std::max(170.0, 40 + 7.2 * static_cast<double>(longest));
}

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "nan";
}

}  // namespace cudabench::results::report::svg
