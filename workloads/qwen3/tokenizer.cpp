#include "workloads/qwen3/tokenizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "common/error.h"
#include "workloads/qwen3/gguf.h"

namespace cudabench::qwen3 {
namespace {

std::string utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xc0 | cp >> 6);
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xe0 | cp >> 12);
    s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    s += static_cast<char>(0xf0 | cp >> 18);
    s += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
    s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

// Decodes one UTF-8 code point at text[i]; invalid bytes come back as themselves, length 1.
uint32_t next_cp(std::string_view text, size_t i, size_t* len) {
  auto b = static_cast<uint8_t>(text[i]);
  int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > text.size()) {
    *len = 1;
    return b;
  }
  uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1f) : n == 3 ? (b & 0x0f) : (b & 0x07);
  for (int k = 1; k < n; ++k) {
    auto c = static_cast<uint8_t>(text[i + k]);
    if ((c >> 6) != 2) {
      *len = 1;
      return b;
    }
    cp = cp << 6 | (c & 0x3f);
  }
  *len = n;
  return cp;
}

bool is_space(uint32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

bool is_number(uint32_t c) {
  return (c >= '0' && c <= '9') || c == 0xb2 || c == 0xb3 || c == 0xb9 || (c >= 0xbc && c <= 0xbe) ||
         (c >= 0xff10 && c <= 0xff19);
}

bool is_letter(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xc0) return c == 0xaa || c == 0xb5 || c == 0xba;  // Latin-1 symbols, but ª µ º
  if (c == 0xd7 || c == 0xf7) return false;                  // × ÷
  if (is_space(c) || is_number(c)) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false;  // punctuation, symbols, arrows, math, boxes
  if (c >= 0x3000 && c <= 0x303f) return false;  // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return false;  // CJK compatibility forms
  if ((c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
      (c >= 0xff5b && c <= 0xff65))
    return false;                  // fullwidth punctuation
  if (c >= 0x1f000) return false;  // emoji and pictographs
  return true;
}

struct Cp {
  uint32_t cp;
  size_t at, len;
};

std::vector<Cp> code_points(std::string_view text) {
  std::vector<Cp> cps;
  for (size_t i = 0; i < text.size();) {
    size_t len;
    uint32_t cp = next_cp(text, i, &len);
    cps.push_back({cp, i, len});
    i += len;
  }
  return cps;
}

// Length (in code points) of the contraction at k, or 0.
size_t contraction(const std::vector<Cp>& s, size_t k) {
  if (s[k].cp != '\'' || k + 1 >= s.size()) return 0;
  auto lower = [&](size_t j) { return j < s.size() && s[j].cp < 0x80 ? (s[j].cp | 0x20) : 0u; };
  uint32_t a = lower(k + 1), b = lower(k + 2);
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  return 0;
}

}  // namespace

const std::string& byte_symbol(uint8_t byte) {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> t;
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
      bool printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
      t[b] = utf8(printable ? static_cast<uint32_t>(b) : 256u + extra++);
    }
    return t;
  }();
  return table[byte];
}

std::vector<std::string> pretokenize(std::string_view text) {
  std::vector<Cp> s = code_points(text);
  std::vector<std::string> out;
  auto letter = [&](size_t j) { return j < s.size() && is_letter(s[j].cp); };
  auto number = [&](size_t j) { return j < s.size() && is_number(s[j].cp); };
  auto space = [&](size_t j) { return j < s.size() && is_space(s[j].cp); };
  auto newline = [&](size_t j) { return j < s.size() && (s[j].cp == '\r' || s[j].cp == '\n'); };
  auto other = [&](size_t j) { return j < s.size() && !letter(j) && !number(j) && !space(j); };

  for (size_t k = 0; k < s.size();) {
    size_t end = k;
    if (size_t n = contraction(s, k)) {
      end = k + n;
    } else if (letter(k) || (!newline(k) && !number(k) && letter(k + 1))) {
      end = k + 1;  // [^\r\n\p{L}\p{N}]?\p{L}+
      while (letter(end)) ++end;
    } else if (number(k)) {
      end = k + 1;
    } else if (other(k) || (s[k].cp == ' ' && other(k + 1))) {
      end = s[k].cp == ' ' ? k + 1 : k;  //  ?[^\s\p{L}\p{N}]+[\r\n]*
      while (other(end)) ++end;
      while (newline(end)) ++end;
    } else {  // whitespace
      size_t run = k;
      while (space(run)) ++run;
      size_t last_nl = run;
      for (size_t j = k; j < run; ++j)
        if (newline(j)) last_nl = j;
      if (last_nl != run) {
        end = last_nl + 1;  // \s*[\r\n]+
      } else if (run == s.size() || run - k == 1) {
        end = run;  // \s+(?!\S) at the end, or \s+ for a single space
      } else {
        end = run - 1;  // \s+(?!\S): leave one space for the next word
      }
    }
    size_t from = s[k].at, to = end < s.size() ? s[end].at : text.size();
    out.emplace_back(text.substr(from, to - from));
    k = end;
  }
  return out;
}

Tokenizer Tokenizer::bytewise() {
  return Tokenizer{};
}

Tokenizer Tokenizer::from_parts(std::vector<std::string> tokens, std::vector<int32_t> token_type,
                                const std::vector<std::string>& merges) {
  Tokenizer t;
  t.tokens_ = std::move(tokens);
  t.special_.assign(t.tokens_.size(), false);
  for (size_t i = 0; i < t.tokens_.size(); ++i) {
    t.ids_.emplace(t.tokens_[i], static_cast<int32_t>(i));
    bool special = i < token_type.size() && (token_type[i] == 3 || token_type[i] == 4);
    if (special && !t.tokens_[i].empty()) {
      t.special_[i] = true;
      t.specials_by_length_.push_back(static_cast<int32_t>(i));
    }
  }
  std::stable_sort(t.specials_by_length_.begin(), t.specials_by_length_.end(),
                   [&](int32_t a, int32_t b) { return t.tokens_[a].size() > t.tokens_[b].size(); });
  for (size_t r = 0; r < merges.size(); ++r) t.merge_rank_.emplace(merges[r], static_cast<int32_t>(r));
  for (int b = 0; b < 256; ++b)
    if (!t.ids_.count(byte_symbol(static_cast<uint8_t>(b))))
      throw UserError(
          fmt::format("tokenizer: the vocabulary lacks the byte token for 0x{:02x}; "
                      "not a byte-level BPE vocabulary",
                      b));
  return t;
}

Tokenizer Tokenizer::from_gguf(const GgufFile& file) {
  auto model = file.get_string("tokenizer.ggml.model");
  if (!model) throw UserError(fmt::format("{}: no tokenizer (tokenizer.ggml.model missing)", file.path()));
  if (*model != "gpt2")
    throw UserError(
        fmt::format("{}: tokenizer model \"{}\" is not supported (byte-level BPE, "
                    "\"gpt2\", is)",
                    file.path(), *model));
  const GgufValue* tokens = file.find("tokenizer.ggml.tokens");
  const GgufValue* merges = file.find("tokenizer.ggml.merges");
  if (!tokens || tokens->strings.empty())
    throw UserError(fmt::format("{}: tokenizer.ggml.tokens is missing or empty", file.path()));
  std::vector<int32_t> types;
  if (const GgufValue* tt = file.find("tokenizer.ggml.token_type"))
    for (int64_t v : tt->integers) types.push_back(static_cast<int32_t>(v));
  Tokenizer t = from_parts(tokens->strings, types, merges ? merges->strings : std::vector<std::string>{});
  if (auto eos = file.get_int("tokenizer.ggml.eos_token_id")) t.eos_ = static_cast<int32_t>(*eos);
  return t;
}

void Tokenizer::encode_word(std::string_view word, std::vector<int32_t>& out) const {
  std::vector<std::string> parts;
  for (char ch : word) parts.push_back(byte_symbol(static_cast<uint8_t>(ch)));
  // GPT-2's loop: merge the lowest-ranked adjacent pair, everywhere it occurs, until none is left.
  while (parts.size() > 1) {
    int32_t best = std::numeric_limits<int32_t>::max();
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      auto it = merge_rank_.find(parts[i] + " " + parts[i + 1]);
      if (it != merge_rank_.end()) best = std::min(best, it->second);
    }
    if (best == std::numeric_limits<int32_t>::max()) break;
    std::vector<std::string> merged;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i + 1 < parts.size()) {
        auto it = merge_rank_.find(parts[i] + " " + parts[i + 1]);
        if (it != merge_rank_.end() && it->second == best) {
          merged.push_back(parts[i] + parts[i + 1]);
          ++i;
          continue;
        }
      }
      merged.push_back(parts[i]);
    }
    parts = std::move(merged);
  }
  for (const auto& p : parts) {
    auto it = ids_.find(p);
    if (it != ids_.end()) {
      out.push_back(it->second);
    } else {  // a merge result missing from the vocabulary: fall back to its bytes
      for (size_t i = 0; i < p.size();) {
        size_t len;
        next_cp(p, i, &len);
        out.push_back(ids_.at(p.substr(i, len)));
        i += len;
      }
    }
  }
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  std::vector<int32_t> out;
  if (is_bytewise()) {
    for (char ch : text) out.push_back(static_cast<uint8_t>(ch));
    return out;
  }
  // Special tokens first: the text between them goes through the pre-tokenizer and BPE.
  size_t start = 0;
  auto flush = [&](size_t end) {
    for (const auto& w : pretokenize(text.substr(start, end - start))) encode_word(w, out);
  };
  for (size_t i = 0; i < text.size();) {
    int32_t hit = -1;
    for (int32_t id : specials_by_length_)
      if (text.compare(i, tokens_[id].size(), tokens_[id]) == 0) {
        hit = id;
        break;
      }
    if (hit < 0) {
      ++i;
      continue;
    }
    flush(i);
    out.push_back(hit);
    i += tokens_[hit].size();
    start = i;
  }
  flush(text.size());
  return out;
}

std::string Tokenizer::decode_token(int32_t id) const {
  if (is_bytewise()) return std::string(1, static_cast<char>(id & 0xff));
  if (id < 0 || static_cast<size_t>(id) >= tokens_.size()) return {};
  const std::string& tok = tokens_[id];
  if (special_[id]) return tok;
  static const std::unordered_map<std::string, uint8_t> to_byte = [] {
    std::unordered_map<std::string, uint8_t> m;
    for (int b = 0; b < 256; ++b) m.emplace(byte_symbol(static_cast<uint8_t>(b)), static_cast<uint8_t>(b));
    return m;
  }();
  std::string bytes;
  for (size_t i = 0; i < tok.size();) {
    size_t len;
    next_cp(tok, i, &len);
    auto it = to_byte.find(tok.substr(i, len));
    if (it != to_byte.end())
      bytes += static_cast<char>(it->second);
    else
      bytes += tok.substr(i, len);  // not a byte symbol: keep as is
    i += len;
  }
  return bytes;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string s;
  for (int32_t id : ids) s += decode_token(id);
  return s;
}

}  // namespace cudabench::qwen3
