#include <algorithm>

#include "results/report/renderer.h"

namespace cudabench::results::report {
namespace {

bool has_word(std::string_view words, std::string_view word) {
  while (!words.empty()) {
    const size_t end = std::min(words.find(' '), words.size());
    if (words.substr(0, end) == word) return true;
    words.remove_prefix(std::min(end + 1, words.size()));
  }
  return false;
}

}  // namespace

const std::vector<FormatInfo>& formats() {
  static const std::vector<FormatInfo> list = {
      {"text", "txt", ".txt", make_text_renderer},
      {"markdown", "md", ".md .markdown", make_markdown_renderer},
      {"json", "", ".json", make_json_renderer},
      {"csv", "", ".csv", make_csv_renderer},
      {"html", "htm", ".html .htm", make_html_renderer},
  };
  return list;
}

const FormatInfo* find_format(std::string_view name) {
  for (const auto& f : formats())
    if (f.name == name || has_word(f.aliases, name)) return &f;
  return nullptr;
}

const FormatInfo* format_for_path(std::string_view path) {
  const size_t slash = path.rfind('/'), dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return nullptr;
  std::string ext(path.substr(dot));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& f : formats())
    if (has_word(f.extensions, ext)) return &f;
  return nullptr;
}

std::string format_names() {
  std::string out;
  const auto& list = formats();
  for (size_t i = 0; i < list.size(); ++i)
    out += std::string(i == 0 ? "" : i + 1 == list.size() ? " or " : ", ") + std::string(list[i].name);
  return out;
}

}  // namespace cudabench::results::report
