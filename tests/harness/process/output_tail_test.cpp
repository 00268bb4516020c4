// OutputTail: a child's output kept bounded, the marked line kept however much follows it, and a
// process left holding the pipe never blocks the run's end.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "harness/process/output_tail.h"
#include "harness/process/process.h"

using namespace cudabench::harness;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/cudabench-tail-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string run_into(OutputTail& tail, const std::string& script) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", script};
  o.stdout_path = tail.path();
  Child child(o);
  child.wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(60));
  return tail.finish();
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("the tail is bounded - starts at a line - and the last marked line survives what follows") {
    TempDir dir;
    OutputTail tail(dir.path + "/out", "RESULT ", 4096);
    const std::string kept =
        run_into(tail,
                 "echo 'RESULT {\"a\": 1}'; echo 'RESULT {\"a\": 2}'; "
                 "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; echo last");
    CHECK(kept.rfind("RESULT {\"a\": 2}\n", 0) == 0);  // the marked line, then the tail
    CHECK(kept.size() <= 4096 + 64);
    CHECK(kept.find("RESULT {\"a\": 1}") == std::string::npos);
    CHECK(kept.substr(kept.size() - 5) == "last\n");
    CHECK(tail.total_bytes() > 10000);
    CHECK(kept.find("\nline") != std::string::npos);
  }

  TEST_CASE("a process left holding the pipe does not hold up the end of the run") {
    TempDir dir;
    OutputTail tail(dir.path + "/out");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string kept = run_into(tail, "echo before; (sleep 3 &) ; echo after");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
    CHECK(kept == "before\nafter\n");
  }

  TEST_CASE("a child that writes nothing leaves an empty tail") {
    TempDir dir;
    OutputTail tail(dir.path + "/out");
    CHECK(run_into(tail, "true").empty());
  }
}
