#include "run_child.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace cudabench::bench {

ChildResult run_child(const std::vector<std::string>& argv, tracer::Tracer* tracer, tracer::Level level) {
  int gate[2], out[2];
  if (pipe2(gate, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    char go;
    if (read(gate[0], &go, 1) != 1) _exit(126);
    dup2(out[1], 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(gate[0]), close(out[1]);
  if (tracer) tracer->begin(pid, argv[0], level);
  auto t0 = std::chrono::steady_clock::now();
  char go = 1;
  if (write(gate[1], &go, 1) != 1) throw std::runtime_error("release");
  close(gate[1]);
  ChildResult r;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof(buf))) > 0;) r.out.append(buf, n);
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (tracer) r.trace = tracer->end();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(argv[0] + " failed:\n" + r.out);
  return r;
}

double field(const std::string& text, const std::string& key) {
  for (const std::string& form : {key + " ", "\"" + key + "\": "}) {
    size_t at = text.find(form);
    if (at != std::string::npos) return std::atof(text.c_str() + at + form.size());
  }
  return -1;
}

}  // namespace cudabench::bench
