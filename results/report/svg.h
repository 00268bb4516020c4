// Inline SVG charts for the HTML report: no scripts, no external resources, so the file opens
// anywhere offline. Each function returns one complete <svg> element; a chart whose data is missing
// says so inside its frame instead of drawing empty axes.
#pragma once

#include <string>
#include <vector>

namespace cudabench::results::report::svg {

std::string colour(size_t index);             // a qualitative palette, repeated after 8
std::string escape(const std::string& text);  // XML text and attribute escaping

struct Bar {
  std::string label;
  double value = 0, lo = 0, hi = 0;  // lo/hi: the CI whiskers; NaN for none
  size_t colour = 0;
};
// Vertical bars with CI whiskers; log_y draws a decade axis (values <= 0 are left out, noted).
std::string bar_chart(const std::string& title, const std::string& y_label, const std::vector<Bar>& bars,
                      bool log_y, const std::string& missing);

struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  // x, y
  size_t colour = 0;
};
// Step lines (CDFs, histograms) over a log x axis (values in the unit of x_label).
std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, bool log_x, const std::string& missing);

struct Stack {
  std::string label;
  std::vector<std::pair<std::string, double>> parts;  // part name, value
};
// Horizontal stacked bars, one per label; parts coloured by name consistently across bars.
std::string stacked_bars(const std::string& title, const std::string& x_label,
                         const std::vector<Stack>& stacks, const std::string& missing);

struct Point {
  double x = 0, y = 0;
  size_t colour = 0;
  bool hollow = false;
  std::string tip;
};
struct Legend {
  std::string label;
  size_t colour = 0;
};
// Scatter in execution order (the drift strip chart).
std::string strip_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                        const std::vector<Point>& points, const std::vector<Legend>& legend,
                        const std::string& missing);

}  // namespace cudabench::results::report::svg
