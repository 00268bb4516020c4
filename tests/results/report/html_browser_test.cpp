// The HTML report in a real browser: headless chromium parses it, logs no console message (the report
// has no script, so any message is an error: a blocked resource, a parse failure), lays out the
// forest plot and the strip plot with every mark inside its chart, and renders a screenshot (kept in
// the build directory for a human to look at). Without chromium the test says it is skipped.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

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
  fs::create_directories(profile);  // a new empty profile for each start
  const std::string cmd = "'" + chromium +
                          "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                          "--disable-background-networking --disable-component-update --disable-sync "
                          "--user-data-dir='" +
                          profile.string() + "' --enable-logging=stderr --v=0 " + what + " 'file://" +
                          page.string() + "' > '" + out.string() + "' 2> '" + log.string() + "'";
  return std::system(cmd.c_str());
}

// Measures, in the browser's layout, each chart's box and how many of its marks lie inside it.
constexpr const char* probe = R"(<script>
(() => {
  const res = {};
  for (const [cls, sel] of [['forest', 'g.row circle'], ['strip', 'circle.dot']]) {
    const svg = document.querySelector('svg.' + cls);
    if (!svg) { res[cls] = null; continue; }
    const box = svg.getBoundingClientRect();
    let inside = 0;
    const marks = svg.querySelectorAll(sel);
    for (const m of marks) {
      const b = m.getBoundingClientRect();
      if (b.width > 0 && b.left >= box.left && b.right <= box.right && b.top >= box.top && b.bottom <= box.bottom) ++inside;
    }
    res[cls] = {width: box.width, height: box.height, marks: marks.length, inside: inside};
  }
  document.body.setAttribute('data-layout', JSON.stringify(res));
})();
</script>)";

nlohmann::json layout_of(const std::string& dom) {
  const std::string key = "data-layout=\"";
  const size_t at = dom.find(key);
  if (at == std::string::npos) return nullptr;
  std::string value = dom.substr(at + key.size(), dom.find('"', at + key.size()) - at - key.size());
  for (size_t p = value.find("&quot;"); p != std::string::npos; p = value.find("&quot;", p + 1))
    value.replace(p, 6, "\"");
  return nlohmann::json::parse(value);
}

}  // namespace

TEST_SUITE("browser") {
  TEST_CASE(
      "the HTML report in headless chromium: no console errors, forest and strip plots laid out with data") {
    const std::string chromium = find_chromium();
    if (chromium.empty()) {
      MESSAGE("skipped: chromium not found (apt-get install chromium, or set CUDABENCH_CHROMIUM)");
      return;
    }
    const fs::path dir = fs::temp_directory_path() / ("cudabench_html_" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    cudabench::testing::SyntheticOptions o;
    o.blocks = 6;
    auto runs = cudabench::testing::synthetic_session(cudabench::testing::study_scenarios(), o);
    const auto report = rr::make_report(r::aggregate_runs(runs, {}), "synthetic.db", "session 1");
    std::ostringstream html;
    rr::render(rr::report_document(report), *rr::find_format("html"), html, {});
    const fs::path page = dir / "report.html", probed = dir / "probed.html";
    std::ofstream(page) << html.str();
    std::string with_probe = html.str();
    with_probe.insert(with_probe.rfind("</body>"), probe);
    std::ofstream(probed) << with_probe;

    REQUIRE(run_chromium(chromium, dir / "p1", "--dump-dom", page, dir / "dom.html", dir / "dom.log") == 0);
    const std::string log = slurp(dir / "dom.log");
    CHECK_MESSAGE(log.find("CONSOLE") == std::string::npos, log);
    CHECK_MESSAGE(log.find("net::ERR") == std::string::npos, log);
    CHECK(slurp(dir / "dom.html").find("Headline: tok/s against baseline") != std::string::npos);

    REQUIRE(run_chromium(chromium, dir / "p2", "--window-size=1280,2000 --dump-dom", probed,
                         dir / "probe.html", dir / "probe.log") == 0);
    const auto layout = layout_of(slurp(dir / "probe.html"));
    REQUIRE_MESSAGE(layout.is_object(), slurp(dir / "probe.log"));
    REQUIRE(layout["forest"].is_object());
    REQUIRE(layout["strip"].is_object());
    CHECK(layout["forest"]["width"].get<double>() > 300);
    CHECK(layout["forest"]["marks"] == 5);  // the five scenarios against the baseline
    CHECK(layout["forest"]["inside"] == 5);
    CHECK(layout["strip"]["marks"] == 6 * 6);  // six untraced runs of six scenarios
    CHECK(layout["strip"]["inside"] == 6 * 6);

    const fs::path shot = fs::path(CUDABENCH_BINARY_DIR) / "report_browser_test.png";
    fs::remove(shot);
    REQUIRE(run_chromium(chromium, dir / "p3", "--window-size=1280,2600 --screenshot='" + shot.string() + "'",
                         page, dir / "shot.out", dir / "shot.log") == 0);
    REQUIRE(fs::exists(shot));
    CHECK(fs::file_size(shot) > 50'000);  // a blank page compresses to a few KB
    MESSAGE("screenshot: " << shot.string());
    fs::remove_all(dir);
  }
}
