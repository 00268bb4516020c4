#include "harness/interferers/intensity.h"

#include <cstdlib>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cudabench::harness {

double stress_ng_bogo_ops_per_s(std::string_view yaml) {
  // stress-ng's YAML is flat enough to read line by line: under "metrics:", one
  // "bogo-ops-per-second-real-time: X" per stressor.
  static constexpr std::string_view key = "bogo-ops-per-second-real-time:";
  const size_t metrics = yaml.find("\nmetrics:");
  if (metrics == std::string_view::npos) throw std::invalid_argument("no 'metrics:' section");
  double total = 0;
  int found = 0;
  size_t pos = metrics;
  while ((pos = yaml.find(key, pos)) != std::string_view::npos) {
    pos += key.size();
    const size_t eol = yaml.find('\n', pos);
    const std::string field(yaml.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
    char* end = nullptr;
    const double value = std::strtod(field.c_str(), &end);
    if (end == field.c_str() || field.find_first_not_of(" \t\r", end - field.c_str()) != std::string::npos) {
      throw std::invalid_argument("bad value '" + field + "' for " + std::string(key));
    }
    total += value;
    ++found;
  }
  if (found == 0) throw std::invalid_argument("no bogo-ops-per-second-real-time in 'metrics:'");
  return total;
}

namespace {

using nlohmann::json;

// The JSON object in a tool's report, which may follow other lines ("fio: terminating on signal
// 2"). Throws std::invalid_argument with the parser's message.
json parse_report(std::string_view text) {
  const size_t start = text.find('{');
  if (start == std::string_view::npos) throw std::invalid_argument("no JSON object");
  try {
    return json::parse(text.substr(start));
  } catch (const json::exception& e) {
    throw std::invalid_argument(e.what());
  }
}

// root[path...] as a number; nullopt when any step is missing or not of the right type.
std::optional<double> number_at(const json& root, std::initializer_list<const char*> path) {
  const json* node = &root;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return std::nullopt;
    node = &(*node)[key];
  }
  if (!node->is_number()) return std::nullopt;
  return node->get<double>();
}

std::optional<double> bits_per_second(std::string_view text, const char* sum) {
  if (text.find('{') == std::string_view::npos) return std::nullopt;
  return number_at(parse_report(text), {"end", sum, "bits_per_second"});
}

}  // namespace

double iperf3_gbit_per_s(std::string_view server_json, std::string_view client_json) {
  std::string why;
  try {
    auto received = bits_per_second(server_json, "sum_received");
    if (received && *received > 0) return *received / 1e9;
    why = "server report has no end.sum_received";
  } catch (const std::invalid_argument& e) {
    why = std::string("server report: ") + e.what();
  }
  try {
    auto received = bits_per_second(client_json, "sum_received");
    if (received && *received > 0) return *received / 1e9;
    auto sent = bits_per_second(client_json, "sum_sent");
    if (sent && *sent > 0) return *sent / 1e9;
    why += "; client report has no end.sum_received nor end.sum_sent above 0";
  } catch (const std::invalid_argument& e) {
    why += std::string("; client report: ") + e.what();
  }
  throw std::invalid_argument(why);
}

double fio_iops(std::string_view fio_json) {
  const json root = parse_report(fio_json);
  if (!root.contains("jobs") || !root["jobs"].is_array() || root["jobs"].empty())
    throw std::invalid_argument("no jobs[]");
  double total = 0;
  for (const json& job : root["jobs"]) {
    for (const char* dir : {"read", "write"}) {
      auto iops = number_at(job, {dir, "iops"});
      if (!iops) throw std::invalid_argument(std::string("a job has no ") + dir + ".iops");
      total += *iops;
    }
  }
  return total;
}

}  // namespace cudabench::harness
