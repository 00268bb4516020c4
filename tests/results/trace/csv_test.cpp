// The original's CSV: exact rows written, round trip through read_trace_csv, and reading output
// shaped like the original tool's (16-field rows, unsorted, wrapped times, truncated last line).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "common/error.h"
#include "results/analysis/analysis.h"
#include "results/trace/csv.h"
#include "tests/results/trace_builder.h"

using namespace cudabench;

namespace {

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

trace::TraceData round_trip(const trace::TraceData& t) {
  std::stringstream csv;
  results::write_trace_csv(t, csv);
  return results::read_trace_csv(csv, "roundtrip.csv");
}

}  // namespace

TEST_SUITE_BEGIN("unit");

TEST_CASE("written rows follow the original's format") {
  std::ostringstream out;
  results::write_trace_csv(test::golden_trace(), out);
  auto lines = lines_of(out.str());
  CHECK(lines[0] ==
        "timestamp_ns,event_type,pid,tid,comm,cpu,grid_x,grid_y,grid_z,block_x,block_y,block_z,"
        "shared_mem,stream,last_offcpu_ns,last_oncpu_ns,irq_num,irq_name,duration_ns");
  // The first event is the soft IRQ at -5 µs (3 µs long); the first launch follows 5 µs later.
  CHECK(lines[1] == "0,softirqEntry,100,100,runcu,1,,,,,,,,,,,1,TIMER,0");
  CHECK(lines[2] == "3000,softirqExit,100,100,runcu,1,,,,,,,,,,,1,TIMER,3000");
  CHECK(lines[3] == "5000,cuLaunchKernel,100,100,runcu,,1,1,1,1,1,1,1024,0x7f00deadbeef,0,0,,,");
  // Switch-out of tid 100 at 10 µs (absolute 1,010,000 ns) and its switch-in at 40 µs.
  CHECK(has_line(lines, "15000,schedSwitch,100,100,runcu,1,,,,,,,,,1010000,0,,,"));
  CHECK(has_line(lines, "45000,schedSwitch,100,100,runcu,1,,,,,,,,,0,1040000,,,"));
  CHECK(has_line(lines, "215000,hardirqExit,100,100,runcu,1,,,,,,,,,,,30,nvme0q1,10000"));
  CHECK(has_line(lines, "5025000,syncEnter,100,100,runcu,,,,,,,,,,,,,,"));
  // Header, 10 launches, sync enter + exit, 5 switch-outs + 5 switch-ins, 6 IRQs x (entry, exit).
  size_t expected = 1 + 10 + 2 + 5 + 5 + 6 * 2;
  CHECK(lines.size() == expected);
  for (const auto& line : lines) CHECK(std::count(line.begin(), line.end(), ',') == 18);
}

TEST_CASE("TraceData -> CSV -> TraceData keeps what the format carries") {
  trace::TraceData t = test::golden_trace();
  trace::TraceData back = round_trip(t);
  CHECK(back.tgid == 100);
  CHECK(back.launches.ts_ns == t.launches.ts_ns);  // absolute, recovered from the switch rows
  CHECK(back.launches.tid == t.launches.tid);
  CHECK(back.launches.api == t.launches.api);
  CHECK(back.launches.grid_y == t.launches.grid_y);
  CHECK(back.launches.block_z == t.launches.block_z);
  CHECK(back.launches.shared_mem == t.launches.shared_mem);
  CHECK(back.launches.stream == t.launches.stream);
  CHECK(back.offcpu.out_ns == t.offcpu.out_ns);
  CHECK(back.offcpu.in_ns == t.offcpu.in_ns);
  CHECK(back.offcpu.tid == t.offcpu.tid);
  CHECK(back.offcpu.cpu == t.offcpu.cpu);
  CHECK(back.offcpu.state == std::vector<uint8_t>(5, uint8_t(trace::OutState::unknown)));
  CHECK(back.offcpu.in_cpu == t.offcpu.in_cpu);
  CHECK(back.offcpu.wakeup_ns == std::vector<uint64_t>(5, 0));  // not in the format
  CHECK(back.irqs.entry_ns == t.irqs.entry_ns);
  CHECK(back.irqs.duration_ns == t.irqs.duration_ns);
  CHECK(back.irqs.kind == t.irqs.kind);
  CHECK(back.irqs.number == t.irqs.number);
  for (size_t i = 0; i < t.irqs.size(); ++i)
    CHECK(back.strings[back.irqs.name[i]] == t.strings[t.irqs.name[i]]);
  CHECK(back.syncs.enter_ns == t.syncs.enter_ns);
  CHECK(back.syncs.exit_ns == t.syncs.exit_ns);
  CHECK(back.syncs.offcpu_ns == t.syncs.offcpu_ns);
  REQUIRE(back.threads.size() == 2);
  CHECK(back.threads[1].comm == "cuda-EvtHandlr");
  CHECK(back.start_ns == test::at_us(-5));  // the first event, not the tracer's window
  CHECK(back.end_ns == test::at_us(8015));

  // The launch-pair figures only need what the CSV carries. (The window differs: an imported
  // trace spans its events, so the soft IRQ at -5 µs falls inside it.)
  auto a = results::analyze_run(t), b = results::analyze_run(back);
  for (const char* name : {"pairs.a.count", "pairs.b.count", "pairs.b.p50_us", "bursts.interrupted",
                           "switches", "irq.hard.count"})
    CHECK(b.metric(name)->value == a.metric(name)->value);
  CHECK(b.metric("switches.state_unknown")->value == 5);
  CHECK(b.metric("switches.preempted") == nullptr);
}

TEST_CASE("quoted fields and API names beyond the original's two") {
  test::TraceBuilder b;
  b.tgid = 5;
  b.end_us = 3;
  b.thread(5, "a,b \"c\"");
  b.launch(5, 0, trace::LaunchApi::cuGraphLaunch);
  b.launch(5, 1, trace::LaunchApi::cuLaunchKernelEx_ptsz);
  b.irq(5, 2, 1, trace::IrqKind::hard, 7, "eth0,rx");
  auto t = b.build();
  std::stringstream csv;
  results::write_trace_csv(t, csv);
  CHECK(csv.str().find("cuGraphLaunch,5,5,\"a,b \"\"c\"\"\",") != std::string::npos);
  auto back = results::read_trace_csv(csv);
  CHECK(back.threads.at(0).comm == "a,b \"c\"");
  CHECK(back.launches.api == t.launches.api);
  CHECK(back.strings[back.irqs.name.at(0)] == "eth0,rx");
}

TEST_CASE("a comm holding a newline round-trips: quoted fields may span lines") {
  test::TraceBuilder b;
  b.tgid = 5;
  b.end_us = 1;
  b.thread(5, "fa\nke");
  b.launch(5, 0, trace::LaunchApi::cuLaunchKernel);
  b.launch(5, 1, trace::LaunchApi::cuLaunchKernel);
  std::stringstream csv;
  results::write_trace_csv(b.build(), csv);
  CHECK(csv.str().find("\"fa\nke\"") != std::string::npos);
  auto back = results::read_trace_csv(csv, "nl.csv");
  CHECK(back.threads.at(0).comm == "fa\nke");
  CHECK(back.launches.ts_ns.size() == 2);
}

TEST_CASE("hostile CSV input: out-of-range ids, endless lines and unterminated quotes are refused") {
  std::istringstream big_pid("0,cuLaunchKernel,4294967297,1,x,0,1,1,1,1,1,1,0,0x0,0,0\n");
  CHECK_THROWS_WITH_AS(results::read_trace_csv(big_pid, "p.csv"),
                       doctest::Contains("p.csv:1: pid 4294967297 is out of range (at most 4294967295)"),
                       UserError);
  std::istringstream endless(std::string(1 << 20, '7'));  // what /dev/zero-like input looks like
  CHECK_THROWS_WITH_AS(results::read_trace_csv(endless, "z.csv"),
                       doctest::Contains("z.csv:1: a line longer than 65536 bytes"), UserError);
  std::istringstream open_quote("0,cuLaunchKernel,1,1,\"x" + std::string(1 << 17, 'y') + "\n1,2\n");
  CHECK_THROWS_WITH_AS(results::read_trace_csv(open_quote, "q.csv"),
                       doctest::Contains("q.csv:1: a line longer than"), UserError);
}

TEST_CASE("reads the original tool's output") {
  // As cuda_sched_trace printed it: 16-field launch/switch/sync rows, stream in hex, absolute
  // last_*cpu_ns, rows out of time order (a wrapped relative time included), a stderr line that
  // 2>&1 mixed in, no final newline.
  std::string csv =
      "timestamp_ns,event_type,pid,tid,comm,cpu,grid_x,grid_y,grid_z,block_x,block_y,block_z,shared_mem,"
      "stream,last_offcpu_ns,last_oncpu_ns,irq_num,irq_name,duration_ns\n"
      "Tracing CUDA + scheduler + IRQ events... Press Ctrl-C to stop.\n"
      "0,cuLaunchKernel,4000,4000,runcu,3,128,1,1,256,1,1,0,0x0,0,0\n"
      "5000,schedSwitch,4000,4000,runcu,3,,,,,,,,,1000005000,0\n"
      "18446744073709550616,cuLaunchKernel,4000,4001,runcu,2,1,1,1,32,1,1,0,0x10,0,0\n"
      "9000,schedSwitch,4000,4000,runcu,3,,,,,,,,,0,1000009000\n"
      "12000,cuLaunchKernel,4000,4000,runcu,3,64,1,1,128,1,1,512,0x0,0,0\n"
      "13000,syncEnter,4000,4000,runcu,3,,,,,,,,,,\n"
      "20000,syncExit,4000,4000,runcu,3,,,,,,,,,,\n"
      "21000,softirqExit,4000,4000,runcu,3,,,,,,,,,,,9,RCU,1500\n"
      "22000,cuLaunchKernel,4000,4000,runcu,3,64,1,1,128";
  std::istringstream in(csv);
  auto t = results::read_trace_csv(in, "orig.csv");
  CHECK(t.tgid == 4000);
  REQUIRE(t.launches.size() == 3);            // the truncated last row is skipped
  CHECK(t.launches.ts_ns[0] == 999'999'000);  // 1000 ns before the first row: it wrapped
  CHECK(t.launches.tid[0] == 4001);
  CHECK(t.launches.stream[0] == 0x10);
  CHECK(t.launches.ts_ns[1] == 1'000'000'000);
  CHECK(t.launches.grid_x[2] == 64);
  REQUIRE(t.offcpu.size() == 1);
  CHECK(t.offcpu.out_ns[0] == 1'000'005'000);
  CHECK(t.offcpu.in_ns[0] == 1'000'009'000);
  REQUIRE(t.syncs.size() == 1);
  CHECK(t.syncs.offcpu_ns[0] == 0);
  REQUIRE(t.irqs.size() == 1);
  CHECK(t.irqs.entry_ns[0] == 1'000'019'500);
  CHECK(t.start_ns == 999'999'000);
  CHECK(t.end_ns == 1'000'021'000);
}

TEST_CASE("a hard IRQ nested in a softirq gets its true duration from the Entry/Exit rows") {
  // The original tracer's one per-CPU start slot: the hard IRQ's entry overwrote the softirq's, so
  // its Exit row says 2,000 ns instead of 10,000. Entry/Exit pairs per CPU and kind give the truth.
  std::string csv =
      "0,cuLaunchKernel,7,7,w,0,1,1,1,1,1,1,0,0x0,0,0\n"
      "1000,softirqEntry,7,7,w,0,,,,,,,,,,,1,TIMER,0\n"
      "4000,hardirqEntry,7,7,w,0,,,,,,,,,,,30,nvme,0\n"
      "7000,hardirqExit,7,7,w,0,,,,,,,,,,,30,nvme,3000\n"
      "11000,softirqExit,7,7,w,0,,,,,,,,,,,1,TIMER,2000\n"
      "12000,softirqExit,7,7,w,1,,,,,,,,,,,9,RCU,1500\n"  // no Entry row: its own duration
      "13000,cuLaunchKernel,7,7,w,0,1,1,1,1,1,1,0,0x0,0,0\n";
  std::istringstream in(csv);
  auto t = results::read_trace_csv(in, "nested.csv");
  REQUIRE(t.irqs.size() == 3);
  // Sorted by entry: the softirq (1000..11000), the hard IRQ (4000..7000), RCU (10500..12000).
  CHECK(t.irqs.duration_ns[0] == 10'000);
  CHECK(t.irqs.duration_ns[1] == 3'000);
  CHECK(t.irqs.duration_ns[2] == 1'500);
  CHECK(t.strings[t.irqs.name[2]] == "RCU");
}

TEST_CASE("two GPU processes in one CSV are paired each on its own") {
  // Process 10 launches at 0, 10, 20 µs; process 20 at 5, 15 µs and is off 6..14 µs. As one
  // sequence every pair would hold 20's switch; per process only its own pair (5, 15) does.
  std::string csv =
      "0,cuLaunchKernel,10,10,a,0,1,1,1,1,1,1,0,0x0,0,0\n"
      "5000,cuLaunchKernel,20,20,b,1,1,1,1,1,1,1,0,0x0,0,0\n"
      "6000,schedSwitch,20,20,b,1,,,,,,,,,1000006000,0\n"
      "10000,cuLaunchKernel,10,10,a,0,1,1,1,1,1,1,0,0x0,0,0\n"
      "14000,schedSwitch,20,20,b,1,,,,,,,,,0,1000014000\n"
      "15000,cuLaunchKernel,20,20,b,1,1,1,1,1,1,1,0,0x0,0,0\n"
      "20000,cuLaunchKernel,10,10,a,0,1,1,1,1,1,1,0,0x0,0,0\n";
  std::istringstream in(csv);
  auto t = results::read_trace_csv(in, "two.csv");
  REQUIRE(t.thread(20) != nullptr);
  CHECK(t.thread(20)->tgid == 20);
  auto r = results::analyze_run(t);
  CHECK(r.metric("pairs.total")->value == 3);
  CHECK(r.metric("pairs.b.count")->value == 1);
  CHECK(r.metric("pairs.b.offcpu_ms")->value == doctest::Approx(0.008));
}

TEST_CASE("bad rows are a UserError naming the line") {
  std::istringstream bad_number(
      "0,cuLaunchKernel,1,1,x,0,1,1,1,1,1,1,0,0xZZ,0,0\n1,syncEnter,1,1,x,0,,,,,,,,,,\n");
  CHECK_THROWS_WITH_AS(results::read_trace_csv(bad_number, "t.csv"),
                       doctest::Contains("t.csv:1: stream is not a number"), UserError);
  std::istringstream short_row(
      "timestamp_ns,event_type\n0,cuLaunchKernel,1,1\n5,syncEnter,1,1,x,0,,,,,,,,,,\n");
  CHECK_THROWS_WITH_AS(results::read_trace_csv(short_row, "t.csv"),
                       doctest::Contains("t.csv:2: expected 16 or 19"), UserError);
  std::istringstream empty("timestamp_ns,event_type\n");
  CHECK_THROWS_AS(results::read_trace_csv(empty, "e.csv"), UserError);
}

TEST_SUITE_END();
