// Content digests for identity (scenario text, environment): FNV-1a 64, printed as 16 hex digits.
// Not cryptographic; it only has to tell different configurations apart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cudabench {

inline uint64_t fnv1a64(std::string_view data, uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex_digest(std::string_view data);

}  // namespace cudabench
