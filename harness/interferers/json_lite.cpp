#include "harness/interferers/json_lite.h"

#include <cstdlib>
#include <stdexcept>

namespace cudabench::harness::json {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Value document() {
    Value v = value(0);
    skip_space();
    if (pos_ != text_.size()) fail("trailing characters");
    return v;
  }

 private:
  // Deep nesting would overflow the stack; no report we read comes close.
  static constexpr int max_depth = 256;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("JSON: " + what + " at byte " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  char peek() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end");
    return text_[pos_];
  }
  void expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) fail("invalid literal");
    pos_ += word.size();
  }

  Value value(int depth) {
    if (depth > max_depth) fail("nesting too deep");
    const char c = peek();
    Value v;
    if (c == '{') {
      v.data = object(depth);
    } else if (c == '[') {
      v.data = array(depth);
    } else if (c == '"') {
      v.data = string();
    } else if (c == 't') {
      expect_word("true"), v.data = true;
    } else if (c == 'f') {
      expect_word("false"), v.data = false;
    } else if (c == 'n') {
      expect_word("null"), v.data = nullptr;
    } else {
      v.data = number();
    }
    return v;
  }

  std::shared_ptr<Object> object(int depth) {
    auto obj = std::make_shared<Object>();
    ++pos_;  // {
    if (peek() == '}') return ++pos_, obj;
    while (true) {
      if (peek() != '"') fail("expected a member name");
      std::string key = string();
      if (peek() != ':') fail("expected ':'");
      ++pos_;
      (*obj)[key] = value(depth + 1);
      const char c = peek();
      ++pos_;
      if (c == '}') return obj;
      if (c != ',') fail("expected ',' or '}'");
    }
  }

  std::shared_ptr<Array> array(int depth) {
    auto arr = std::make_shared<Array>();
    ++pos_;  // [
    if (peek() == ']') return ++pos_, arr;
    while (true) {
      arr->push_back(value(depth + 1));
      const char c = peek();
      ++pos_;
      if (c == ']') return arr;
      if (c != ',') fail("expected ',' or ']'");
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > text_.size()) fail("short \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= h - '0';
      else if (h >= 'a' && h <= 'f')
        code |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F')
        code |= h - 'A' + 10;
      else
        fail("bad hex digit in \\u escape");
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  void escape(std::string& out) {
    if (pos_ >= text_.size()) fail("unterminated escape");
    const char e = text_[pos_++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = hex4();
        // A surrogate pair encodes one code point above U+FFFF.
        if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
          pos_ += 2;
          const unsigned low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default: fail("bad escape");
    }
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c == '\\')
        escape(out);
      else
        out += c;
    }
  }

  double number() {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const size_t int_start = pos_;
    const size_t int_digits = digits();
    if (int_digits == 0) fail("expected a value");
    if (int_digits > 1 && text_[int_start] == '0') fail("leading zero in number");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) fail("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) fail("expected exponent digits");
    }
    // strtod needs a terminated string; the grammar above has already been checked.
    return std::strtod(std::string(text_.substr(start, pos_ - start)).c_str(), nullptr);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const Value* Value::get(const std::string& key) const {
  const Object* obj = object();
  if (!obj) return nullptr;
  auto it = obj->find(key);
  return it == obj->end() ? nullptr : &it->second;
}

const Array* Value::array() const {
  auto p = std::get_if<std::shared_ptr<Array>>(&data);
  return p ? p->get() : nullptr;
}

const Object* Value::object() const {
  auto p = std::get_if<std::shared_ptr<Object>>(&data);
  return p ? p->get() : nullptr;
}

std::optional<double> Value::number() const {
  if (auto p = std::get_if<double>(&data)) return *p;
  return std::nullopt;
}

const std::string* Value::string() const {
  return std::get_if<std::string>(&data);
}

Value parse(std::string_view text) {
  return Parser(text).document();
}

const Value* find(const Value& root, std::initializer_list<const char*> path) {
  const Value* v = &root;
  for (const char* key : path) {
    v = v->get(key);
    if (!v) return nullptr;
  }
  return v;
}

}  // namespace cudabench::harness::json
