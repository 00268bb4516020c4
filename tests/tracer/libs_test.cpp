// Library resolution the way ld.so does it: no BPF needed.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "tracer/libs.h"
#include "tracer/tracer.h"

using namespace cudabench;
namespace fs = std::filesystem;

TEST_SUITE("unit") {
  TEST_CASE("libcuda is resolved through the executable's DT_NEEDED and RUNPATH") {
    auto dyn = tracer::read_dynamic(FAKE_LAUNCHER);
    bool needs = false;
    for (const auto& n : dyn.needed) needs |= n == "libcuda.so.1";
    CHECK(needs);
    std::string found = tracer::resolve_cuda_lib(FAKE_LAUNCHER);
    REQUIRE(!found.empty());
    CHECK(fs::equivalent(found, FAKE_CUDA_LIB));
  }

  TEST_CASE("a program without DT_NEEDED libcuda falls back to the system directories") {
    // /bin/true needs only libc: the answer is whatever libcuda.so.1 the system has, or nothing.
    std::string found = tracer::resolve_cuda_lib("/bin/true");
    if (!found.empty()) CHECK(fs::path(found).filename() == "libcuda.so.1");
    CHECK(tracer::find_library("libc.so.6", "/bin/true").find("libc.so.6") != std::string::npos);
    CHECK(tracer::find_library("libdoesnotexist.so.9", "/bin/true").empty());
  }
}

TEST_SUITE("unit") {
  TEST_CASE("a running process's mapped library is found in /proc/PID/maps") {
    // This test binary maps libc.so.6 and no libcuda.
    CHECK(tracer::mapped_library(getpid(), "libc.so").find("libc.so") != std::string::npos);
    CHECK(tracer::mapped_library(getpid(), "libcuda.so").empty());
  }
}
