#include "results/stats/like_with_like.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace cudabench::results {
namespace {

// A line without its comment (a '#' outside quotes) and without spaces outside quotes.
std::string canonical_line(const std::string& line) {
  std::string out;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
      out += c;
    } else if (c == '#') {
      break;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

// Section header -> its settings in order ("[[interferer]]" repeats: all of them, concatenated).
std::map<std::string, std::vector<std::string>> sections_of(const std::string& toml) {
  std::map<std::string, std::vector<std::string>> out;
  std::string current = "(top)";
  size_t at = 0;
  while (at <= toml.size()) {
    const size_t end = std::min(toml.find('\n', at), toml.size());
    const std::string line = canonical_line(toml.substr(at, end - at));
    at = end + 1;
    if (line.empty()) continue;
    if (line[0] == '[') {
      current = line;
      out[current].push_back("");  // a repeated [[table]] starts a new element
      continue;
    }
    if (current == "[scenario]" && (line.rfind("name=", 0) == 0 || line.rfind("description=", 0) == 0))
      continue;
    out[current].push_back(line);
  }
  return out;
}

struct Identity {
  std::string config, text, gpu, driver;
};

const std::string& hash_of(const RunRecord& r) {
  return r.config_hash.empty() ? r.scenario_hash : r.config_hash;
}

// The first ok, measured run of each scenario, and the set of GPU / driver pairs.
std::map<std::string, Identity> identities(const std::vector<RunRecord>& runs) {
  std::map<std::string, Identity> out;
  for (const auto& r : runs)
    if (r.status == RunStatus::ok && !r.warmup)
      out.emplace(r.scenario, Identity{hash_of(r), r.scenario_text, r.env.gpu_name, r.env.gpu_driver});
  return out;
}

std::string gpu_text(const Identity& i) {
  return fmt::format("{} (driver {})", i.gpu.empty() ? "no GPU" : i.gpu, i.driver.empty() ? "-" : i.driver);
}

std::string config_text(const std::string& scenario, const Identity& a, const Identity& b) {
  auto parts = differing_sections(a.text, b.text);
  return fmt::format("scenario {}: the configuration differs (config hash {} vs {}){}", scenario,
                     a.config.substr(0, 12), b.config.substr(0, 12),
                     parts.empty() ? "" : fmt::format(": {} differ", fmt::join(parts, ", ")));
}

}  // namespace

std::vector<std::string> differing_sections(const std::string& toml_a, const std::string& toml_b) {
  const auto a = sections_of(toml_a), b = sections_of(toml_b);
  std::set<std::string> names;
  for (const auto& [k, _] : a) names.insert(k);
  for (const auto& [k, _] : b) names.insert(k);
  std::vector<std::string> out;
  for (const auto& n : names) {
    auto ia = a.find(n), ib = b.find(n);
    if (ia == a.end() || ib == b.end() || ia->second != ib->second) out.push_back(n);
  }
  // The workload first: it is the difference that matters most.
  std::stable_partition(out.begin(), out.end(), [](const std::string& s) { return s == "[workload]"; });
  return out;
}

std::vector<std::string> compare_mismatches(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b,
                                            bool configuration) {
  const auto ia = identities(a), ib = identities(b);
  std::vector<std::string> out;
  std::set<std::string> gpus_a, gpus_b;
  for (const auto& [_, i] : ia) gpus_a.insert(gpu_text(i));
  for (const auto& [_, i] : ib) gpus_b.insert(gpu_text(i));
  for (const auto& [scenario, x] : ia) {
    auto y = ib.find(scenario);
    if (configuration && y != ib.end() && x.config != y->second.config)
      out.push_back(config_text(scenario, x, y->second));
  }
  if (!ia.empty() && !ib.empty() && gpus_a != gpus_b)
    out.push_back(fmt::format("the GPU or driver differs: A ran on {}, B on {}", fmt::join(gpus_a, ", "),
                              fmt::join(gpus_b, ", ")));
  return out;
}

std::vector<std::string> history_mismatches(const std::vector<RunRecord>& runs) {
  std::map<std::string, std::pair<int64_t, Identity>> last;  // scenario -> (session, identity)
  std::vector<std::string> out;
  for (const auto& r : runs) {
    if (r.status != RunStatus::ok || r.warmup) continue;
    const Identity now{hash_of(r), r.scenario_text, r.env.gpu_name, r.env.gpu_driver};
    auto [it, fresh] = last.emplace(r.scenario, std::make_pair(r.session_id, now));
    if (fresh || it->second.first == r.session_id) continue;
    const Identity& before = it->second.second;
    if (before.config != now.config)
      out.push_back(
          fmt::format("from session {} on, {}", r.session_id, config_text(r.scenario, before, now)));
    if (gpu_text(before) != gpu_text(now))
      out.push_back(fmt::format("from session {} on, scenario {} runs on {} (before: {})", r.session_id,
                                r.scenario, gpu_text(now), gpu_text(before)));
    it->second = {r.session_id, now};
  }
  return out;
}

}  // namespace cudabench::results
