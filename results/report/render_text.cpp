// Plain text: sections in order, tables fitted to the width (text_layout.h), charts left out
// (every figure a chart shows is also in a table). Colour only when the caller asks for it.
#include <ostream>

#include "results/report/renderer.h"
#include "results/report/text_layout.h"

namespace cudabench::results::report {
namespace {

class TextRenderer final : public Renderer {
 public:
  void render(const Document& doc, std::ostream& out, const RenderOptions& o) const override {
    heading(doc.title, out, o);
    for (const auto& line : doc.lead) put(wrap(line, o.width, "", ""), out);
    if (!doc.lead.empty()) out << "\n";
    for (const auto& n : doc.notes) put(wrap(n, o.width, "note: ", "      "), out);
    if (!doc.notes.empty()) out << "\n";
    for (const auto& s : doc.sections) {
      heading(s.title, out, o);
      bool printed = false;
      for (const auto& b : s.blocks) {
        if (std::holds_alternative<Chart>(b)) continue;  // charts are for HTML
        // A captioned table after another block gets a blank line, so tables do not run together.
        const auto* t = std::get_if<Table>(&b);
        if (printed && t && !t->title.empty()) out << "\n";
        std::visit([&](const auto& block) { this->block(block, out, o); }, b);
        printed = true;
      }
      out << "\n";
    }
    if (!doc.verdict.empty()) {
      const char* col = o.colour ? verdict_colour(doc.verdict.substr(doc.verdict.rfind(' ') + 1)) : nullptr;
      out << (col ? col : "") << doc.verdict << (col ? ansi_reset : "") << "\n";
    }
  }

 private:
  static void put(const std::vector<std::string>& lines, std::ostream& out) {
    for (const auto& l : lines) out << l << "\n";
  }
  static void heading(const std::string& text, std::ostream& out, const RenderOptions& o) {
    for (const auto& line : wrap(text, o.width, "", ""))
      out << (o.colour ? ansi_bold : "") << line << (o.colour ? ansi_reset : "") << "\n";
  }
  void block(const Table& t, std::ostream& out, const RenderOptions& o) const {
    if (!t.title.empty()) put(wrap(t.title, o.width, "  ", "  "), out);
    if (t.rows.empty())
      put(wrap(t.empty_reason.empty() ? "no data" : t.empty_reason, o.width, "  ", "  "), out);
    else
      put(layout_table(t, o.width, o.colour), out);
    for (const auto& n : t.notes) put(wrap(n, o.width, "  note: ", "        "), out);
  }
  void block(const Paragraph& p, std::ostream& out, const RenderOptions& o) const {
    put(wrap(p.text, o.width, "  ", "  "), out);
  }
  void block(const Chart&, std::ostream&, const RenderOptions&) const {}  // never called: skipped above
  void block(const Bullets& b, std::ostream& out, const RenderOptions& o) const {
    if (b.items.empty()) put(wrap(b.empty_text, o.width, "  ", "  "), out);
    for (const auto& i : b.items) {
      put(wrap("[" + i.topic + "] " + i.finding, o.width, "  - ", "    "), out);
      if (!i.action.empty()) put(wrap(i.action, o.width, "    -> ", "       "), out);
    }
  }
};

}  // namespace

std::unique_ptr<Renderer> make_text_renderer() {
  return std::make_unique<TextRenderer>();
}

}  // namespace cudabench::results::report
