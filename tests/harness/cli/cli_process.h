// Running the cudabench binary from tests: exit code, stdout and stderr, or a background process
// to signal.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace testutil {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
  long max_rss_kb = 0;  // the cudabench process's peak RSS (getrusage of the child, wait4)
};

CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd = "");
// As user and group `uid` (setpriv), without XDG_RUNTIME_DIR: an unprivileged user's cudabench.
CliResult run_cli_as(unsigned uid, const std::vector<std::string>& args);

struct Background {
  pid_t pid = -1;
  std::string err_path;
  int wait();  // exit code (128+N for signal N)
  std::string err() const;
};
Background start_cli(const std::vector<std::string>& args);

// Pids whose /proc/PID/comm starts with `comm`.
std::vector<pid_t> pids_named(const std::string& comm);
std::string temp_dir();
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

}  // namespace testutil
