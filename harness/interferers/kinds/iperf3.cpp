// iperf3 over loopback: a -1 server and a client on 127.0.0.1 only. Intensity: Gbit/s received.
#include <fmt/format.h>
#include <signal.h>

#include <thread>

#include "common/error.h"
#include "common/log.h"
#include "common/path.h"
#include "harness/interferers/intensity.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/readiness.h"
#include "harness/interferers/support.h"
#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {
namespace {

using Clock = std::chrono::steady_clock;

struct Iperf3Config : InterfererConfig {
  int streams = 10;
};

bool wait_listening(int port, Child& server, Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    if (!server.running()) return false;
    if (loopback_port_listening(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class Iperf3 : public InterfererKind {
 public:
  std::string_view name() const override { return "iperf3"; }
  std::vector<std::string_view> keys() const override { return {"streams"}; }
  std::vector<std::string> tools() const override { return {"iperf3"}; }
  std::string describe(const Interferer& spec) const override {
    return fmt::format("iperf3 server and client over loopback, {} streams",
                       config_of<Iperf3Config>(spec).streams);
  }

  std::shared_ptr<const InterfererConfig> read(const TomlReader& r) const override {
    auto c = std::make_shared<Iperf3Config>();
    c->streams = static_cast<int>(r.integer("streams", 1, 128).value_or(c->streams));
    if (find_executable("iperf3").empty())
      r.fail("kind", "executable \"iperf3\" not found (not in PATH or not executable)");
    return c;
  }

  void start(Started& s, const Interferer& spec, const StartContext& ctx) const override {
    const auto& c = config_of<Iperf3Config>(spec);
    const std::string iperf3 = tool_path("iperf3");
    s.server_report = ctx.base + "-server.json";
    s.report = ctx.base + "-client.json";
    // The port was free when probed; another process may take it before the server binds, so a
    // server that does not come up gets a fresh port, three times at most.
    int port = 0;
    for (int attempt = 0; attempt < 3 && !s.server; ++attempt) {
      port = free_loopback_port();
      s.server = spawn_tool({iperf3, "-s", "-B", "127.0.0.1", "-p", std::to_string(port), "-1", "-J",
                             "--logfile", s.server_report},
                            ctx.base + "-server", spec.placement, ctx.cgroup_procs, &s.server_stderr_path);
      if (!wait_listening(port, *s.server, Clock::now() + std::chrono::seconds(5))) {
        log::debug("{}: server on port {} did not listen: {}", s.name, port,
                   death_reason("server", *s.server, s.server_stderr_path));
        if (s.server->running()) s.server->stop(SIGINT, std::chrono::milliseconds(500));
        s.server.reset();
      }
    }
    if (!s.server) throw RunError(s.name + ": the iperf3 server never listened on 127.0.0.1");
    ctx.notes->push_back(fmt::format("{}: {} streams on 127.0.0.1:{}", s.name, c.streams, port));
    s.main = spawn_tool({iperf3, "-c", "127.0.0.1", "-p", std::to_string(port), "-P",
                         std::to_string(c.streams), "-t", run_forever_s, "-J", "--logfile", s.report},
                        ctx.base + "-client", spec.placement, ctx.cgroup_procs, &s.stderr_path);
  }

  // The client has sent its first MiB: past the control exchange, data flows.
  bool ready(const Started& s) const override { return io_bytes(s.main->pid()) >= flowing_bytes; }
  std::string_view ready_sign() const override { return "iperf3 bytes flowing"; }

  std::optional<results::Intensity> intensity(const Started& s) const override {
    return results::Intensity{s.index, s.kind, "gbit_per_s",
                              iperf3_gbit_per_s(read_text_file(s.server_report).value_or(""),
                                                read_text_file(s.report).value_or("")),
                              "Gbit/s"};
  }
};

}  // namespace

const InterfererKind& iperf3_kind() {
  static const Iperf3 kind;
  return kind;
}

}  // namespace cudabench::harness
