#include "harness/cli/suggest.h"

#include <algorithm>

namespace cudabench::harness {
namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string_view stem =
      word.substr(word.find_first_not_of('-') == std::string_view::npos ? 0 : word.find_first_not_of('-'));
  const size_t limit = stem.size() <= 4 ? 1 : stem.size() / 3;
  std::string best;
  size_t best_d = limit + 1;
  bool tie = false;
  for (const auto& c : candidates) {
    const size_t d = distance(word, c);
    if (d < best_d)
      best = c, best_d = d, tie = false;
    else if (d == best_d)
      tie = true;
  }
  if (!best.empty() && !tie) return best;
  std::vector<std::string> prefixed;
  for (const auto& c : candidates)
    if (word.size() >= 3 && c.rfind(word, 0) == 0) prefixed.push_back(c);
  return prefixed.size() == 1 ? prefixed[0] : "";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string c = closest(word, candidates);
  return c.empty() ? "" : "did you mean '" + c + "'?";
}

}  // namespace cudabench::harness
