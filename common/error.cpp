#include "common/error.h"

#include <cerrno>
#include <cstring>

namespace cudabench {

std::string errno_text(int err) {
  return std::strerror(err);
}

void throw_errno(const std::string& what) {
  const int err = errno;
  throw RunError(what + ": " + errno_text(err), {}, {.sys_errno = err});
}

}  // namespace cudabench
