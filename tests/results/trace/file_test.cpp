// The binary trace file: a full round trip, and every kind of bad file is a UserError naming it.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "results/trace/file.h"
#include "tests/results/trace_builder.h"

using namespace cudabench;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("cudabench_trace_test_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

trace::TraceData full_trace() {
  auto b = test::golden_events();
  b.marker(100, 3000, trace::Phase::decode_start);
  b.marker(100, 3500, trace::Phase::token, 7);
  b.accounting_first(100, 0, {0, 100, 20, 3, 1, 2});
  b.accounting_last(100, 10'000, {0, 8'875'100, 135'020, 7, 4, 5});
  trace::TracerStats stats;
  stats.drops = {{"sched", 3}, {"irq", 1}};
  stats.events = 12345;
  stats.bpf_run_ns = 987654321;
  stats.bpf_run_count = 4242;
  stats.consumer_cpu_ns = 55;
  stats.consumer_tid = 77;
  stats.ringbuf_bytes = 64 << 20;
  b.stats(stats);
  return b.build();
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_SUITE_BEGIN("unit");

TEST_CASE("write_trace_file / read_trace_file round trip") {
  TempDir dir;
  trace::TraceData t = full_trace();
  std::string path = (dir.path / "run.trace").string();
  results::write_trace_file(t, path);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);  // no temp left
  trace::TraceData back = results::read_trace_file(path);
  CHECK(back.tgid == t.tgid);
  CHECK(back.start_ns == t.start_ns);
  CHECK(back.end_ns == t.end_ns);
  CHECK(back.strings == t.strings);
  REQUIRE(back.threads.size() == 2);
  CHECK(back.threads[1].comm == "cuda-EvtHandlr");
  CHECK(back.launches.ts_ns == t.launches.ts_ns);
  CHECK(back.launches.api == t.launches.api);
  CHECK(back.launches.grid_z == t.launches.grid_z);
  CHECK(back.launches.stream == t.launches.stream);
  CHECK(back.offcpu.in_ns == t.offcpu.in_ns);
  CHECK(back.offcpu.wakeup_ns == t.offcpu.wakeup_ns);
  CHECK(back.offcpu.state == t.offcpu.state);
  CHECK(back.offcpu.in_source == t.offcpu.in_source);
  CHECK(back.offcpu.in_cpu == t.offcpu.in_cpu);
  CHECK(back.offcpu.next_name == t.offcpu.next_name);
  REQUIRE(back.thread(100) != nullptr);
  CHECK(back.thread(100)->tgid == 100);
  CHECK(back.thread(100)->has_first);
  CHECK(back.thread(100)->has_last);
  CHECK(back.thread(100)->last.sum_exec_ns == 8'875'100);
  CHECK(back.thread(100)->last.nivcsw == 5);
  CHECK(back.thread(100)->first_ns == t.thread(100)->first_ns);
  CHECK(back.stats.consumer_tid == 77);
  CHECK(back.irqs.duration_ns == t.irqs.duration_ns);
  CHECK(back.irqs.name == t.irqs.name);
  CHECK(back.syncs.exit_ns == t.syncs.exit_ns);
  CHECK(back.markers.token == t.markers.token);
  REQUIRE(back.cpu_irq.size() == 1);
  CHECK(back.cpu_irq[0].soft_ns == 30'000);
  CHECK(back.stats.drops == t.stats.drops);
  CHECK(back.stats.bpf_run_ns == 987654321);
  CHECK(back.stats.ringbuf_bytes == t.stats.ringbuf_bytes);

  trace::TraceData empty;
  results::write_trace_file(empty, path);  // replaces the file
  CHECK(results::read_trace_file(path).launches.size() == 0);
}

TEST_CASE("bad trace files are UserErrors naming the file") {
  TempDir dir;
  fs::path good = dir.path / "good.trace", bad = dir.path / "bad.trace";
  results::write_trace_file(full_trace(), good.string());
  std::string bytes = slurp(good);

  for (size_t cut : {size_t{3}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    spit(bad, bytes.substr(0, cut));
    INFO("cut at " << cut);
    CHECK_THROWS_WITH_AS(results::read_trace_file(bad.string()), doctest::Contains(bad.string().c_str()),
                         UserError);
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  spit(bad, flipped);
  CHECK_THROWS_WITH_AS(results::read_trace_file(bad.string()), doctest::Contains("checksum mismatch"),
                       UserError);

  spit(bad, "timestamp_ns,event_type,pid,tid,comm,cpu\n0,cuLaunchKernel,1,1,x,0\n");
  CHECK_THROWS_WITH_AS(results::read_trace_file(bad.string()),
                       doctest::Contains("not a cudabench trace file"), UserError);
  std::string older = bytes;
  older[8] = 1;  // the layout before thread states and kernel accounting
  spit(bad, older);
  CHECK_THROWS_WITH_AS(results::read_trace_file(bad.string()), doctest::Contains("version 1"), UserError);
  CHECK_THROWS_WITH_AS(results::read_trace_file((dir.path / "missing.trace").string()),
                       doctest::Contains("missing.trace"), UserError);
  CHECK_THROWS_AS(results::write_trace_file(full_trace(), (dir.path / "no/such/dir.trace").string()),
                  RunError);
}

TEST_SUITE_END();
