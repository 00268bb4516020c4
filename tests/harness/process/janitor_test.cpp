// The janitor: the session lock, and cleaning up after a session that died with its watcher.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "harness/process/janitor.h"

using cudabench::harness::Janitor;
namespace fs = std::filesystem;

TEST_SUITE("privileged") {
  TEST_CASE("a second session in the same machine is refused while the first holds the lock") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the lock lives in /run/cudabench)");
      return;
    }
    auto first = Janitor::start();
    CHECK_THROWS_WITH_AS(Janitor::start(), doctest::Contains("another cudabench session is running"),
                         cudabench::RunError);
    first.reset();
    CHECK_NOTHROW(Janitor::start());
  }

  TEST_CASE("the next session undoes what a dead session and its dead watcher left behind") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    char tmpl[] = "/tmp/cudabench-stale-XXXXXX";
    std::string scratch = mkdtemp(tmpl);
    std::ofstream(scratch + "/file") << "data";
    std::string kept = scratch + "-kept";
    fs::create_directory(kept);
    std::string state = Janitor::state_dir() + "/session-999999.state";
    fs::create_directories(Janitor::state_dir());
    std::ofstream(state) << "path " << scratch << "\npath " << kept << "\nunpath " << kept << "\n";
    {
      auto j = Janitor::start();
      CHECK_FALSE(fs::exists(scratch));  // recorded and not forgotten: removed
      CHECK(fs::exists(kept));           // forgotten (already undone by its session): left alone
      CHECK_FALSE(fs::exists(state));
      // This session's own records are undone when it ends normally.
      std::string mine = scratch + "-mine";
      fs::create_directory(mine);
      j->record_path(mine);
      j.reset();
      CHECK_FALSE(fs::exists(mine));
    }
    fs::remove_all(kept);
  }
}
