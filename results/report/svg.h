// Inline SVG charts for the HTML report: no scripts, no external resources, so the file opens
// anywhere offline. Each function returns one complete <svg> element, or an empty string when it
// has nothing to draw (the section then says why in a sentence instead of a placeholder frame).
// Every mark carries a <title> tooltip with its numbers and data-* attributes naming what it is.
#pragma once

#include <string>
#include <vector>

namespace cudabench::results::report::svg {

std::string colour(size_t index);             // a qualitative palette, repeated after 8
std::string escape(const std::string& text);  // XML text and attribute escaping
std::string tick_label(double v);             // 0.5, 20, 1k, 10k, 1M

// One row of a forest plot: a point with its interval, a label on the left, a note on the right.
struct IntervalRow {
  std::string label, note, tip;
  double estimate = 0, lo = 0, hi = 0;  // lo/hi NaN: no interval
  size_t colour = 0;
};
struct IntervalOptions {
  bool log_x = false;
  bool zero_line = false;  // a dashed line at x = 0 (changes in %)
  double band = 0;         // > 0: a shaded band from -band to +band (the threshold)
  std::string band_label;
  std::string css_class = "intervals";  // on the <svg>, for tests and styling
};
// Horizontal intervals, one row each: the forest plot of the headline (change in % vs baseline)
// and any per-scenario estimate with its CI on a log axis (Sched/1K). Intervals that run past
// the axis end in an arrow with their value in the row's note.
std::string interval_rows(const std::string& title, const std::string& x_label,
                          const std::vector<IntervalRow>& rows, const IntervalOptions& options);

// One group of a strip plot: every run as a dot, beside it the mean with its interval.
struct StripGroup {
  std::string label;
  std::vector<double> values;
  std::vector<bool> hollow;  // per value (a traced run); may be empty
  double mean = 0, lo = 0, hi = 0;
  size_t colour = 0;
};
std::string strip_plot(const std::string& title, const std::string& y_label,
                       const std::vector<StripGroup>& groups);

struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  // x, y
  size_t colour = 0;
  bool dashed = false;
};
struct LineOptions {
  bool log_x = false, log_y = false;
  bool steps = true;     // a step line (CDFs, histograms); false: straight segments
  bool markers = false;  // a dot at each point
  bool from_zero =
      true;  // a linear y axis starts at 0; false: it covers the values only (a series over time)
};
std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, const LineOptions& options);

struct Stack {
  std::string label;
  std::vector<std::pair<std::string, double>> parts;  // part name, value
};
// Horizontal stacked bars, one per label; parts coloured by name consistently across bars.
std::string stacked_bars(const std::string& title, const std::string& x_label,
                         const std::vector<Stack>& stacks);

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
// A scatter of runs in execution order (drift shows as a trend).
std::string scatter(const std::string& title, const std::string& x_label, const std::string& y_label,
                    const std::vector<Point>& points, const std::vector<Legend>& legend);

}  // namespace cudabench::results::report::svg
