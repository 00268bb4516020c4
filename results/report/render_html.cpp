// One self-contained HTML file: inline CSS and SVG, no script, no network. The sections in order,
// each with its charts first and its tables after, and a table of contents at the top.
#include <ostream>

#include <fmt/format.h>

#include "results/report/renderer.h"
#include "results/report/svg.h"
#include "results/report/text_layout.h"

namespace cudabench::results::report {
namespace {

constexpr const char* css =
    "body{font:15px/1.45 system-ui,sans-serif;margin:24px auto;color:#222;max-width:1280px;padding:0 16px}"
    "h1{margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}"
    "h3{font-size:15px;margin:16px 0 4px}"
    "table{border-collapse:collapse;margin:8px 0 4px;display:block;overflow-x:auto;max-width:100%}"
    "td,th{border:1px solid #ddd;padding:3px 8px;"
    "text-align:left;vertical-align:top}th{background:#f3f3f3}td.n,th.n{text-align:right;white-space:nowrap}"
    ".slower{color:#b00}.faster{color:#070}.unresolved{color:#8a6d00}.note{color:#555;font-size:13px;"
    "margin:2px 0}.empty{color:#666;font-style:italic}.lead{margin:2px 0}nav{font-size:13px;color:#555}"
    "nav a{margin-right:10px}figure{margin:12px 0}svg{max-width:100%;height:auto;border:1px solid #eee}"
    ".verdict{font-size:18px;font-weight:600}"
    ".ct{font-weight:600;font-size:15px}.tk{font-size:12px;fill:#444}.al{font-size:13px;fill:#222}"
    ".lg{font-size:13px}.ax{stroke:#333}.grid{stroke:#eee}.ci{stroke:#111;stroke-width:1.5;fill:none}"
    ".zero{stroke:#555;stroke-dasharray:4 3}.band{fill:#e8eef6}.rl{font-size:12px;fill:#333}";

std::string esc(const std::string& s) {
  return svg::escape(s);
}

const char* cell_class(const std::string& cell) {
  if (cell.find("slower") != std::string::npos || cell == "FAIL") return "slower";
  if (cell.find("faster") != std::string::npos || cell == "PASS") return "faster";
  if (cell.rfind("not resolved", 0) == 0 || cell == "INCONCLUSIVE") return "unresolved";
  return nullptr;
}

std::string table_html(const Table& t) {
  std::string s;
  if (!t.title.empty()) s += "<h3>" + esc(t.title) + "</h3>";
  if (t.rows.empty()) {
    s += fmt::format("<p class=\"empty\">{}</p>", esc(t.empty_reason.empty() ? "no data" : t.empty_reason));
  } else {
    const auto right = numeric_columns(t);
    s += "<table><tr>";
    for (size_t c = 0; c < t.header.size(); ++c)
      s += fmt::format("<th{}>{}</th>", right[c] ? " class=\"n\"" : "", esc(t.header[c]));
    s += "</tr>";
    for (const auto& row : t.rows) {
      s += "<tr>";
      for (size_t c = 0; c < t.header.size(); ++c) {
        const std::string cell = c < row.size() ? row[c] : "";
        const char* cls = cell_class(cell);
        const std::string classes =
            std::string(right[c] ? "n" : "") + (cls && right[c] ? " " : "") + (cls ? cls : "");
        s += fmt::format("<td{}>{}</td>", classes.empty() ? "" : " class=\"" + classes + "\"", esc(cell));
      }
      s += "</tr>";
    }
    s += "</table>";
  }
  for (const auto& n : t.notes) s += "<p class=\"note\">" + esc(n) + "</p>";
  return s;
}

std::string block_html(const Block& b) {
  if (const auto* t = std::get_if<Table>(&b)) return table_html(*t);
  if (const auto* p = std::get_if<Paragraph>(&b))
    return fmt::format("<p{}>{}</p>", p->empty ? " class=\"empty\"" : "", esc(p->text));
  if (const auto* c = std::get_if<Chart>(&b)) return "<figure>" + c->svg + "</figure>";
  const auto& list = std::get<Bullets>(b);
  if (list.items.empty()) return "<p class=\"empty\">" + esc(list.empty_text) + "</p>";
  std::string s = "<ul>";
  for (const auto& i : list.items)
    s += "<li><b>" + esc(i.topic) + "</b>: " + esc(i.finding) +
         (i.action.empty() ? "" : " &rarr; " + esc(i.action)) + "</li>";
  return s + "</ul>";
}

class HtmlRenderer final : public Renderer {
 public:
  void render(const Document& doc, std::ostream& out, const RenderOptions&) const override {
    out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        << "<title>" << esc(doc.title) << "</title><style>" << css << "</style></head><body>";
    out << "<h1>" << esc(doc.title) << "</h1>";
    for (const auto& line : doc.lead) out << "<p class=\"lead\">" << esc(line) << "</p>";
    for (const auto& n : doc.notes) out << "<p class=\"note\">" << esc(n) << "</p>";
    if (doc.sections.size() > 2) {
      out << "<nav>";
      for (const auto& s : doc.sections) out << "<a href=\"#" << esc(s.id) << "\">" << esc(s.title) << "</a>";
      out << "</nav>";
    }
    if (!doc.verdict.empty()) {
      const char* cls = cell_class(doc.verdict.substr(doc.verdict.rfind(' ') + 1));
      out << "<p class=\"verdict " << (cls ? cls : "") << "\">" << esc(doc.verdict) << "</p>";
    }
    for (const auto& s : doc.sections) {
      out << "<section id=\"" << esc(s.id) << "\"><h2>" << esc(s.title) << "</h2>";
      for (const auto& b : s.blocks) out << block_html(b);
      out << "</section>";
    }
    out << "</body></html>\n";
  }
};

}  // namespace

std::unique_ptr<Renderer> make_html_renderer() {
  return std::make_unique<HtmlRenderer>();
}

}  // namespace cudabench::results::report
