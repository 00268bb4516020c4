// GitHub-flavoured markdown: one heading per section, pipe tables with text columns left-aligned
// and number columns right-aligned, charts left out.
#include <ostream>

#include "results/report/renderer.h"
#include "results/report/text_layout.h"

namespace cudabench::results::report {
namespace {

std::string md(const std::string& s) {
  std::string out;
  for (char c : s) {
    // '_' stays: GFM does not emphasise inside words (noisy_cpu), and names are full of them.
    if (c == '|' || c == '*' || c == '`' || c == '\\' || c == '<') out += '\\';
    out += c;
  }
  return out;
}

class MarkdownRenderer final : public Renderer {
 public:
  void render(const Document& doc, std::ostream& out, const RenderOptions&) const override {
    out << "# " << md(doc.title) << "\n\n";
    for (const auto& line : doc.lead) out << md(line) << "\n\n";
    for (const auto& n : doc.notes) out << "> " << md(n) << "\n\n";
    for (const auto& s : doc.sections) {
      out << "## " << md(s.title) << "\n\n";
      for (const auto& b : s.blocks) std::visit([&](const auto& block) { this->block(block, out); }, b);
    }
    if (!doc.verdict.empty()) out << "**" << md(doc.verdict) << "**\n";
  }

 private:
  void block(const Table& t, std::ostream& out) const {
    if (!t.title.empty()) out << "### " << md(t.title) << "\n\n";
    if (t.rows.empty()) {
      out << "_" << md(t.empty_reason.empty() ? "no data" : t.empty_reason) << "_\n\n";
    } else {
      const auto right = numeric_columns(t);
      out << "|";
      for (const auto& h : t.header) out << " " << md(h) << " |";
      out << "\n|";
      for (size_t c = 0; c < t.header.size(); ++c) out << (right[c] ? "---:|" : ":---|");
      out << "\n";
      for (const auto& row : t.rows) {
        out << "|";
        for (size_t c = 0; c < t.header.size(); ++c) out << " " << md(c < row.size() ? row[c] : "") << " |";
        out << "\n";
      }
      out << "\n";
    }
    for (const auto& n : t.notes) out << "_Note: " << md(n) << "_\n\n";
  }
  void block(const Paragraph& p, std::ostream& out) const {
    out << (p.empty ? "_" : "") << md(p.text) << (p.empty ? "_" : "") << "\n\n";
  }
  void block(const Chart&, std::ostream&) const {}
  void block(const Bullets& b, std::ostream& out) const {
    if (b.items.empty()) out << "_" << md(b.empty_text) << "_\n";
    for (const auto& i : b.items)
      out << "- **" << md(i.topic) << "**: " << md(i.finding)
          << (i.action.empty() ? "" : " → " + md(i.action)) << "\n";
    out << "\n";
  }
};

}  // namespace

std::unique_ptr<Renderer> make_markdown_renderer() {
  return std::make_unique<MarkdownRenderer>();
}

}  // namespace cudabench::results::report
