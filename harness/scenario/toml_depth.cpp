#include "harness/scenario/toml_depth.h"

#include <vector>

namespace cudabench::harness {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, int max_depth) : text_(text), max_(max_depth) {}

  std::optional<TomlDepthExcess> run() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '#') {
        skip_to_newline();
      } else if (c == '"' || c == '\'') {
        skip_string(c);
      } else {
        if (step(c)) return TomlDepthExcess{line_, column()};
        ++i_;
      }
    }
    return std::nullopt;
  }

 private:
  // One character outside strings and comments; true when the depth limit is passed.
  bool step(char c) {
    switch (c) {
      case '\n':
        ++line_;
        line_start_ = i_ + 1;
        if (open_.empty()) key_ = true, dots_ = 0;  // a new line at top level starts a key
        return false;
      case '[':
      case '{':
        open_.push_back(c);
        key_ = c == '{' || open_.size() == 1;  // an inline table or a [header] holds keys
        dots_ = 0;
        return depth() > max_;
      case ']':
      case '}':
        if (!open_.empty()) open_.pop_back();
        return false;
      case ',':
        key_ = !open_.empty() && open_.back() == '{';
        dots_ = 0;
        return false;
      case '=': key_ = false; return false;
      case '.':
        if (key_) ++dots_;
        return depth() > max_;
      default: return false;
    }
  }
  int depth() const { return static_cast<int>(open_.size()) + dots_; }
  int column() const { return static_cast<int>(i_ - line_start_) + 1; }

  void skip_to_newline() {
    while (i_ < text_.size() && text_[i_] != '\n') ++i_;
  }
  void skip_string(char quote) {
    const bool multi = text_.substr(i_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
    i_ += multi ? 3 : 1;
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\\' && quote == '"') {
        i_ += 2;
        continue;
      }
      if (c == '\n') {
        if (!multi) return;  // an unterminated string: the parser reports it
        ++line_;
        line_start_ = i_ + 1;
      }
      if (c == quote &&
          (!multi || text_.substr(i_, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''"))) {
        i_ += multi ? 3 : 1;
        return;
      }
      ++i_;
    }
  }

  std::string_view text_;
  int max_;
  size_t i_ = 0, line_start_ = 0;
  int line_ = 1, dots_ = 0;
  bool key_ = true;
  std::vector<char> open_;
};

}  // namespace

std::optional<TomlDepthExcess> toml_depth_excess(std::string_view text, int max_depth) {
  return Scanner(text, max_depth).run();
}

}  // namespace cudabench::harness
