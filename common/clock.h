#pragma once

#include <string>

namespace cudabench {

// Now, as ISO 8601 UTC with seconds: "2026-11-24T16:42:03Z".
std::string utc_now();

}  // namespace cudabench
