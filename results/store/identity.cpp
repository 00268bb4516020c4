#include "results/store/identity.h"

#include <sys/random.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "common/error.h"

namespace cudabench::results {

std::string new_session_uuid() {
  std::array<uint8_t, 16> b{};
  size_t got = 0;
  while (got < b.size()) {
    const ssize_t n = getrandom(b.data() + got, b.size() - got, 0);
    if (n < 0) throw RunError("getrandom failed: no random bytes for a session uuid");
    got += static_cast<size_t>(n);
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", b[i]);
  }
  return hex;
}

std::string local_host_name() {
  if (const char* env = std::getenv("CUDABENCH_HOST"); env && *env) return env;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || !*name) return "n/a";
  return name;
}

}  // namespace cudabench::results
