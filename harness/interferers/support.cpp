#include "harness/interferers/support.h"

#include <arpa/inet.h>
#include <fmt/ranges.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/log.h"
#include "common/path.h"
#include "harness/placement/realtime.h"

namespace cudabench::harness {

std::string tool_path(const std::string& tool) {
  std::string path = find_executable(tool);
  if (path.empty()) throw UserError(tool + " not found in PATH", "install it: apt-get install " + tool);
  return path;
}

// Every interferer joins the session cgroup (when there is one): a SIGKILLed cudabench's janitor
// kills the whole cgroup, reaching the processes fio and stress-ng fork into their own sessions.
std::unique_ptr<Child> spawn_tool(std::vector<std::string> argv, const std::string& base,
                                  const Placement& placement, const std::string& cgroup_procs,
                                  std::string* stderr_path) {
  if (std::string why = realtime_blocked_by_cgroup(placement, cgroup_procs); !why.empty()) {
    throw RunError(argv[0] +
                   ": its real-time policy cannot be applied in cudabench's session "
                   "cgroup, which every interferer joins so that none outlives a killed cudabench: " +
                   why);
  }
  SpawnOptions options;
  options.cgroup_procs = cgroup_procs;
  options.argv = std::move(argv);
  options.stdout_path = base + ".stdout";
  options.stderr_path = base + ".stderr";
  options.placement = placement;
  *stderr_path = options.stderr_path;
  log::debug("starting {}", fmt::join(options.argv, " "));
  return std::make_unique<Child>(options);
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string death_reason(const std::string& name, const Child& child, const std::string& err_path) {
  auto code = child.exit_code();
  std::string reason = name + (code ? " exited with code " + std::to_string(*code) : " is not running");
  std::string tail = read_text_file(err_path).value_or("");
  if (tail.size() > 400) tail = tail.substr(tail.size() - 400);
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
  if (!tail.empty()) reason += ": " + tail;
  return reason;
}

int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    close(fd);
    throw RunError("cannot find a free port on 127.0.0.1: " + errno_text(err), {}, {.sys_errno = err});
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool loopback_port_listening(int port) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  char want_lo[32], want_any[32];
  snprintf(want_lo, sizeof want_lo, "0100007F:%04X", port);  // 127.0.0.1, host byte order
  snprintf(want_any, sizeof want_any, "00000000:%04X", port);
  while (std::getline(in, line)) {
    char local[64] = {}, remote[64] = {}, state[8] = {};
    // "  0: 0100007F:1F90 00000000:0000 0A ..." ; state 0A is TCP_LISTEN.
    if (sscanf(line.c_str(), "%*d: %63s %63s %7s", local, remote, state) != 3) continue;
    if (std::string(state) == "0A" && (want_lo == std::string(local) || want_any == std::string(local)))
      return true;
  }
  return false;
}

}  // namespace cudabench::harness
