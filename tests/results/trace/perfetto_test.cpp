// The Chrome JSON trace for ui.perfetto.dev: valid JSON (checked by a minimal parser), and the
// slices the golden trace implies.
#include <doctest/doctest.h>

#include <sstream>

#include "results/trace/perfetto.h"
#include "tests/results/trace_builder.h"

using namespace cudabench;

namespace {

// A strict recursive-descent JSON checker (RFC 8259 grammar, no extensions).
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}
  bool valid() {
    bool ok = value();
    ws();
    return ok && i_ == s_.size();
  }

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  bool value() {
    ws();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    for (std::string_view word : {"true", "false", "null"})
      if (s_.substr(i_, word.size()) == word) return i_ += word.size(), true;
    return number();
  }
  bool object() {
    ++i_;
    if (eat('}')) return true;
    do {
      ws();
      if (!string() || !eat(':') || !value()) return false;
    } while (eat(','));
    return eat('}');
  }
  bool array() {
    ++i_;
    if (eat(']')) return true;
    do {
      if (!value()) return false;
    } while (eat(','));
    return eat(']');
  }
  bool string() {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    for (++i_; i_ < s_.size(); ++i_) {
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        if (s_[i_] == 'u') {
          for (int k = 0; k < 4; ++k)
            if (++i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
        } else if (std::string_view("\"\\/bfnrt").find(s_[i_]) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool number() {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    auto digits = [&] {
      size_t d = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      return i_ > d;
    };
    if (!digits()) return false;
    if (s_[start] == '0' && i_ - start > 1 && s_[start + 1] != '.') return false;  // no leading zeros
    if (i_ < s_.size() && s_[i_] == '.' && (++i_, !digits())) return false;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    return true;
  }
  std::string_view s_;
  size_t i_ = 0;
};

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE_BEGIN("unit");

TEST_CASE("the JSON checker itself rejects broken JSON") {
  CHECK(JsonChecker(R"({"a":[1,2.5,-3e2,"x\"y",true,null,{}]})").valid());
  CHECK_FALSE(JsonChecker(R"({"a":[1,2,]})").valid());
  CHECK_FALSE(JsonChecker(R"({"a":"unterminated})").valid());
  CHECK_FALSE(JsonChecker(R"({"a":01})").valid());
  CHECK_FALSE(JsonChecker("{\"a\":\"tab\there\"}").valid());
}

TEST_CASE("perfetto export of the golden trace") {
  auto b = test::golden_events();
  b.thread(102, "we\"ird\\na\tm\xc3\xa9\xff");  // "é" then a byte that is not UTF-8
  b.marker(100, 3500, trace::Phase::token, 7);
  std::ostringstream out;
  results::write_perfetto(b.build(), out);
  std::string json = out.str();
  CHECK(JsonChecker(json).valid());
  CHECK(count(json, "\"ph\":\"M\"") == 4);  // process name + 3 threads
  CHECK(json.find("\"name\":\"we\\\"ird\\\\na\\tm\xc3\xa9\xef\xbf\xbd\"") != std::string::npos);
  // Launch runs of tid 100: 0..56 µs (5 launches), 3000..3004 (3), 5000..5010 (2: not a burst).
  // Times count from the first event, the soft IRQ at -5 µs.
  CHECK(json.find(R"j({"ph":"X","name":"launch burst","pid":100,"tid":100,"ts":5.000,"dur":56.000,)j"
                  R"j("cat":"launch","args":{"launches":5}})j") != std::string::npos);
  CHECK(json.find(R"j("args":{"launches":3})j") != std::string::npos);
  CHECK(json.find(R"j("name":"launch","pid":100,"tid":100,"ts":5005.000,"dur":10.000)j") !=
        std::string::npos);
  CHECK(count(json, "\"name\":\"launch burst\"") == 2);
  // Thread states from the one state machine: everything but running.
  CHECK(count(json, "\"name\":\"preempted by stress-ng\"") == 1);
  CHECK(count(json, "\"name\":\"preempted by kworker/0:1\"") == 1);
  CHECK(count(json, "\"name\":\"blocked\"") == 3);
  CHECK(count(json, "\"name\":\"runnable (woken, waiting for a CPU)\"") == 3);
  // tid 101 asleep 100..7000 µs, then woken, on a CPU at 7025.
  CHECK(json.find(R"j("name":"blocked","pid":100,"tid":101,"ts":105.000,"dur":6900.000)j") !=
        std::string::npos);
  CHECK(json.find(R"j("name":"runnable (woken, waiting for a CPU)","pid":100,"tid":101,"ts":7005.000,)j"
                  R"j("dur":25.000)j") != std::string::npos);
  CHECK(count(json, "unknown (no switch-in traced)") == 0);  // every switch-in was traced
  CHECK(count(json, "\"name\":\"softirq TIMER\"") == 4);
  CHECK(count(json, "\"name\":\"softirq RCU\"") == 1);
  CHECK(json.find(R"j("name":"hardirq nvme0q1","pid":100,"tid":100,"ts":205.000,"dur":10.000)j") !=
        std::string::npos);
  CHECK(count(json, "\"name\":\"cudaDeviceSynchronize\"") == 1);
  CHECK(json.find(R"j({"ph":"i","name":"token 7","pid":100,"tid":100,"ts":3505.000,"s":"t")j") !=
        std::string::npos);

  std::ostringstream empty;
  results::write_perfetto(trace::TraceData{}, empty);
  CHECK(JsonChecker(empty.str()).valid());
}

TEST_SUITE_END();
