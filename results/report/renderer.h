// The output formats behind one interface. A format is one file that implements Renderer and one
// line in formats.cpp naming it; `report --format`, `-o FILE`'s extension, `--help` and the shell
// completions all read that list.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "results/report/document.h"

namespace cudabench::results::report {

struct RenderOptions {
  bool colour = false;  // ANSI colour for verdicts (text on a terminal, NO_COLOR unset or empty)
  int width = 120;      // text tables are split to fit this many columns
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void render(const Document& doc, std::ostream& out, const RenderOptions& options) const = 0;
};

struct FormatInfo {
  std::string_view name;        // what --format takes
  std::string_view aliases;     // other words --format accepts, space-separated
  std::string_view extensions;  // -o FILE extensions that choose it, space-separated
  std::unique_ptr<Renderer> (*make)();
};

const std::vector<FormatInfo>& formats();
const FormatInfo* find_format(std::string_view name);      // by name or alias
const FormatInfo* format_for_path(std::string_view path);  // by extension; null when none matches
std::string format_names();                                // "text, markdown, json, csv or html"

// Each format's Renderer (render_<name>.cpp).
std::unique_ptr<Renderer> make_text_renderer();
std::unique_ptr<Renderer> make_markdown_renderer();
std::unique_ptr<Renderer> make_json_renderer();
std::unique_ptr<Renderer> make_csv_renderer();
std::unique_ptr<Renderer> make_html_renderer();

}  // namespace cudabench::results::report
