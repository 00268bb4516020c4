// The HTML report in a real browser: headless chromium parses it, logs no console message (there is
// no script, so any message is an error: a blocked resource, a parse failure), keeps all seven
// charts in its DOM, and renders a screenshot (kept in the build directory for a human to look at).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/report/model.h"
#include "tests/results/synthetic_session.h"

namespace fs = std::filesystem;
namespace r = cudabench::results;
namespace rr = cudabench::results::report;

namespace {

std::string find_chromium() {
  if (const char* env = std::getenv("CUDABENCH_CHROMIUM")) return env;
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (fs::exists(p)) return p;
  return {};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_chromium(const std::string& chromium, const fs::path& profile, const std::string& what,
                 const fs::path& page, const fs::path& out, const fs::path& log) {
  const std::string cmd = "'" + chromium +
                          "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                          "--disable-background-networking --disable-component-update --disable-sync "
                          "--user-data-dir='" +
                          profile.string() + "' --enable-logging=stderr --v=0 " + what + " 'file://" +
                          page.string() + "' > '" + out.string() + "' 2> '" + log.string() + "'";
  return std::system(cmd.c_str());
}

}  // namespace

TEST_SUITE("browser") {
  TEST_CASE("the HTML report loads in headless chromium without console errors") {
    const std::string chromium = find_chromium();
    if (chromium.empty()) {
      MESSAGE("skipped: chromium not found (apt-get install chromium, or set CUDABENCH_CHROMIUM)");
      return;
    }
    const fs::path dir = fs::temp_directory_path() / ("cudabench_html_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "profile");
    cudabench::testing::SyntheticOptions o;
    o.blocks = 6;
    auto runs = cudabench::testing::synthetic_session(cudabench::testing::study_scenarios(), o);
    const auto report = rr::make_report(r::aggregate_runs(runs, {}), "synthetic.db", "session 1");
    const fs::path page = dir / "report.html";
    {
      std::ofstream out(page);
      rr::render_html(report, out);
    }
    REQUIRE(run_chromium(chromium, dir / "profile", "--dump-dom", page, dir / "dom.html", dir / "dom.log") ==
            0);
    const std::string dom = slurp(dir / "dom.html"), log = slurp(dir / "dom.log");
    size_t svgs = 0;
    for (size_t p = dom.find("<svg"); p != std::string::npos; p = dom.find("<svg", p + 1)) ++svgs;
    CHECK(svgs == 7);
    CHECK(dom.find("Performance impact") != std::string::npos);
    CHECK_MESSAGE(log.find("CONSOLE") == std::string::npos, log);
    CHECK_MESSAGE(log.find("net::ERR") == std::string::npos, log);

    const fs::path shot = fs::path(CUDABENCH_BINARY_DIR) / "report_browser_test.png";
    fs::remove(shot);
    REQUIRE(run_chromium(chromium, dir / "profile2",
                         "--window-size=1280,2600 --screenshot='" + shot.string() + "'", page,
                         dir / "shot.out", dir / "shot.log") == 0);
    REQUIRE(fs::exists(shot));
    CHECK(fs::file_size(shot) > 50'000);  // a blank page compresses to a few KB
    MESSAGE("screenshot: " << shot.string());
    fs::remove_all(dir);
  }

}  // TEST_SUITE
