#include "common/hash.h"

#include <fmt/format.h>

namespace cudabench {

std::string hex_digest(std::string_view data) {
  return fmt::format("{:016x}", fnv1a64(data));
}

}  // namespace cudabench
