#pragma once

#include <string>

namespace cudabench {

// The body of a JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
std::string json_escape(const std::string& s);

}  // namespace cudabench
