// What the interferer kinds share: starting a tool as a placed child in the session cgroup, and
// looking at loopback ports.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "harness/interferers/kind.h"

namespace cudabench::harness {

// The tool's absolute path; UserError with an install hint when it is not in PATH.
std::string tool_path(const std::string& tool);

// Starts argv (never through a shell) with stdout/stderr in `base`.stdout/.stderr, placed and in
// ctx.cgroup_procs; sets *stderr_path. RunError when the placement's real-time policy cannot apply
// in that cgroup or the child cannot start.
std::unique_ptr<Child> spawn_tool(std::vector<std::string> argv, const std::string& base,
                                  const Placement& placement, const std::string& cgroup_procs,
                                  std::string* stderr_path);

// "<name> exited with code N: <stderr tail>" for a child that is not running.
std::string death_reason(const std::string& name, const Child& child, const std::string& stderr_path);

// Whole file as text; nullopt when it cannot be read. For the tools' small reports only.
std::optional<std::string> read_text_file(const std::string& path);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released).
int free_loopback_port();

// Whether something listens on 127.0.0.1:port (or 0.0.0.0:port), from /proc/net/tcp. Looking
// instead of connecting: iperf3 -s -1 would take a probe connection as its one test and exit.
bool loopback_port_listening(int port);

// Long enough never to end on its own: an interferer runs until stopped.
inline constexpr const char* run_forever_s = "86400";

}  // namespace cudabench::harness
