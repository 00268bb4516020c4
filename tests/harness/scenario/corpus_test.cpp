// The hostile-input corpus: every corpus/NAME.toml must be refused at validation with exactly the
// message in corpus/NAME.expected (exit 2 in the CLI), never crash, hang or reach run time. The
// files are read and validated as "NAME.toml"; file-type cases (FIFO, directory, oversized) are
// made here since git cannot hold them.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "harness/interferers/registry.h"
#include "harness/scenario/scenario.h"

namespace fs = std::filesystem;
using cudabench::UserError;
using namespace cudabench::harness;

namespace {

const fs::path corpus = fs::path(CUDABENCH_SOURCE_DIR) / "tests/harness/scenario/corpus";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string refusal(const std::string& path, const std::string& text) {
  try {
    parse_scenario(text, path, interferer_kinds());
  } catch (const UserError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string load_refusal(const std::string& path) {
  try {
    load_scenario(path, interferer_kinds());
  } catch (const UserError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("hostile scenario corpus - each refused with its expected message") {
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(corpus)) {
      if (entry.path().extension() != ".toml") continue;
      const std::string name = entry.path().stem().string();
      CAPTURE(name);
      fs::path expected_file = corpus / (name + ".expected");
      REQUIRE_MESSAGE(fs::exists(expected_file), "no " << expected_file);
      std::string expected = slurp(expected_file);
      while (!expected.empty() && expected.back() == '\n') expected.pop_back();
      CHECK(refusal(name + ".toml", slurp(entry.path())) == expected);
      ++cases;
    }
    CHECK(cases >= 40);
  }

  TEST_CASE("a scenario path that is not a regular file is refused at once") {
    char tmpl[] = "/tmp/cudabench-corpus-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    REQUIRE(mkfifo((dir + "/fifo.toml").c_str(), 0600) == 0);
    CHECK(load_refusal(dir + "/fifo.toml") ==
          "scenario file " + dir + "/fifo.toml: is not a regular file (a FIFO)");
    fs::create_directory(dir + "/dir.toml");
    CHECK(load_refusal(dir + "/dir.toml") == "scenario file " + dir + "/dir.toml: is a directory");
    CHECK(load_refusal("/dev/zero") == "scenario file /dev/zero: is not a regular file (a device)");
    std::ofstream(dir + "/big.toml") << std::string(max_scenario_bytes + 1, '#');
    CHECK(load_refusal(dir + "/big.toml") == "scenario file " + dir +
                                                 "/big.toml: is 4194305 bytes, more than "
                                                 "the limit of 4194304");
    CHECK(load_refusal(dir + "/missing.toml") ==
          "cannot read scenario file " + dir + "/missing.toml: No such file or directory");
    fs::remove_all(dir);
  }
}
