#include "cli_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace testutil {
namespace fs = std::filesystem;

std::string temp_dir() {
  char tmpl[] = "/tmp/cudabench-test-XXXXXX";
  return mkdtemp(tmpl);
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

static pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err,
                   const std::string& cwd, const std::vector<std::string>& prefix = {},
                   char** env = environ) {
  std::vector<std::string> full = prefix;
  full.push_back(CUDABENCH_EXE);
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), env);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

static int decode(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static CliResult finish(pid_t pid, const std::string& dir) {
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  CliResult r{decode(status), read_file(dir + "/out"), read_file(dir + "/err"), usage.ru_maxrss};
  fs::remove_all(dir);
  return r;
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd) {
  std::string dir = temp_dir();
  return finish(spawn(args, dir + "/out", dir + "/err", cwd), dir);
}

CliResult run_cli_as(unsigned uid, const std::vector<std::string>& args) {
  std::string dir = temp_dir();
  fs::permissions(dir, fs::perms::all);  // the user writes its out/err here
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("XDG_RUNTIME_DIR=", 0) != 0) env_text.push_back(*e);
  std::vector<char*> env;
  for (auto& e : env_text) env.push_back(e.data());
  env.push_back(nullptr);
  const std::string id = std::to_string(uid);
  return finish(
      spawn(args, dir + "/out", dir + "/err", "",
            {"/usr/bin/setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "--"}, env.data()),
      dir);
}

Background start_cli(const std::vector<std::string>& args) {
  std::string dir = temp_dir();
  Background b;
  b.err_path = dir + "/err";
  b.pid = spawn(args, dir + "/out", b.err_path, "");
  return b;
}

int Background::wait() {
  int status = 0;
  waitpid(pid, &status, 0);
  return decode(status);
}

std::string Background::err() const {
  return read_file(err_path);
}

std::vector<pid_t> pids_named(const std::string& comm) {
  std::vector<pid_t> out;
  for (auto& e : fs::directory_iterator("/proc")) {
    auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string c = read_file(e.path().string() + "/comm");
    if (!c.empty() && c.back() == '\n') c.pop_back();
    if (c.rfind(comm, 0) == 0) out.push_back(std::stoi(name));
  }
  return out;
}

}  // namespace testutil
