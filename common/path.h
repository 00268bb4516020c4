// Finding programs the way execvp does, so what cudabench checks is what it will run.
#pragma once

#include <string>

namespace cudabench {

// An executable regular file: `name` itself when it holds a '/', else the first match in $PATH
// (/usr/local/bin:/usr/bin:/bin when unset). The absolute, symlink-free path; "" when none.
std::string find_executable(const std::string& name);

}  // namespace cudabench
