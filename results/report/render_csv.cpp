// CSV: the document's one long-format table, quoted as RFC 4180 says.
#include <ostream>

#include "results/report/renderer.h"

namespace cudabench::results::report {
namespace {

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class CsvRenderer final : public Renderer {
 public:
  void render(const Document& doc, std::ostream& out, const RenderOptions&) const override {
    line(doc.csv.header, out);
    for (const auto& row : doc.csv.rows) line(row, out);
  }

 private:
  static void line(const std::vector<std::string>& cells, std::ostream& out) {
    for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << quote(cells[i]);
    out << "\n";
  }
};

}  // namespace

std::unique_ptr<Renderer> make_csv_renderer() {
  return std::make_unique<CsvRenderer>();
}

}  // namespace cudabench::results::report
