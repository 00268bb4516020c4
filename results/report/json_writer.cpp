#include "results/report/json_writer.h"

#include "common/json_escape.h"

#include <cmath>

#include <fmt/format.h>

namespace cudabench::results::report {

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ << ",";
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_ << "{";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  first_.pop_back();
  out_ << "}";
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_ << "[";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  first_.pop_back();
  out_ << "]";
  return *this;
}

JsonWriter& JsonWriter::key(const std::string& k) {
  separate();
  out_ << "\"" << json_escape(k) << "\":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(const std::string& s) {
  separate();
  out_ << "\"" << json_escape(s) << "\"";
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  separate();
  if (std::isfinite(v))
    out_ << fmt::format("{}", v);  // shortest round-trip form
  else
    out_ << "null";
  return *this;
}

JsonWriter& JsonWriter::value(long long v) {
  separate();
  out_ << v;
  return *this;
}

JsonWriter& JsonWriter::value(unsigned long v) {
  separate();
  out_ << v;
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ << (b ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ << "null";
  return *this;
}

JsonWriter& JsonWriter::interval(const stats::Interval& i) {
  begin_object();
  field("estimate", i.estimate).field("lo", i.lo).field("hi", i.hi).field("n", i.n);
  return end_object();
}

}  // namespace cudabench::results::report
