#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "common/error.h"
#include "harness/run/workload_result.h"
#include "workloads/qwen3/options.h"
#include "workloads/qwen3/report.h"

using namespace cudabench::qwen3;

namespace {
std::optional<Options> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "qwen3");
  return parse_options(static_cast<int>(args.size()), args.data());
}

struct Ran {
  int exit_code = -1;
  std::string output;
};

Ran run(const std::string& command) {
  Ran r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}
}  // namespace

TEST_SUITE("qwen3") {
  TEST_CASE("command line: defaults and every flag") {
    auto o = parse({});
    REQUIRE(o);
    CHECK(o->model.empty());
    CHECK(o->prompt == "What is eBPF?");
    CHECK(o->n_tokens == 48);
    CHECK(o->ctx == 4096);
    CHECK_FALSE(o->graph);
    CHECK_FALSE(o->pdl);  // programmatic edges exist only in graph mode
    o = parse({"m.gguf", "-q", "Hi", "-n", "7", "--seed", "9", "--graph", "--device", "1", "--ctx", "512",
               "--chat"});
    REQUIRE(o);
    CHECK(o->model == "m.gguf");
    CHECK(o->prompt == "Hi");
    CHECK(o->n_tokens == 7);
    CHECK(o->seed == 9);
    CHECK(o->graph);
    CHECK(o->pdl);  // the default edges of --graph
    CHECK(o->device == 1);
    CHECK(o->ctx == 512);
    CHECK(o->chat);
    o = parse({"--graph", "--no-pdl", "--tokens", "32"});
    REQUIRE(o);
    CHECK(o->graph);
    CHECK_FALSE(o->pdl);
    CHECK(o->n_tokens == 32);
  }

  TEST_CASE("command line: mistakes are UserErrors that name the flag") {
    CHECK_THROWS_WITH_AS(parse({"-n", "0"}), doctest::Contains("-n expects"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"-n", "12x"}), doctest::Contains("-n expects"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"--seed"}), doctest::Contains("--seed needs a value"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"--fast"}), doctest::Contains("unknown option --fast"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"a.gguf", "b.gguf"}), doctest::Contains("unexpected argument"),
                         cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"-q", ""}), doctest::Contains("prompt is empty"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(parse({"--no-pdl"}), doctest::Contains("--graph only"), cudabench::UserError);
  }

  TEST_CASE("the CUDABENCH_RESULT line is what the harness parses") {
    RunResult r;
    r.tokens = 48;
    r.prompt_tokens = 13;
    r.prefill_ms = 40;
    r.decode_ms = 200;
    r.token_ms = std::vector<double>(48, 200.0 / 48);
    r.launches = 48 * 959;
    r.launches_total = 48 * 959 + 12 * 954 + 310;
    r.weights = "gguf:/models/\"odd\\name\".gguf";
    r.gpu = "NVIDIA H100 80GB HBM3";
    r.mode = "eager";
    r.gpu_mem_bytes = 3327000000ull;
    r.kv_cache_tokens = 4096;
    std::string line = result_line(r);
    CHECK(line.rfind("CUDABENCH_RESULT {", 0) == 0);
    CHECK(line.find('\n') == std::string::npos);

    cudabench::harness::Workload w;
    w.kind = "qwen3";
    auto parsed = cudabench::harness::parse_workload_output(w, "tokens: 1 2 3\n" + line + "\n", "");
    CHECK(parsed.error.empty());
    REQUIRE(parsed.figure);
    CHECK(*parsed.figure == doctest::Approx(240.0));  // 48 tokens in 200 ms
    CHECK(parsed.launches == static_cast<double>(r.launches_total));
    auto metric = [&](const std::string& name) {
      for (const auto& m : parsed.metrics)
        if (m.name == name) return m.value;
      FAIL("no metric " << name);
      return 0.0;
    };
    CHECK(metric("launches_per_token") == doctest::Approx(959));
    CHECK(metric("token_ms_p50") == doctest::Approx(200.0 / 48).epsilon(1e-4));
    CHECK(metric("gpu_mem_bytes") == 3327000000.0);
    auto label = [&](const std::string& key) {
      for (const auto& [k, v] : parsed.labels)
        if (k == key) return v;
      return std::string("<missing>");
    };
    CHECK(label("weights") == r.weights);
    CHECK(label("mode") == "eager");
    CHECK(label("pdl") == "off");
    CHECK(label("gpu") == r.gpu);
  }

#ifdef QWEN3_BINARY
  TEST_CASE("the qwen3 binary: help and usage errors - exit 1 with a clear message without a CUDA GPU") {
    const std::string bin = QWEN3_BINARY;
    Ran help = run(bin + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("usage: qwen3") != std::string::npos);
    Ran bad = run(bin + " --nope");
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("unknown option --nope") != std::string::npos);
    // An empty CUDA_VISIBLE_DEVICES hides every GPU, so this holds on the GPU machine too.
    Ran none = run("CUDA_VISIBLE_DEVICES= " + bin + " -n 2");
    CHECK(none.exit_code == 1);
    CHECK_MESSAGE(none.output.find("qwen3: error: no CUDA GPU available") != std::string::npos, none.output);
    CHECK(none.output.find("CUDABENCH_RESULT") == std::string::npos);
  }

  TEST_CASE("the qwen3 binary exports the phase marker the tracer probes") {
    Ran nm = run(std::string("nm -D --defined-only ") + QWEN3_BINARY);
    REQUIRE(nm.exit_code == 0);
    CHECK(nm.output.find(" T cudabench_phase_marker\n") != std::string::npos);
    // The runtime's launch entry is in the executable (cudart linked statically).
    Ran syms = run(std::string("nm ") + QWEN3_BINARY);
    CHECK(syms.output.find(" cudaLaunchKernel\n") != std::string::npos);
    CHECK(syms.output.find(" cudaGraphLaunch\n") != std::string::npos);
  }
#endif

}  // TEST_SUITE
