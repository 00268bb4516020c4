// `cudabench run` on a terminal, for real: the binary runs in a pseudo-terminal of 60 and of 160
// columns, and what it wrote is replayed through a small terminal model (wrapping, \r, erase to end
// of line) to get the screen a user would see. The status line must never be wider than the
// terminal (a wrapped line cannot be cleared), must tick during a run, and must be gone at the end;
// each finished run leaves one line; the summary goes to stdout, not the terminal.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "cli_process.h"

namespace {

struct Captured {
  std::string raw;  // bytes the terminal received
  int exit_code = -1;
};

// Runs cudabench with `args` on a terminal of `columns` columns; stdout goes to `stdout_path`.
Captured run_on_terminal(const std::vector<std::string>& args, int columns, const std::string& stdout_path,
                         const char* no_color) {
  winsize ws{};
  ws.ws_row = 40;
  ws.ws_col = static_cast<unsigned short>(columns);
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    if (no_color)
      setenv("NO_COLOR", no_color, 1);
    else
      unsetenv("NO_COLOR");
    std::vector<char*> argv{const_cast<char*>(CUDABENCH_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CUDABENCH_EXE, argv.data());
    _exit(127);
  }
  Captured c;
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) c.raw.append(buf, static_cast<size_t>(n));
  close(master);  // EIO once the child closed the terminal
  int status = 0;
  waitpid(pid, &status, 0);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return c;
}

// The screen (all lines, scrolled ones too) after `raw` on a terminal of `columns` columns: printing
// at the last column wraps, \r returns, \n moves down, ESC[K erases to the end of the line, other
// escape sequences (colours) draw nothing.
std::vector<std::string> screen(const std::string& raw, size_t columns) {
  std::vector<std::string> lines(1);
  size_t row = 0, col = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\x1b' && i + 1 < raw.size() && raw[i + 1] == '[') {
      size_t j = i + 2;
      while (j < raw.size() && !std::isalpha(static_cast<unsigned char>(raw[j]))) ++j;
      if (j < raw.size() && raw[j] == 'K' && lines[row].size() > col) lines[row].resize(col);
      i = j;
    } else if (c == '\r') {
      col = 0;
    } else if (c == '\n') {
      if (++row == lines.size()) lines.emplace_back();
    } else {
      if (col == columns) {  // the previous character filled the line: wrap
        col = 0;
        if (++row == lines.size()) lines.emplace_back();
      }
      if (lines[row].size() <= col) lines[row].resize(col + 1, ' ');
      lines[row][col++] = c;
    }
  }
  return lines;
}

std::string scenario(const std::string& dir, const std::string& name, double seconds) {
  const std::string path = dir + "/" + name + ".toml";
  testutil::write_file(
      path, "[scenario]\nname = \"" + name +
                "\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/sh\", \"-c\", \"sleep " +
                std::to_string(seconds) +
                "; echo 'CUDABENCH_RESULT {\\\"tokens_per_s\\\": 42}'\"]\n[run]\nruns = 1\nwarmup = 0\n");
  return path;
}

}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("run on a terminal of 60 and 160 columns: one status line that ticks, fits and goes") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = testutil::temp_dir();
    const std::string slow = scenario(dir, "a_scenario_with_a_rather_long_name", 2.6);
    const std::string quick = scenario(dir, "baseline", 0.1);
    for (int columns : {60, 160}) {
      CAPTURE(columns);
      const std::string db = dir + "/t" + std::to_string(columns) + ".db", out = dir + "/out.txt";
      const auto c = run_on_terminal({"run", slow, quick, "--trace", "off", "--db", db, "--seed", "3"},
                                     columns, out, "1");
      REQUIRE(c.exit_code == 0);
      const auto lines = screen(c.raw, static_cast<size_t>(columns));
      int finished = 0;
      for (const auto& l : lines) {
        CHECK_MESSAGE(l.find("elapsed") == std::string::npos, "a status line was left on the screen: " << l);
        finished += l.find("  ok") != std::string::npos;
      }
      CHECK(finished == 2);  // one line per finished run
      // While the 2.6 s run goes on, the line is redrawn with the run's own time moving.
      std::set<std::string> run_times;
      for (size_t p = c.raw.find("run 0:0"); p != std::string::npos; p = c.raw.find("run 0:0", p + 1))
        run_times.insert(c.raw.substr(p, 8));
      CHECK(run_times.size() >= 2);
      // Every status line drawn was cut to the width: none wrapped. (A finished run's line, which
      // ends in a newline and stays, may wrap like any other output.)
      for (size_t p = c.raw.find("\r\x1b[K["); p != std::string::npos; p = c.raw.find("\r\x1b[K[", p + 1)) {
        const size_t end = c.raw.find_first_of("\r\n", p + 4);
        if (end + 1 < c.raw.size() && c.raw[end] == '\r' && c.raw[end + 1] == '\n') continue;
        CHECK(end - (p + 4) < static_cast<size_t>(columns));
      }
      CHECK(c.raw.find("\x1b[32m") == std::string::npos);  // NO_COLOR=1: no colour
      const std::string summary = testutil::read_file(out);
      CHECK(summary.find("session 1 (done)") != std::string::npos);
      CHECK(summary.find("next: cudabench report --db " + db + " --session 1") != std::string::npos);
      CHECK(c.raw.find("next: cudabench report") == std::string::npos);  // stdout is not the terminal
    }
    // NO_COLOR set but empty does not turn colour off (no-color.org).
    const auto coloured =
        run_on_terminal({"run", quick, "--trace", "off", "--db", dir + "/c.db"}, 100, dir + "/out2.txt", "");
    CHECK(coloured.exit_code == 0);
    CHECK(coloured.raw.find("\x1b[32mok") != std::string::npos);
  }

  TEST_CASE("run in a log (stderr not a terminal): one line per finished run, nothing else") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = testutil::temp_dir();
    const std::string quick = scenario(dir, "baseline", 0.1);
    const auto r = testutil::run_cli({"run", quick, "-r", "2", "--trace", "off", "--db", dir + "/l.db"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("\r") == std::string::npos);
    CHECK(r.err.find("elapsed") == std::string::npos);
    size_t run_lines = 0;
    for (size_t p = r.err.find("] block "); p != std::string::npos; p = r.err.find("] block ", p + 1))
      ++run_lines;
    CHECK(run_lines == 2);
    CHECK(r.out.find("session 1 (done)") != std::string::npos);
    CHECK(r.out.find("baseline") != std::string::npos);
  }
}
