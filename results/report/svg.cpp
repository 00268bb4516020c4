#include "results/report/svg.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace cudabench::results::report::svg {
namespace {

constexpr double width = 760, height = 330;
constexpr double left = 80, right = 170, top = 34, bottom = 56;  // right: legend column

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double px_lo = 0, px_hi = 1;
  double map(double v) const {
    const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
    const double x = log ? std::log10(v) : v;
    return px_lo + (x - a) / (b - a) * (px_hi - px_lo);
  }
  std::vector<double> ticks() const {
    std::vector<double> out;
    if (log) {
      for (double e = std::floor(std::log10(lo)); e <= std::ceil(std::log10(hi)); ++e) {
        const double v = std::pow(10.0, e);
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
};

Axis fit(double lo, double hi, bool log, double px_lo, double px_hi, bool from_zero) {
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
  if (hi <= lo) hi = lo + 1;
  const double pad = (hi - lo) * 0.05;
  a.lo = from_zero && lo >= 0 ? 0 : lo - pad;
  a.hi = hi + pad;
  return a;
}

std::string tick_label(double v) {
  if (std::fabs(v) < 1e-9) return "0";  // accumulated steps leave -1e-15, printed "-0"
  if (v != 0 && (std::fabs(v) >= 1e5 || std::fabs(v) < 1e-3)) return fmt::format("{:.0e}", v);
  return fmt::format("{:g}", v);
}

std::string open(const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      "<text x=\"{}\" y=\"20\" class=\"ct\">{}</text>",
      width, height, width, height, escape(title), left, escape(title));
}

std::string missing_frame(const std::string& title, const std::string& why) {
  return open(title) +
         fmt::format(
             "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f6f6f6\" stroke=\"#ccc\"/>"
             "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"missing\">{}</text></svg>",
             left, top, width - left - right, height - top - bottom, (width - right + left) / 2,
             (height - bottom + top) / 2, escape(why));
}

std::string y_axis(const Axis& y, const std::string& label) {
  std::string s = fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"ax\"/>", left, top,
                              height - bottom);
  for (double t : y.ticks()) {
    const double py = y.map(t);
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tk\">{}</text>",
        left, py, width - right, py, left - 6, py + 4, tick_label(t));
  }
  s += fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" class=\"al\">{}</text>",
      (top + height - bottom) / 2, escape(label));
  return s;
}

std::string x_axis(const Axis& x, const std::string& label) {
  std::string s = fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"ax\"/>", left,
                              height - bottom, width - right);
  for (double t : x.ticks())
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tk\">{}</text>", x.map(t),
                     height - bottom + 16, tick_label(t));
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"al\">{}</text>",
                   (left + width - right) / 2, height - 14, escape(label));
  return s;
}

std::string legend(const std::vector<std::pair<std::string, size_t>>& items) {
  std::string s;
  double y = top + 4;
  for (const auto& [label, c] : items) {
    s += fmt::format(
        "<rect x=\"{}\" y=\"{:.0f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{:.0f}\" class=\"lg\">{}</text>",
        width - right + 12, y, colour(c), width - right + 30, y + 10, escape(label));
    y += 18;
  }
  return s;
}

}  // namespace

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

std::string bar_chart(const std::string& title, const std::string& y_label, const std::vector<Bar>& bars,
                      bool log_y, const std::string& missing) {
  std::vector<Bar> shown;
  for (const auto& b : bars)
    if (std::isfinite(b.value) && (!log_y || b.value > 0)) shown.push_back(b);
  if (shown.empty()) return missing_frame(title, missing);
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& b : shown) {
    lo = std::min({lo, b.value, std::isfinite(b.lo) && (!log_y || b.lo > 0) ? b.lo : b.value});
    hi = std::max({hi, b.value, std::isfinite(b.hi) ? b.hi : b.value});
  }
  const Axis y = fit(lo, hi, log_y, height - bottom, top, true);
  std::string s = open(title) + y_axis(y, y_label);
  const double slot = (width - left - right) / static_cast<double>(shown.size());
  const double base = log_y ? height - bottom : y.map(0);
  for (size_t i = 0; i < shown.size(); ++i) {
    const auto& b = shown[i];
    const double cx = left + slot * (i + 0.5), w = slot * 0.6, py = y.map(b.value);
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>{}: {:g}</title></rect>",
        cx - w / 2, std::min(py, base), w, std::fabs(base - py), colour(b.colour), escape(b.label), b.value);
    if (std::isfinite(b.lo) && std::isfinite(b.hi) && (!log_y || b.lo > 0)) {
      const double a = y.map(b.lo), c = y.map(b.hi);
      s += fmt::format(
          "<path d=\"M{0:.1f} {1:.1f}V{2:.1f}M{3:.1f} {1:.1f}H{4:.1f}M{3:.1f} {2:.1f}H{4:.1f}\" "
          "class=\"ci\"/>",
          cx, a, c, cx - w / 4, cx + w / 4);
    }
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"tk\">{}</text>", cx,
                     height - bottom + 16, escape(b.label));
  }
  if (shown.size() < bars.size())
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tk\">{} scenario(s) without a value left out</text>",
                     width - right + 12, height - bottom, bars.size() - shown.size());
  return s + "</svg>";
}

std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, bool log_x, const std::string& missing) {
  double xlo = INFINITY, xhi = -INFINITY, yhi = 0;
  for (const auto& sr : series)
    for (const auto& [x, yv] : sr.points)
      if (std::isfinite(x) && (!log_x || x > 0)) {
        xlo = std::min(xlo, x);
        xhi = std::max(xhi, x);
        yhi = std::max(yhi, yv);
      }
  if (!std::isfinite(xlo)) return missing_frame(title, missing);
  const Axis x = fit(xlo, xhi, log_x, left, width - right, false);
  const Axis y = fit(0, yhi > 0 ? yhi : 1, false, height - bottom, top, true);
  std::string s = open(title) + y_axis(y, y_label) + x_axis(x, x_label);
  std::vector<std::pair<std::string, size_t>> items;
  for (const auto& sr : series) {
    if (sr.points.empty()) continue;
    std::string d;
    double prev_y = 0;
    for (const auto& [px, py] : sr.points) {
      if (log_x && px <= 0) continue;
      // Steps: a CDF or histogram is constant between its points.
      d += fmt::format("{}{:.1f} {:.1f}L{:.1f} {:.1f}", d.empty() ? "M" : "L", x.map(px), y.map(prev_y),
                       x.map(px), y.map(py));
      prev_y = py;
    }
    s += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>", d, colour(sr.colour));
    items.emplace_back(sr.label, sr.colour);
  }
  return s + legend(items) + "</svg>";
}

std::string stacked_bars(const std::string& title, const std::string& x_label,
                         const std::vector<Stack>& stacks, const std::string& missing) {
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
  if (!(hi > 0)) return missing_frame(title, missing);
  const Axis x = fit(0, hi, false, left + 40, width - right, true);
  std::string s = open(title) + x_axis(x, x_label);
  const double slot = (height - top - bottom) / static_cast<double>(stacks.size());
  for (size_t i = 0; i < stacks.size(); ++i) {
    const double y = top + slot * i + slot * 0.15;
    double at = 0;
    for (const auto& [name, v] : stacks[i].parts) {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} {}: {:g}</title></rect>",
          x.map(at), y, x.map(at + v) - x.map(at), slot * 0.7, colour(part_colour[name]),
          escape(stacks[i].label), escape(name), v);
      at += v;
    }
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"tk\">{}</text>", left + 34,
                     y + slot * 0.4, escape(stacks[i].label));
  }
  std::vector<std::pair<std::string, size_t>> items(part_colour.begin(), part_colour.end());
  return s + legend(items) + "</svg>";
}

std::string strip_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                        const std::vector<Point>& points, const std::vector<Legend>& legend_items,
                        const std::string& missing) {
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (const auto& p : points)
    if (std::isfinite(p.y)) {
      xlo = std::min(xlo, p.x);
      xhi = std::max(xhi, p.x);
      ylo = std::min(ylo, p.y);
      yhi = std::max(yhi, p.y);
    }
  if (!std::isfinite(ylo)) return missing_frame(title, missing);
  const Axis x = fit(xlo, xhi, false, left, width - right, false);
  const Axis y = fit(ylo, yhi, false, height - bottom, top, false);
  std::string s = open(title) + y_axis(y, y_label) + x_axis(x, x_label);
  for (const auto& p : points) {
    if (!std::isfinite(p.y)) continue;
    const std::string c = colour(p.colour);
    s += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\" stroke=\"{}\"><title>{}</title></circle>",
        x.map(p.x), y.map(p.y), p.hollow ? "#fff" : c, c, escape(p.tip));
  }
  std::vector<std::pair<std::string, size_t>> items;
  for (const auto& l : legend_items) items.emplace_back(l.label, l.colour);
  return s + legend(items) + "</svg>";
}

}  // namespace cudabench::results::report::svg
