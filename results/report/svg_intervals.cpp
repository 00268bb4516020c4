// Intervals drawn as intervals: the forest plot (one row per scenario, point and CI) and the strip
// plot (every run as a dot beside its mean and CI). No bar stands for a mean here: a bar's length
// would say something a mean of a few noisy runs cannot.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "results/report/svg.h"
#include "results/report/svg_frame.h"

namespace cudabench::results::report::svg {
namespace {

double text_px(const std::string& s, double per_char) {
  return static_cast<double>(s.size()) * per_char;
}

// The axis range: every estimate, the band and zero always; intervals only as far as three times
// that core span beyond it, so one huge interval does not squash the others (it gets an arrow).
std::pair<double, double> interval_range(const std::vector<IntervalRow>& rows, const IntervalOptions& o) {
  double core_lo = INFINITY, core_hi = -INFINITY, lo = INFINITY, hi = -INFINITY;
  for (const auto& r : rows) {
    if (o.log_x && !(r.estimate > 0)) continue;
    core_lo = std::min(core_lo, r.estimate), core_hi = std::max(core_hi, r.estimate);
    if (std::isfinite(r.lo) && (!o.log_x || r.lo > 0)) lo = std::min(lo, r.lo);
    if (std::isfinite(r.hi)) hi = std::max(hi, r.hi);
  }
  if (!std::isfinite(core_lo)) return {NAN, NAN};
  if (o.log_x) return {std::min(lo, core_lo), std::max(hi, core_hi)};
  if (o.zero_line) core_lo = std::min(core_lo, 0.0), core_hi = std::max(core_hi, 0.0);
  if (o.band > 0) core_lo = std::min(core_lo, -o.band), core_hi = std::max(core_hi, o.band);
  const double span = std::max(core_hi - core_lo, 1.0);
  return {std::max(std::min(lo, core_lo), core_lo - 3 * span),
          std::min(std::max(hi, core_hi), core_hi + 3 * span)};
}

std::string row_marks(const IntervalRow& r, const Axis& x, double y) {
  const double a = x.lo, b = x.hi;
  std::string s = fmt::format(
      "<g class=\"row\" data-label=\"{}\" data-estimate=\"{}\" data-lo=\"{}\" "
      "data-hi=\"{}\"><title>{}</title>",
      escape(r.label), num(r.estimate), num(r.lo), num(r.hi), escape(r.tip));
  if (std::isfinite(r.lo) && std::isfinite(r.hi)) {
    const double from = x.map(std::clamp(r.lo, a, b)), to = x.map(std::clamp(r.hi, a, b));
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"ci\"/>", from, y,
                     to, y);
    // A cap where the interval ends inside the axis, an arrow where it runs on.
    for (auto [end, v, dir] : {std::tuple{from, r.lo, -1.0}, std::tuple{to, r.hi, 1.0}}) {
      if (v < a || v > b)
        s += fmt::format("<path d=\"M{:.1f} {:.1f}l{:.1f} -4v8z\" fill=\"#111\"/>", end + dir * 6, y,
                         -dir * 6);
      else
        s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" class=\"ci\"/>",
                         end, y - 5, y + 5);
    }
  }
  if (r.estimate >= a && r.estimate <= b)
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5.5\" fill=\"{}\"/>", x.map(r.estimate), y,
                     colour(r.colour));
  return s + "</g>";
}

}  // namespace

std::string interval_rows(const std::string& title, const std::string& x_label,
                          const std::vector<IntervalRow>& rows, const IntervalOptions& o) {
  const auto [lo, hi] = interval_range(rows, o);
  if (!std::isfinite(lo)) return "";
  Frame f;
  double label_w = 0, note_w = 0;
  for (const auto& r : rows)
    label_w = std::max(label_w, text_px(r.label, 7.5)), note_w = std::max(note_w, text_px(r.note, 6.6));
  f.width = 900;
  f.left = std::clamp(label_w + 20, 90.0, 240.0);
  f.right = std::clamp(note_w + 16, 120.0, 360.0);
  f.top = 44;
  f.height = f.top + f.bottom + 30.0 * static_cast<double>(rows.size());
  const Axis x = fit_axis(lo, hi, o.log_x, f.left, f.plot_right(), false);
  std::string s = open(f, title, o.css_class);
  if (o.band > 0 && !o.log_x) {
    const double from = x.map(std::max(-o.band, x.lo)), to = x.map(std::min(o.band, x.hi));
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" class=\"band\"><title>{}</title></rect>"
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"rl\">{}</text>",
        from, f.top, to - from, f.plot_bottom() - f.top, escape(o.band_label), (from + to) / 2, f.top - 4,
        escape(o.band_label));
  }
  s += x_axis(f, x, x_label);
  if (o.zero_line && !o.log_x && x.lo <= 0 && x.hi >= 0)
    s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" class=\"zero\"/>", x.map(0),
                     f.top, f.plot_bottom());
  for (size_t i = 0; i < rows.size(); ++i) {
    const double y = f.top + 30.0 * (static_cast<double>(i) + 0.5);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"lg\">{}</text>", f.left - 10,
                     y + 4, escape(rows[i].label));
    s += row_marks(rows[i], x, y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"rl\">{}</text>", f.plot_right() + 10, y + 4,
                     escape(rows[i].note));
  }
  return s + "</svg>";
}

namespace {

// Horizontal offsets that keep dots of close values apart: dots within a few pixels of each other
// share a bin and fan out left and right of the group's centre line (a small beeswarm).
std::vector<double> swarm_offsets(const std::vector<double>& py) {
  std::map<long, int> taken;
  std::vector<double> out;
  for (double y : py) {
    const int k = taken[std::lround(y / 7)]++;
    out.push_back((k % 2 ? 1.0 : -1.0) * std::ceil(k / 2.0) * 7);
  }
  return out;
}

}  // namespace

std::string strip_plot(const std::string& title, const std::string& y_label,
                       const std::vector<StripGroup>& groups) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& g : groups)
    for (double v : g.values)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return "";
  for (const auto& g : groups) {
    if (std::isfinite(g.lo)) lo = std::min(lo, g.lo);
    if (std::isfinite(g.hi)) hi = std::max(hi, g.hi);
  }
  Frame f;
  f.right = 20;
  f.bottom = 62;
  f.width = std::max(560.0, f.left + f.right + 130.0 * static_cast<double>(groups.size()));
  const Axis y = fit_axis(lo, hi, false, f.plot_bottom(), f.top, false);
  std::string s = open(f, title, "strip") + y_axis(f, y, y_label);
  const double slot = (f.plot_right() - f.left) / static_cast<double>(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    const auto& g = groups[i];
    const double cx = f.left + slot * (static_cast<double>(i) + 0.5);
    const std::string c = colour(g.colour);
    std::vector<double> py;
    for (double v : g.values) py.push_back(std::isfinite(v) ? y.map(v) : NAN);
    const auto dx = swarm_offsets(py);
    for (size_t k = 0; k < g.values.size(); ++k) {
      if (!std::isfinite(g.values[k])) continue;
      const bool hollow = k < g.hollow.size() && g.hollow[k];
      s += fmt::format(
          "<circle class=\"dot\" data-group=\"{}\" data-value=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" "
          "fill=\"{}\" "
          "stroke=\"{}\" stroke-width=\"1.5\" fill-opacity=\"0.8\"><title>{}: {}</title></circle>",
          escape(g.label), num(g.values[k]), cx - 16 + dx[k], py[k], hollow ? "#fff" : c, c, escape(g.label),
          tick_label(g.values[k]));
    }
    const double mx = cx + 26;
    s += fmt::format("<g class=\"mean\" data-group=\"{}\" data-mean=\"{}\" data-lo=\"{}\" data-hi=\"{}\">",
                     escape(g.label), num(g.mean), num(g.lo), num(g.hi));
    if (std::isfinite(g.lo) && std::isfinite(g.hi))
      s += fmt::format(
          "<path d=\"M{0:.1f} {1:.1f}V{2:.1f}M{3:.1f} {1:.1f}H{4:.1f}M{3:.1f} {2:.1f}H{4:.1f}\" "
          "class=\"ci\"/>",
          mx, y.map(g.lo), y.map(g.hi), mx - 5, mx + 5);
    if (std::isfinite(g.mean))
      s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"#111\"/>", mx - 5,
                       y.map(g.mean) - 5);
    s += "<title>" +
         escape(fmt::format("{}: mean {} [{}, {}], n={}", g.label, tick_label(g.mean), tick_label(g.lo),
                            tick_label(g.hi), g.values.size())) +
         "</title></g>";
    s += fmt::format(
        "<text x=\"{0:.1f}\" y=\"{1}\" text-anchor=\"middle\" class=\"lg\">{2}</text>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" class=\"tk\">n={4}</text>",
        cx, f.plot_bottom() + 20, escape(g.label), f.plot_bottom() + 36, g.values.size());
  }
  return s + "</svg>";
}

}  // namespace cudabench::results::report::svg
