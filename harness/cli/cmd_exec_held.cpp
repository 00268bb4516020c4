// `cudabench __exec-held FD -- PROGRAM ARGS...`: the trampoline of a held child (process.cpp).
// Placement was applied before this exec and survives the next one; the pid stays the same, so a
// tracer that was told this pid sees PROGRAM from its first instruction.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "harness/cli/commands.h"

namespace cudabench::harness {

int cmd_exec_held(const CommandArgs& args) {
  if (args.size() < 3 || args[1] != "--") {
    std::fprintf(stderr, "cudabench __exec-held: internal command, not for direct use\n");
    return 2;
  }
  int fd = std::stoi(args[0]);
  char go = 0;
  ssize_t n;
  do {
    n = read(fd, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return 125;  // cudabench gave up on this run before releasing it
  close(fd);
  std::vector<char*> argv;
  for (size_t i = 2; i < args.size(); ++i) argv.push_back(const_cast<char*>(args[i].c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  std::fprintf(stderr, "cudabench: cannot execute %s: %s\n", argv[0], std::strerror(errno));
  return 127;
}

}  // namespace cudabench::harness
