// The command line as a user meets it: "did you mean", `help CMD`, -v anywhere, the same help
// sections everywhere, the man page and completions generated from the same table, --dry-run.
#include <doctest/doctest.h>

#include "results/store/store.h"

#include <unistd.h>

#include "cli_process.h"
#include "harness/cli/spec.h"

namespace h = cudabench::harness;

// scenarios/examples/ with the example workload's path as this build has it (the files name
// build/workloads/..., the path from the repository root after ci/setup).
std::vector<std::string> example_scenarios(const std::string& dir) {
  std::vector<std::string> out;
  for (const char* name : {"baseline", "noisy_cpu", "noisy_cpu_optimized"}) {
    std::string text =
        testutil::read_file(std::string(CUDABENCH_SOURCE_DIR) + "/scenarios/examples/" + name + ".toml");
    const std::string shipped = "build/workloads/cpu_decoder/cpu_decoder";
    text.replace(text.find(shipped), shipped.size(), CPU_DECODER);
    out.push_back(dir + "/" + name + ".toml");
    testutil::write_file(out.back(), text);
  }
  return out;
}

TEST_SUITE("unit") {
  TEST_CASE("a mistyped command or option gets a 'did you mean'") {
    auto r = testutil::run_cli({"rnu"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("did you mean 'run'?") != std::string::npos);
    r = testutil::run_cli({"reprot"});
    CHECK(r.err.find("did you mean 'report'?") != std::string::npos);
    r = testutil::run_cli({"report", "--formt", "json"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("did you mean '--format'?") != std::string::npos);
    r = testutil::run_cli({"report", "--compar"});
    CHECK(r.err.find("did you mean '--compare'?") != std::string::npos);
    r = testutil::run_cli({"run", "--rnus", "3", "x.toml"});
    CHECK(r.err.find("did you mean '--runs'?") != std::string::npos);
    r = testutil::run_cli({"frobnicate"});
    CHECK(r.err.find("did you mean") == std::string::npos);
  }

  TEST_CASE("every command's help has the same sections, and 'help CMD' prints it") {
    for (const auto& spec : h::command_specs()) {
      const std::string name(spec.name);
      CAPTURE(name);
      const auto r = testutil::run_cli({"help", name});
      CHECK(r.exit_code == 0);
      CHECK(r.out.rfind("USAGE\n", 0) == 0);
      size_t at = 0;
      for (const char* section : {"DESCRIPTION", "OPTIONS", "EXAMPLES", "EXIT CODES"}) {
        const size_t p = r.out.find(std::string("\n") + section + "\n", at);
        CHECK_MESSAGE(p != std::string::npos, section);
        if (p != std::string::npos) at = p;
      }
      if (name != "help") CHECK(testutil::run_cli({name, "--help"}).out == r.out);
    }
    CHECK(testutil::run_cli({"help"}).out.find("COMMANDS") != std::string::npos);
    CHECK(testutil::run_cli({"help", "nope"}).exit_code == 2);
  }

  TEST_CASE("-v and --verbose work anywhere before the command's operands end") {
    const std::string dir = testutil::temp_dir();
    cudabench::results::Store::open_writable(dir + "/v.db");  // list only reads: the database must exist
    CHECK(testutil::run_cli({"list", "--db", dir + "/v.db", "-v"}).exit_code == 0);
    CHECK(testutil::run_cli({"--verbose", "list", "--db", dir + "/v.db"}).exit_code == 0);
    CHECK(testutil::run_cli({"list", "--verbose", "--db", dir + "/v.db"}).exit_code == 0);
    // -r and -w are --runs and --warmup.
    const auto r = testutil::run_cli({"run", "-r", "x", "y.toml"});
    CHECK(r.err.find("--runs expects an integer") != std::string::npos);
  }

  TEST_CASE("the man page and the completions are built and name every command and option") {
    const std::string doc = std::string(CUDABENCH_BINARY_DIR) + "/doc/";
    const std::string man = testutil::read_file(doc + "cudabench.1"),
                      bash = testutil::read_file(doc + "cudabench.bash"),
                      zsh = testutil::read_file(doc + "_cudabench");
    REQUIRE_MESSAGE(!man.empty(), doc << "cudabench.1 was not generated");
    REQUIRE(!bash.empty());
    REQUIRE(!zsh.empty());
    CHECK(man.rfind(".TH CUDABENCH 1", 0) == 0);
    CHECK(bash.find("complete -F _cudabench cudabench") != std::string::npos);
    CHECK(zsh.rfind("#compdef cudabench", 0) == 0);
    auto roff = [](std::string s) {
      for (size_t p = s.find('-'); p != std::string::npos; p = s.find('-', p + 2)) s.replace(p, 1, "\\-");
      return s;
    };
    for (const auto& spec : h::command_specs()) {
      const std::string name(spec.name);
      CHECK_MESSAGE(man.find(".SS " + roff(name)) != std::string::npos, name);
      CHECK_MESSAGE(bash.find("    " + name + ")") != std::string::npos, name);
      CHECK_MESSAGE(zsh.find("'" + name + ":") != std::string::npos, name);
      for (const auto& o : spec.options) {
        const std::string flag(o.name);
        CHECK_MESSAGE(man.find("\\fB" + roff(flag) + "\\fR") != std::string::npos, name << " " << flag);
        CHECK_MESSAGE(bash.find(" " + flag) != std::string::npos, name << " " << flag);
        CHECK_MESSAGE(zsh.find("'" + flag + "[") != std::string::npos, name << " " << flag);
      }
    }
  }

  TEST_CASE("run --dry-run: validates, says what changes and the plan, starts nothing") {
    const std::string dir = testutil::temp_dir();
    const std::string db = dir + "/never.db";
    const auto examples = example_scenarios(dir);
    const auto r = testutil::run_cli(
        {"run", "--dry-run", "--trace", "off", "--db", db, "-r", "2", examples[0], examples[2]});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("changes to this machine") != std::string::npos);
    CHECK(r.out.find("noisy_cpu_optimized: interferer stress-ng fft") != std::string::npos);
    CHECK(r.out.find("(one per online CPU), at nice 19") != std::string::npos);
    CHECK(r.out.find("then 2 block(s) x 2 scenario(s) x (untraced) = 6 runs") != std::string::npos);
    CHECK(r.out.find("estimated time: unknown") != std::string::npos);
    CHECK(access(db.c_str(), F_OK) != 0);  // nothing written
    // Traced runs in blocks 0 and 2 of 3 only: 2 warm-up + 6 untraced + 4 sched-traced.
    const auto every = testutil::run_cli({"run", "--dry-run", "--traced-every", "2", "--db", db, "-r", "3",
                                          examples[0], examples[2]});
    CHECK(every.out.find("x (untraced + sched-traced) = 12 runs") != std::string::npos);
    // A precision target: the blocks are a minimum, and the plan says what may follow.
    const auto target = testutil::run_cli({"run", "--dry-run", "--trace", "off", "--target-ci", "2", "--max-time",
                                           "90s", "--db", db, examples[0], examples[2]});
    CHECK(target.out.find("then at least 10 block(s)") != std::string::npos);
    CHECK(target.out.find("until every change's 95% CI half-width is <= 2% or 90 s are spent") !=
          std::string::npos);
    const auto bad = testutil::run_cli({"run", "--dry-run", dir + "/missing.toml"});
    CHECK(bad.exit_code == 2);
  }
}
