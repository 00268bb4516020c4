// A minimal streaming JSON writer for the report's versioned schema: objects, arrays, strings with
// RFC 8259 escaping, numbers with NaN/inf written as null (an estimate that does not exist).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/json_escape.h"
#include "results/stats/stats.h"

namespace cudabench::results::report {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(const std::string& k);
  JsonWriter& value(const std::string& s);
  JsonWriter& value(const char* s) { return value(std::string(s)); }
  JsonWriter& value(double v);
  JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long long v);
  JsonWriter& value(unsigned long v);
  JsonWriter& value(bool b);
  JsonWriter& null();
  // {"estimate": e, "lo": l, "hi": h, "n": n}
  JsonWriter& interval(const stats::Interval& i);
  template <typename T>
  JsonWriter& field(const std::string& k, const T& v) {
    key(k);
    return value(v);
  }

 private:
  void separate();
  std::ostream& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

using cudabench::json_escape;

}  // namespace cudabench::results::report
