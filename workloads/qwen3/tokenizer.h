// Text <-> token ids. Two kinds:
// - byte-level BPE from a GGUF's tokenizer.ggml.* keys (model "gpt2", the family Qwen's tokenizer
//   belongs to): special tokens split first, then Qwen2's pre-tokenizer regex, then the GPT-2 byte
//   to unicode mapping and rank-ordered merges;
// - byte-wise, for synthetic weights: token id = byte value, so a prompt still maps to real ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cudabench::qwen3 {

class GgufFile;

class Tokenizer {
 public:
  static Tokenizer bytewise();
  // Throws UserError when the file's tokenizer is missing or not byte-level BPE.
  static Tokenizer from_gguf(const GgufFile& file);
  // Builds a BPE tokenizer from its parts (token_type as in GGUF: 1 normal, 3 control, 4 user).
  static Tokenizer from_parts(std::vector<std::string> tokens, std::vector<int32_t> token_type,
                              const std::vector<std::string>& merges);

  bool is_bytewise() const { return tokens_.empty(); }
  size_t vocab_size() const { return is_bytewise() ? 256 : tokens_.size(); }
  std::optional<int32_t> eos() const { return eos_; }

  std::vector<int32_t> encode(std::string_view text) const;
  std::string decode(const std::vector<int32_t>& ids) const;
  std::string decode_token(int32_t id) const;

 private:
  void encode_word(std::string_view word, std::vector<int32_t>& out) const;

  std::vector<std::string> tokens_;  // byte-level unicode strings
  std::vector<bool> special_;        // control / user-defined: matched verbatim
  std::unordered_map<std::string, int32_t> ids_;
  std::unordered_map<std::string, int32_t> merge_rank_;  // "left right" -> rank
  std::vector<int32_t> specials_by_length_;              // ids of special tokens, longest first
  std::optional<int32_t> eos_;
};

// Qwen2's pre-tokenizer, hand-written: the regex
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//   \s*[\r\n]+|\s+(?!\S)|\s+
// Letters and numbers are exact for ASCII and Latin-1; other code points count as letters unless
// they are Unicode whitespace or in the general/CJK punctuation blocks (an approximation: a full
// \p{L} table is not worth its size for a benchmark's prompt).
std::vector<std::string> pretokenize(std::string_view text);

// GPT-2's byte -> printable code point mapping, as UTF-8.
const std::string& byte_symbol(uint8_t byte);

}  // namespace cudabench::qwen3
