#include "common/cpu_list.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>

#include "common/error.h"

namespace cudabench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// A whole token must be digits: from_chars alone would accept "1x" as 1.
int parse_cpu(std::string_view token, std::string_view whole) {
  token = trim(token);
  int value = -1;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || token.front() == '-' || token.front() == '+' || ec != std::errc() ||
      end != token.data() + token.size()) {
    throw std::invalid_argument("'" + std::string(whole) + "': '" + std::string(token) +
                                "' is not a CPU number");
  }
  // Checked before a range is expanded: "0-2147483647" must not allocate gigabytes first.
  if (value > max_cpu_number) {
    throw std::invalid_argument("'" + std::string(whole) + "': CPU " + std::to_string(value) + " is above " +
                                std::to_string(max_cpu_number) + ", the kernel's largest CPU number");
  }
  return value;
}

}  // namespace

std::vector<int> parse_cpu_list(std::string_view text) {
  const std::string_view whole = text;
  std::vector<int> cpus;
  if (trim(text).empty()) return cpus;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view element = trim(text.substr(0, comma));
    if (element.empty()) {
      throw std::invalid_argument("'" + std::string(whole) + "': empty element in CPU list");
    }
    // Search for '-' after the first character so "-1" reports a bad number, not a range.
    const size_t dash = element.find('-', 1);
    if (dash == std::string_view::npos) {
      cpus.push_back(parse_cpu(element, whole));
    } else {
      const int first = parse_cpu(element.substr(0, dash), whole);
      const int last = parse_cpu(element.substr(dash + 1), whole);
      if (last < first) {
        throw std::invalid_argument("'" + std::string(whole) + "': range " + std::string(element) +
                                    " decreases");
      }
      for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

std::string format_cpu_list(const std::vector<int>& cpus) {
  std::vector<int> sorted = cpus;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(sorted[i]);
    if (j > i) out += '-' + std::to_string(sorted[j]);
    i = j + 1;
  }
  return out;
}

std::vector<int> online_cpus() {
  const char* path = "/sys/devices/system/cpu/online";
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw RunError(std::string("cannot read ") + path);
  try {
    return parse_cpu_list(line);
  } catch (const std::invalid_argument& e) {
    throw RunError(std::string(path) + ": " + e.what());
  }
}

std::vector<int> cpu_union(const std::vector<std::vector<int>>& lists) {
  std::vector<int> all;
  for (const auto& l : lists) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

}  // namespace cudabench
