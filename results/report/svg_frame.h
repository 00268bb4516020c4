// The pieces every chart of svg.h is drawn with: a linear or logarithmic axis mapped to pixels,
// the frame and title, the axes with ticks and the legend.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cudabench::results::report::svg {

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double px_lo = 0, px_hi = 1;
  double map(double v) const;
  std::vector<double> ticks() const;
};
// An axis covering [lo, hi]: padded by 5% when linear, widened to whole decades when log (values
// must then be > 0); from_zero starts a linear axis at 0 when the data are non-negative.
Axis fit_axis(double lo, double hi, bool log, double px_lo, double px_hi, bool from_zero);

struct Frame {
  double width = 760, height = 330;
  double left = 80, right = 170, top = 34, bottom = 56;
  double plot_right() const { return width - right; }
  double plot_bottom() const { return height - bottom; }
};

// <svg ...> with the title; `css_class` names the chart for styling and tests.
std::string open(const Frame& f, const std::string& title, const std::string& css_class);
std::string y_axis(const Frame& f, const Axis& y, const std::string& label);
std::string x_axis(const Frame& f, const Axis& x, const std::string& label);
std::string legend(const Frame& f, const std::vector<std::pair<std::string, size_t>>& items);
// The right margin a legend of these labels needs (at least the default's 170 px).
double legend_margin(const std::vector<std::string>& labels);
std::string num(double v);  // an attribute value: shortest form, "nan" for NaN

}  // namespace cudabench::results::report::svg
