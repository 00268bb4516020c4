#include "harness/interferers/intensity.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "harness/interferers/json_lite.h"

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

std::optional<double> bits_per_second(std::string_view text, const char* sum) {
  if (text.find('{') == std::string_view::npos) return std::nullopt;
  const json::Value root = json::parse(text.substr(text.find('{')));
  const json::Value* bps = json::find(root, {"end", sum, "bits_per_second"});
  if (!bps || !bps->number()) return std::nullopt;
  return *bps->number();
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
  const size_t start = fio_json.find('{');
  if (start == std::string_view::npos) throw std::invalid_argument("no JSON object");
  const json::Value root = json::parse(fio_json.substr(start));
  const json::Value* jobs = root.get("jobs");
  if (!jobs || !jobs->array() || jobs->array()->empty()) throw std::invalid_argument("no jobs[]");
  double total = 0;
  for (const json::Value& job : *jobs->array()) {
    for (const char* dir : {"read", "write"}) {
      const json::Value* iops = json::find(job, {dir, "iops"});
      if (!iops || !iops->number()) {
        throw std::invalid_argument(std::string("a job has no ") + dir + ".iops");
      }
      total += *iops->number();
    }
  }
  return total;
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace cudabench::harness
