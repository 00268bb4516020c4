// The tracer for real (root, BTF, uprobes): the fake libcuda and fake_launcher give exact expected
// counts. Without privileges each case says why it is skipped.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "tests/tracer/child.h"
#include "tracer/model/thread_states.h"
#include "tracer/tracer.h"

using namespace cudabench;

namespace {

constexpr long n = 3000;  // launches of each kind per thread, see fake_launcher.c

tracer::Tracer* shared_tracer() {
  static std::unique_ptr<tracer::Tracer> t = [] {
    tracer::Options o;
    o.ringbuf_bytes = 8u << 20;
    return tracer::Tracer::open(o);
  }();
  return t.get();
}

#define REQUIRE_TRACING()           \
  do {                              \
    std::string why;                \
    if (!testing::can_trace(why)) { \
      MESSAGE("skipped: " << why);  \
      return;                       \
    }                               \
  } while (0)

trace::TraceData trace_launcher(const std::string& mode, int cpu = -1,
                                tracer::Level level = tracer::Level::launch) {
  testing::HeldChild child({FAKE_LAUNCHER, std::to_string(n), mode}, cpu);
  auto* t = shared_tracer();
  t->begin(child.pid(), FAKE_LAUNCHER, level);
  child.release();
  REQUIRE(child.wait() == 0);
  return t->end();
}

size_t count_api(const trace::TraceData& d, trace::LaunchApi api, uint32_t tid) {
  size_t c = 0;
  for (size_t i = 0; i < d.launches.size(); ++i)
    c += d.launches.api[i] == uint8_t(api) && d.launches.tid[i] == tid;
  return c;
}

}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("exact launch counts - decoded arguments - threads - syncs and markers") {
    REQUIRE_TRACING();
    auto d = trace_launcher("plain");
    std::set<uint32_t> tids(d.launches.tid.begin(), d.launches.tid.end());
    REQUIRE(tids.size() == 2);
    uint32_t main_tid = d.tgid, worker = *tids.begin() == main_tid ? *tids.rbegin() : *tids.begin();
    CHECK(tids.count(main_tid) == 1);
    for (uint32_t tid : tids) {
      CHECK(count_api(d, trace::LaunchApi::cuLaunchKernel, tid) == n);
      CHECK(count_api(d, trace::LaunchApi::cuLaunchKernelEx, tid) == (n + 1) / 2);
      CHECK(count_api(d, trace::LaunchApi::cuGraphLaunch, tid) == (n + 3) / 4);
    }
    CHECK(d.launches.size() == 2 * (n + (n + 1) / 2 + (n + 3) / 4));
    CHECK(trace::kernel_launches(d) == d.launches.size());
    size_t checked = 0;
    for (size_t i = 0; i < d.launches.size(); ++i) {
      const auto& l = d.launches;
      if (l.api[i] == uint8_t(trace::LaunchApi::cuLaunchKernel)) {
        bool is_main = l.tid[i] == main_tid;
        uint32_t g = is_main ? 1 : 21, b = is_main ? 4 : 24;
        checked += l.grid_x[i] == g && l.grid_y[i] == g + 1 && l.grid_z[i] == g + 2 && l.block_x[i] == b &&
                   l.block_y[i] == b + 1 && l.block_z[i] == b + 2 &&
                   l.shared_mem[i] == (is_main ? 128u : 2048u) &&
                   l.stream[i] == (is_main ? 0x1234u : 0xbeefu);
      } else if (l.api[i] == uint8_t(trace::LaunchApi::cuLaunchKernelEx)) {
        checked += l.grid_x[i] == 7 && l.grid_z[i] == 9 && l.block_x[i] == 10 && l.block_z[i] == 12 &&
                   l.shared_mem[i] == 256 && l.stream[i] == 0x5678;
      } else {
        checked += l.stream[i] == 0x9abc;
      }
    }
    CHECK(checked == d.launches.size());
    CHECK(std::is_sorted(d.launches.ts_ns.begin(), d.launches.ts_ns.end()));
    CHECK(d.stats.drops.empty());

    // The worker blocks in usleep: at least one switch-out that is not preemption.
    size_t worker_blocked = 0;
    for (size_t i = 0; i < d.offcpu.size(); ++i)
      worker_blocked += d.offcpu.tid[i] == worker && d.offcpu.state[i] == uint8_t(trace::OutState::blocked);
    CHECK(worker_blocked >= 1);
    bool named = false;
    for (const auto& th : d.threads) named |= th.tid == worker && th.comm == "cb-worker";
    CHECK(named);

    // 3 + 2 + 1 sleeping syncs, each with its sleep off-CPU.
    REQUIRE(d.syncs.size() == 6);
    size_t ctx = 0;
    for (size_t i = 0; i < d.syncs.size(); ++i) {
      ctx += d.syncs.api[i] == uint8_t(trace::SyncApi::cuCtxSynchronize);
      CHECK(d.syncs.offcpu_ns[i] > 0);
      CHECK(d.syncs.offcpu_ns[i] <= d.syncs.exit_ns[i] - d.syncs.enter_ns[i]);
      if (d.syncs.api[i] == uint8_t(trace::SyncApi::cuCtxSynchronize))
        CHECK(d.syncs.exit_ns[i] - d.syncs.enter_ns[i] >= 2000000);
    }
    CHECK(ctx == 3);
    REQUIRE(d.markers.size() == 1 + n / 100);
    CHECK(d.markers.phase[0] == uint32_t(trace::Phase::decode_start));
    CHECK(d.markers.token.back() == n / 100);
  }

  TEST_CASE("cudaLaunchKernel in the executable: skipped when the driver is probed - decoded when asked") {
    REQUIRE_TRACING();
    auto d = trace_launcher("runtime");
    CHECK(count_api(d, trace::LaunchApi::cudaLaunchKernel, d.tgid) == 0);
    CHECK(count_api(d, trace::LaunchApi::cuLaunchKernel, d.tgid) == 2 * n);

    tracer::Options o;
    o.runtime_launch_probes = true;
    auto t = tracer::Tracer::open(o);
    testing::HeldChild child({FAKE_LAUNCHER, std::to_string(n), "runtime"});
    t->begin(child.pid(), FAKE_LAUNCHER, tracer::Level::launch);
    child.release();
    REQUIRE(child.wait() == 0);
    d = t->end();
    const auto& l = d.launches;
    size_t runtime = 0, decoded = 0;
    for (size_t i = 0; i < l.size(); ++i) {
      if (l.api[i] != uint8_t(trace::LaunchApi::cudaLaunchKernel)) continue;
      ++runtime;
      decoded += l.grid_x[i] == 31 && l.grid_y[i] == 32 && l.grid_z[i] == 33 && l.block_x[i] == 34 &&
                 l.block_y[i] == 35 && l.block_z[i] == 36 && l.shared_mem[i] == 512 && l.stream[i] == 0xcafe;
    }
    CHECK(runtime == n);
    CHECK(decoded == n);
    CHECK(trace::kernel_launches(d) == l.size() - runtime);  // each runtime launch also hit the driver
  }

  TEST_CASE("a process forked by the traced process is followed") {
    REQUIRE_TRACING();
    auto d = trace_launcher("fork");
    std::set<uint32_t> tids;
    size_t plain = 0;
    for (size_t i = 0; i < d.launches.size(); ++i) {
      if (d.launches.api[i] != uint8_t(trace::LaunchApi::cuLaunchKernel)) continue;
      ++plain;
      tids.insert(d.launches.tid[i]);
    }
    CHECK(plain == 3 * n);  // main thread, worker thread, forked child
    CHECK(tids.size() == 3);
  }

  TEST_CASE("run-queue latency and preemption under a CPU hog on the same core") {
    REQUIRE_TRACING();
    testing::CpuHog hog(0);
    auto d = trace_launcher("spin", 0);
    size_t hog_took_cpu = 0, preempted = 0, wakeups = 0;
    uint64_t max_latency = 0;
    const auto& o = d.offcpu;
    for (size_t i = 0; i < o.size(); ++i) {
      hog_took_cpu += d.strings[o.next_name[i]] == "cb-hog";
      preempted += o.state[i] == uint8_t(trace::OutState::preempted);
      if (!o.wakeup_ns[i] || o.in_source[i] != uint8_t(trace::InSource::traced)) continue;
      ++wakeups;
      CHECK(o.in_ns[i] >= o.wakeup_ns[i]);
      CHECK(o.wakeup_ns[i] >= o.out_ns[i]);
      max_latency = std::max(max_latency, o.in_ns[i] - o.wakeup_ns[i]);
    }
    MESSAGE("switches " << o.size() << ", preempted " << preempted << ", hog took the CPU " << hog_took_cpu
                        << ", wakeups " << wakeups);
    CHECK(hog_took_cpu > 0);
    CHECK(preempted > 0);
    REQUIRE(wakeups >= 100);  // 100 sleeps of the worker, 6 syncs, the join
    CHECK(max_latency > 1000);
    CHECK(max_latency < 1000000000);
  }

  TEST_CASE("reconstructed thread states agree with the kernel's own accounting within 2% under contention") {
    REQUIRE_TRACING();
    testing::CpuHog hog(0);
    for (auto level : {tracer::Level::sched, tracer::Level::launch}) {
      auto d = trace_launcher("spin", 0, level);
      INFO("level " << tracer::level_name(level));
      if (level == tracer::Level::sched) CHECK(d.launches.size() == 0);  // no CUDA uprobes at this level
      size_t checked = 0;
      for (const auto& th : d.threads) {
        auto k = trace::check_against_kernel(d, th.tid);
        if (!k.possible) continue;
        ++checked;
        double span = double(k.to_ns - k.from_ns);
        INFO("thread " << th.tid << " " << th.comm << ": running " << k.trace_running_ns << " vs "
                       << k.kernel_running_ns << ", runnable " << k.trace_runnable_ns << " vs "
                       << k.kernel_runnable_ns << ", arrivals " << k.trace_arrivals << " vs "
                       << k.kernel_arrivals << ", unknown " << k.unknown_ns << " of " << span);
        CHECK(std::abs(double(k.trace_running_ns) - double(k.kernel_running_ns)) <= 0.02 * span);
        CHECK(std::abs(double(k.trace_runnable_ns) - double(k.kernel_runnable_ns)) <= 0.02 * span);
        CHECK(double(k.unknown_ns) <= 0.02 * span);
        CHECK(k.trace_arrivals == k.kernel_arrivals);
        CHECK(k.kernel_runnable_ns > 0);  // the hog made it wait: the check compares something
      }
      CHECK(checked == 2);  // the main thread and the worker
    }
  }

  TEST_CASE("soft IRQs during loopback traffic - with sane durations and per-CPU totals") {
    REQUIRE_TRACING();
    auto d = trace_launcher("net");
    size_t net_rx = 0;
    for (size_t i = 0; i < d.irqs.size(); ++i) {
      if (d.irqs.kind[i] != uint8_t(trace::IrqKind::soft)) continue;
      net_rx += d.strings[d.irqs.name[i]] == "NET_RX";
      CHECK(d.irqs.duration_ns[i] > 0);
      CHECK(d.irqs.duration_ns[i] < 50000000);  // 50 ms
      CHECK(d.irqs.entry_ns[i] >= d.start_ns);
    }
    MESSAGE("IRQs " << d.irqs.size() << ", NET_RX " << net_rx);
    CHECK(net_rx > 0);
    uint64_t soft_total = 0;
    for (const auto& c : d.cpu_irq) soft_total += c.soft_count;
    CHECK(soft_total >= net_rx);
    CHECK(d.cpu_irq.size() == size_t(sysconf(_SC_NPROCESSORS_ONLN)));
  }

  TEST_CASE("zero drops at a moderate rate through the synthetic producer") {
    REQUIRE_TRACING();
    auto* t = shared_tracer();
    t->begin(getpid(), "/proc/self/exe", tracer::Level::launch);
    t->inject_synthetic_launches(50000);  // 3.2 MB into an 8 MB buffer
    auto d = t->end();
    CHECK(d.stats.drops.empty());
    CHECK(d.launches.size() == 50000);
  }

  TEST_CASE("a ring buffer too small for a burst reports every lost record") {
    REQUIRE_TRACING();
    tracer::Options o;
    o.ringbuf_bytes = 16384;
    auto t = tracer::Tracer::open(o);
    t->begin(getpid(), "/proc/self/exe", tracer::Level::launch);
    constexpr uint32_t burst = 200000;
    t->inject_synthetic_launches(burst);
    auto d = t->end();
    REQUIRE(d.stats.drops.count("launch") == 1);
    MESSAGE("delivered " << d.launches.size() << ", dropped " << d.stats.drops["launch"]);
    CHECK(d.stats.drops["launch"] > 0);
    CHECK(d.launches.size() + d.stats.drops["launch"] == burst);
    CHECK(d.stats.ringbuf_bytes == 16384);
  }
}
