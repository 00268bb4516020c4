// The live status line on a real pseudo-terminal: a log message during a run is printed above it
// (the line is cleared first and redrawn after), the line is cut to the terminal's width, carries the
// optional extra field, and is gone when the session ends.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <string>

#include "common/log.h"
#include "harness/run/progress.h"

namespace h = cudabench::harness;

namespace {

// Runs `body` with stderr on a terminal of `columns` columns; returns what the terminal received.
template <typename F>
std::string on_terminal(int columns, F body) {
  winsize ws{};
  ws.ws_row = 24;
  ws.ws_col = static_cast<unsigned short>(columns);
  int master = -1, slave = -1;
  REQUIRE(openpty(&master, &slave, nullptr, nullptr, &ws) == 0);
  const int saved = dup(STDERR_FILENO);
  dup2(slave, STDERR_FILENO);
  body();
  dup2(saved, STDERR_FILENO);
  close(saved);
  close(slave);
  fcntl(master, F_SETFL, O_NONBLOCK);
  std::string raw;
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) raw.append(buf, static_cast<size_t>(n));
  close(master);
  return raw;
}

// The text after the last "\r\x1b[K" of the line that holds `needle` (what was left on that row).
std::string row_with(const std::string& raw, const std::string& needle) {
  const size_t at = raw.find(needle);
  if (at == std::string::npos) return "";
  const size_t start = raw.rfind('\n', at) == std::string::npos ? 0 : raw.rfind('\n', at) + 1;
  const size_t end = raw.find('\n', at);
  std::string row = raw.substr(start, end - start);
  const size_t cleared = row.rfind("\r\x1b[K");
  return cleared == std::string::npos ? row : row.substr(cleared + 4);
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("a warning during a run is printed above the status line, never inside it") {
    const std::string raw = on_terminal(140, [] {
      h::Progress p(h::Progress::Mode::text);
      p.session_start({7, 1, {"baseline"}, 1, 1, "off", "t.db", {"baseline: nothing"}, ""});
      p.run_start({1, 1, 0, 1, "baseline", false});
      p.set_extra("CI +-1.2% (target 1%)");
      cudabench::log::warn("placement: cpuset: not applied");
      p.run_end({{1, 1, 0, 1, "baseline", false}, 1, "ok", "", 42.0, "tokens_per_s", "tok/s", 0.5});
      p.session_end(1, 0, 0, 0);
    });
    CHECK(row_with(raw, "cudabench: warning:") == "cudabench: warning: placement: cpuset: not applied\r");
    CHECK(raw.find("| CI +-1.2% (target 1%)") != std::string::npos);
    // The status line was drawn, cleared before the warning, and drawn again after it.
    const size_t warning = raw.find("cudabench: warning:");
    CHECK(raw.rfind("elapsed", warning) != std::string::npos);
    CHECK(raw.find("elapsed", warning) != std::string::npos);
    CHECK(raw.substr(warning - 4, 4) == "\r\x1b[K");
    // At the end no status line is left: the last thing on its row was a clear.
    CHECK(raw.find("elapsed", raw.find("42.00 tok/s")) == std::string::npos);
  }

  TEST_CASE("the status line is cut to the terminal's width") {
    const std::string raw = on_terminal(40, [] {
      h::Progress p(h::Progress::Mode::text);
      p.session_start({1, 1, {"a_scenario_with_a_long_name"}, 3, 3, "off", "t.db", {}, ""});
      p.run_start({1, 3, 0, 3, "a_scenario_with_a_long_name", true});
      p.session_end(0, 0, 0, 0);
    });
    const size_t at = raw.find("\r\x1b[K[");
    REQUIRE(at != std::string::npos);
    const size_t end = raw.find_first_of("\r\n", at + 4);
    CHECK(end - (at + 4) == 39);
  }

  TEST_CASE("clock text") {
    CHECK(h::clock_text(65) == "1:05");
    CHECK(h::clock_text(3723) == "1:02:03");
  }
}
