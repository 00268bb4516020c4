// Scratch directories that outlive a run: fio lays out its files (4 x 1 GB in the study's
// scenarios, 8-9 s) once per session and every later run writes into the same files. Each directory
// is recorded with the janitor, so a killed cudabench's watcher removes it too.
#pragma once

#include <map>
#include <string>

namespace cudabench::harness {

class Janitor;

class SessionScratch {
 public:
  explicit SessionScratch(Janitor* janitor) : janitor_(janitor) {}
  SessionScratch(const SessionScratch&) = delete;
  SessionScratch& operator=(const SessionScratch&) = delete;
  ~SessionScratch();  // removes every directory

  // The directory for `key` under `parent`: made (mkdtemp) on the first call, when *fresh is set
  // true, the same one afterwards. Throws RunError when it cannot be made.
  std::string directory(const std::string& key, const std::string& parent, bool* fresh);
  // Forgets `key` and removes its directory: its files were not laid out completely.
  void discard(const std::string& key);

 private:
  Janitor* janitor_;
  std::map<std::string, std::string> dirs_;
};

}  // namespace cudabench::harness
