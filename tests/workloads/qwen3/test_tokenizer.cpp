#include <doctest/doctest.h>

#include <algorithm>

#include "common/error.h"
#include "tests/workloads/qwen3/tiny_model.h"
#include "workloads/qwen3/gguf.h"
#include "workloads/qwen3/tokenizer.h"

using namespace cudabench::qwen3;

namespace {
Tokenizer tiny_tokenizer() {
  auto v = qwen3_test::tiny_vocab();
  return Tokenizer::from_parts(v.tokens, v.types, v.merges);
}
int32_t id_of(const std::string& token) {
  auto v = qwen3_test::tiny_vocab();
  for (size_t i = 0; i < v.tokens.size(); ++i)
    if (v.tokens[i] == token) return static_cast<int32_t>(i);
  return -1;
}
}  // namespace

TEST_SUITE("qwen3") {
  TEST_CASE("GPT-2's byte mapping keeps printable bytes and moves the rest past U+0100") {
    CHECK(byte_symbol('a') == "a");
    CHECK(byte_symbol('!') == "!");
    CHECK(byte_symbol(' ') == "\xc4\xa0");   // U+0120 'Ġ'
    CHECK(byte_symbol('\n') == "\xc4\x8a");  // U+010A 'Ċ'
    CHECK(byte_symbol(0) == "\xc4\x80");     // U+0100
    CHECK(byte_symbol(0xe9) == "\xc3\xa9");  // U+00E9 stays
    CHECK(byte_symbol(0xad) == "\xc5\x83");  // soft hyphen is not printable: U+0143
  }

  TEST_CASE("the pre-tokenizer splits as Qwen2's regex does") {
    using V = std::vector<std::string>;
    CHECK(pretokenize("Hello world's 123  \n\nfoo!!") ==
          V{"Hello", " world", "'s", " ", "1", "2", "3", "  \n\n", "foo", "!!"});
    CHECK(pretokenize("What is eBPF?") == V{"What", " is", " eBPF", "?"});
    CHECK(pretokenize("a  b") == V{"a", " ", " b"});        // \s+(?!\S) leaves one space to the word
    CHECK(pretokenize("x   ") == V{"x", "   "});            // trailing whitespace is one piece
    CHECK(pretokenize("I'LL do") == V{"I", "'LL", " do"});  // contractions ignore case
    CHECK(pretokenize(" (x)\n") == V{" (", "x", ")\n"});
    CHECK(pretokenize("\tfoo") == V{"\tfoo"});  // any non-letter may lead a word
    CHECK(pretokenize("caf\xc3\xa9 \xe4\xb8\x96\xe7\x95\x8c\xe3\x80\x82") ==
          V{"caf\xc3\xa9", " \xe4\xb8\x96\xe7\x95\x8c", "\xe3\x80\x82"});  // café 世界。
  }

  TEST_CASE("byte-level BPE applies merges by rank and decodes back to the same bytes") {
    Tokenizer t = tiny_tokenizer();
    CHECK_FALSE(t.is_bytewise());
    CHECK(t.encode(" the") == std::vector<int32_t>{id_of("Ġthe")});
    CHECK(t.encode("hello") == std::vector<int32_t>{id_of("hello")});
    CHECK(t.encode(" world") == std::vector<int32_t>{id_of("Ġw"), id_of("or"), 'l', 'd'});
    CHECK(t.encode("hex") == std::vector<int32_t>{id_of("he"), 'x'});
    for (std::string s : std::vector<std::string>{"hello the world", "Hello world's 123  \n\nfoo!!",
                                                  "caf\xc3\xa9 \xe4\xb8\x96\xe7\x95\x8c",
                                                  std::string("nul\0byte \xff\xfe", 13), "", "   "})
      CHECK(t.decode(t.encode(s)) == s);
  }

  TEST_CASE("special tokens are matched verbatim before BPE") {
    Tokenizer t = tiny_tokenizer();
    int32_t start = id_of("<|im_start|>"), end = id_of("<|im_end|>");
    auto ids = t.encode("<|im_start|>user\nhello<|im_end|>");
    REQUIRE(ids.size() >= 3);
    CHECK(ids.front() == start);
    CHECK(ids.back() == end);
    CHECK(std::count(ids.begin(), ids.end(), id_of("hello")) == 1);
    CHECK(t.decode(ids) == "<|im_start|>user\nhello<|im_end|>");
    CHECK(t.decode_token(-1).empty());
  }

  TEST_CASE("the tokenizer loads from a GGUF file's tokenizer.ggml keys") {
    qwen3_test::TempFile file("tok.gguf");
    qwen3_test::write_tiny_model(file.path, 1);
    GgufFile f(file.path);
    Tokenizer t = Tokenizer::from_gguf(f);
    CHECK(t.vocab_size() == qwen3_test::tiny_vocab().tokens.size());
    CHECK(t.eos() == static_cast<int32_t>(t.vocab_size() - 1));
    CHECK(t.encode(" the") == std::vector<int32_t>{id_of("Ġthe")});
  }

  TEST_CASE("a vocabulary without all 256 byte tokens is not byte-level BPE") {
    CHECK_THROWS_WITH_AS(Tokenizer::from_parts({"a", "b"}, {}, {}), doctest::Contains("byte token"),
                         cudabench::UserError);
  }

  TEST_CASE("the byte-wise tokenizer of synthetic runs maps bytes to ids and back") {
    Tokenizer t = Tokenizer::bytewise();
    CHECK(t.is_bytewise());
    auto ids = t.encode("What is eBPF?");
    CHECK(ids.size() == 13);
    CHECK(ids[0] == 'W');
    CHECK(t.decode(ids) == "What is eBPF?");
  }

}  // TEST_SUITE
