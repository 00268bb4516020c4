// A linear pre-scan of TOML text for nesting depth. toml++ recurses once per level of a dotted key,
// table header, array or inline table, so a 100k-deep key crashes it (stack overflow) before any
// check of ours could run; this scan refuses such text first.
#pragma once

#include <optional>
#include <string_view>

namespace cudabench::harness {

struct TomlDepthExcess {
  int line = 0, column = 0;  // 1-based, where the limit was passed
};

// Counts, outside strings and comments, open '[' and '{' plus the dots of the key being read; the
// first place where that passes `max_depth`, or nullopt. Conservative: a dot inside a quoted key
// part is not counted, a float's dot never is (values are not keys).
std::optional<TomlDepthExcess> toml_depth_excess(std::string_view text, int max_depth);

}  // namespace cudabench::harness
