// JSON: the document's versioned JSON (docs/json.md), on one line.
#include <ostream>

#include "results/report/renderer.h"

namespace cudabench::results::report {
namespace {

class JsonRenderer final : public Renderer {
 public:
  void render(const Document& doc, std::ostream& out, const RenderOptions&) const override {
    write_json(doc.json, out);
  }
};

}  // namespace

std::unique_ptr<Renderer> make_json_renderer() {
  return std::make_unique<JsonRenderer>();
}

}  // namespace cudabench::results::report
