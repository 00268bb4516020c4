// "did you mean": the closest of a list of words to a mistyped one, as git and clap suggest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cudabench::harness {

// The candidate nearest to `word` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours), if it is close enough to be a typo: at most 1 edit for words of up to 4
// letters, else up to a third of the word; or the only candidate `word` is a prefix of. Empty
// when nothing is close, or two candidates are equally close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// ", did you mean 'X'?" hint text, or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cudabench::harness
