// Format dispatch for reports and comparisons.
#include "results/report/model.h"
#include "results/report/tables.h"

namespace cudabench::results::report {

void render(const Report& report, Format format, std::ostream& out, const TextStyle& style) {
  switch (format) {
    case Format::text: render_text(report, out, style); return;
    case Format::markdown: render_markdown(report, out); return;
    case Format::json: render_json(report, out); return;
    case Format::csv: render_csv(report, out); return;
    case Format::html: render_html(report, out); return;
  }
}

void render_comparison(const Comparison& comparison, Format format, std::ostream& out,
                       const TextStyle& style) {
  switch (format) {
    case Format::text: render_comparison_text(comparison, out, style, false); return;
    // A comparison has no charts: its HTML form would only wrap the markdown table.
    case Format::html:
    case Format::markdown: render_comparison_text(comparison, out, style, true); return;
    case Format::json: render_comparison_json(comparison, out); return;
    case Format::csv: render_comparison_csv(comparison, out); return;
  }
}

}  // namespace cudabench::results::report
