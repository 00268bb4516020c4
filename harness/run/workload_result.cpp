#include "harness/run/workload_result.h"

#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "results/metrics/registry.h"

namespace cudabench::harness {
namespace {

constexpr std::string_view marker = result_marker;
using nlohmann::json;

// A figure the registry defines gets its unit from there; any other is stored without one.
std::string unit_of(const std::string& key) {
  return results::metrics::describe(key).unit;
}

// The last CUDABENCH_RESULT line wins: a workload may print progress lines before its final one.
std::optional<std::string> result_line(const std::string& text) {
  std::optional<std::string> found;
  size_t pos = 0;
  while ((pos = text.find(marker, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      size_t end = text.find('\n', pos);
      found = text.substr(pos + marker.size(), end == std::string::npos ? end : end - pos - marker.size());
    }
    pos += marker.size();
  }
  return found;
}

void from_json(const std::string& line, const Workload& w, WorkloadResult& out) {
  json root;
  try {
    root = json::parse(line);
  } catch (const json::exception& e) {
    out.error = std::string("CUDABENCH_RESULT is not valid JSON: ") + e.what();
    return;
  }
  if (!root.is_object()) {
    out.error = "CUDABENCH_RESULT is not a JSON object";
    return;
  }
  for (const auto& [key, value] : root.items()) {
    if (value.is_number()) {
      const double n = value.get<double>();
      out.metrics.push_back({key, n, key == w.metric_name ? w.metric_unit : unit_of(key)});
      if (key == w.metric_name) out.figure = n;
    } else if (value.is_string()) {
      out.labels.emplace_back(key, value.get<std::string>());
    }
  }
  for (const char* key : {"launches_total", "launches"}) {
    if (root.contains(key) && root[key].is_number()) {
      out.launches = root[key].get<double>();
      break;
    }
  }
  if (!out.figure) out.error = "CUDABENCH_RESULT has no numeric \"" + w.metric_name + "\"";
}

void from_regex(const std::string& text, const Workload& w, WorkloadResult& out) {
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(w.metric_regex, options);
  std::string captured;
  if (!re.ok() || !RE2::PartialMatch(text, re, &captured)) {
    out.error = "metric_regex /" + w.metric_regex + "/ matched nothing in the workload's output";
    return;
  }
  try {
    size_t used = 0;
    double v = std::stod(captured, &used);
    if (used != captured.size()) throw std::invalid_argument("trailing text");
    out.figure = v;
    out.metrics.push_back({w.metric_name, v, w.metric_unit});
  } catch (const std::exception&) {
    out.error = "metric_regex captured '" + captured + "', which is not a number";
  }
}

}  // namespace

WorkloadResult parse_workload_output(const Workload& w, const std::string& out_text,
                                     const std::string& err_text) {
  WorkloadResult out;
  if (!w.metric_regex.empty()) {
    from_regex(out_text + "\n" + err_text, w, out);
    if (auto line = result_line(out_text)) {  // extra figures (launches) even with a regex
      WorkloadResult extra;
      from_json(*line, w, extra);
      for (auto& m : extra.metrics)
        if (m.name != w.metric_name) out.metrics.push_back(m);
      out.launches = extra.launches;
    }
    return out;
  }
  if (auto line = result_line(out_text))
    from_json(*line, w, out);
  else
    out.error = "the workload printed no CUDABENCH_RESULT line and the scenario has no metric_regex";
  return out;
}

}  // namespace cudabench::harness
