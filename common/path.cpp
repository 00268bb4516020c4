#include "common/path.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cudabench {

std::string find_executable(const std::string& name) {
  auto executable = [](const std::string& p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (!executable(name)) return {};
    char* real = realpath(name.c_str(), nullptr);
    std::string out = real ? real : name;
    free(real);
    return out;
  }
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t pos = 0;
  while (pos <= dirs.size()) {
    size_t end = dirs.find(':', pos);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(pos, end - pos) + "/" + name;
    if (executable(candidate)) return candidate;
    pos = end + 1;
  }
  return {};
}

}  // namespace cudabench
