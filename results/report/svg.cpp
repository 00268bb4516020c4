// Line charts, stacked bars and the execution-order scatter (svg.h).
#include "results/report/svg.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "results/report/svg_frame.h"

namespace cudabench::results::report::svg {

std::string colour(size_t index) {
  static const char* palette[] = {"#4e79a7", "#e15759", "#f28e2b", "#76b7b2",
                                  "#59a14f", "#edc948", "#b07aa1", "#9c755f"};
  return palette[index % 8];
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string tick_label(double v) {
  const double a = std::fabs(v);
  if (a < 1e-9) return "0";  // accumulated steps leave -1e-15, printed "-0"
  if (a >= 1e6 && std::fmod(a, 1e6) == 0) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e3 && std::fmod(a, 1e3) == 0) return fmt::format("{:g}k", v / 1e3);
  if (a >= 1e5) return fmt::format("{:.3g}", v);
  return fmt::format("{:g}", v);
}

std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, const LineOptions& o) {
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  auto usable = [&](double x, double y) {
    return std::isfinite(x) && std::isfinite(y) && (!o.log_x || x > 0) && (!o.log_y || y > 0);
  };
  for (const auto& sr : series)
    for (const auto& [x, y] : sr.points)
      if (usable(x, y)) {
        xlo = std::min(xlo, x), xhi = std::max(xhi, x);
        ylo = std::min(ylo, y), yhi = std::max(yhi, y);
      }
  if (!std::isfinite(xlo)) return "";
  Frame f;
  std::vector<std::string> labels;
  for (const auto& sr : series) labels.push_back(sr.label);
  f.right = legend_margin(labels);
  f.width += f.right - 170;
  const Axis x = fit_axis(xlo, xhi, o.log_x, f.left, f.plot_right(), false);
  const bool zero = o.from_zero && !o.log_y;
  const Axis y = fit_axis(zero ? std::min(ylo, 0.0) : ylo, yhi, o.log_y, f.plot_bottom(), f.top, zero);
  std::string s = open(f, title, "lines") + y_axis(f, y, y_label) + x_axis(f, x, x_label);
  std::vector<std::pair<std::string, size_t>> items;
  for (const auto& sr : series) {
    std::string d;
    double prev_y = NAN;
    for (const auto& [px, py] : sr.points) {
      if (!usable(px, py)) continue;
      if (d.empty())
        d = fmt::format("M{:.1f} {:.1f}", x.map(px), y.map(py));
      else if (o.steps)  // a CDF or histogram is constant between its points
        d += fmt::format("L{:.1f} {:.1f}L{:.1f} {:.1f}", x.map(px), y.map(prev_y), x.map(px), y.map(py));
      else
        d += fmt::format("L{:.1f} {:.1f}", x.map(px), y.map(py));
      if (o.markers)
        s += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}: {} at {}</title></circle>",
            x.map(px), y.map(py), colour(sr.colour), escape(sr.label), tick_label(py), tick_label(px));
      prev_y = py;
    }
    if (d.empty()) continue;
    s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} data-series=\"{}\"/>",
                     d, colour(sr.colour), sr.dashed ? " stroke-dasharray=\"6 4\"" : "", escape(sr.label));
    if (!sr.label.empty()) items.emplace_back(sr.label, sr.colour);
  }
  return s + legend(f, items) + "</svg>";
}

std::string stacked_bars(const std::string& title, const std::string& x_label,
                         const std::vector<Stack>& stacks) {
  double hi = 0;
  std::map<std::string, size_t> part_colour;
  for (const auto& st : stacks) {
    double sum = 0;
    for (const auto& [name, v] : st.parts) {
      sum += v;
      part_colour.emplace(name, part_colour.size());
    }
    hi = std::max(hi, sum);
  }
  if (!(hi > 0)) return "";
  Frame f;
  f.left = 130;
  std::vector<std::string> labels;
  for (const auto& [name, _] : part_colour) labels.push_back(name);
  f.right = legend_margin(labels);
  f.width += f.right - 170;
  f.height = std::max(200.0, f.top + f.bottom + 34.0 * static_cast<double>(stacks.size()));
  const Axis x = fit_axis(0, hi, false, f.left, f.plot_right(), true);
  std::string s = open(f, title, "stacks") + x_axis(f, x, x_label);
  const double slot = (f.plot_bottom() - f.top) / static_cast<double>(stacks.size());
  for (size_t i = 0; i < stacks.size(); ++i) {
    const double y = f.top + slot * static_cast<double>(i) + slot * 0.15;
    double at = 0;
    for (const auto& [name, v] : stacks[i].parts) {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} {}: {}</title></rect>",
          x.map(at), y, x.map(at + v) - x.map(at), slot * 0.7, colour(part_colour[name]),
          escape(stacks[i].label), escape(name), tick_label(v));
      at += v;
    }
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tk\">{}</text>", f.left - 8,
                     y + slot * 0.4, escape(stacks[i].label));
  }
  std::vector<std::pair<std::string, size_t>> items(part_colour.begin(), part_colour.end());
  return s + legend(f, items) + "</svg>";
}

std::string scatter(const std::string& title, const std::string& x_label, const std::string& y_label,
                    const std::vector<Point>& points, const std::vector<Legend>& legend_items) {
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (const auto& p : points)
    if (std::isfinite(p.y)) {
      xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x);
      ylo = std::min(ylo, p.y), yhi = std::max(yhi, p.y);
    }
  if (!std::isfinite(ylo)) return "";
  Frame f;
  std::vector<std::string> labels;
  for (const auto& l : legend_items) labels.push_back(l.label);
  f.right = legend_margin(labels);
  f.width += f.right - 170;
  const Axis x = fit_axis(xlo, xhi, false, f.left, f.plot_right(), false);
  const Axis y = fit_axis(ylo, yhi, false, f.plot_bottom(), f.top, false);
  std::string s = open(f, title, "scatter") + y_axis(f, y, y_label) + x_axis(f, x, x_label);
  for (const auto& p : points) {
    if (!std::isfinite(p.y)) continue;
    const std::string c = colour(p.colour);
    s += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\">"
        "<title>{}</title></circle>",
        x.map(p.x), y.map(p.y), p.hollow ? "#fff" : c, c, escape(p.tip));
  }
  std::vector<std::pair<std::string, size_t>> items;
  for (const auto& l : legend_items) items.emplace_back(l.label, l.colour);
  return s + legend(f, items) + "</svg>";
}

}  // namespace cudabench::results::report::svg
