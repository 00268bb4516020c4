#include "harness/interferers/session_scratch.h"

#include <stdlib.h>

#include <filesystem>

#include "common/error.h"
#include "common/log.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {
namespace {

void remove_dir(const std::string& dir, Janitor* janitor) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) {
    log::warn("cannot remove scratch directory {}: {}", dir, ec.message());
    return;
  }
  if (janitor) janitor->forget_path(dir);
}

}  // namespace

SessionScratch::~SessionScratch() {
  for (const auto& [key, dir] : dirs_) remove_dir(dir, janitor_);
}

std::string SessionScratch::directory(const std::string& key, const std::string& parent, bool* fresh) {
  *fresh = false;
  if (auto it = dirs_.find(key); it != dirs_.end()) return it->second;
  std::string pattern = parent + "/cudabench-fio-XXXXXX";
  if (!mkdtemp(pattern.data())) throw_errno("mkdtemp " + pattern);
  if (janitor_) janitor_->record_path(pattern);
  *fresh = true;
  return dirs_[key] = pattern;
}

void SessionScratch::discard(const std::string& key) {
  if (auto it = dirs_.find(key); it != dirs_.end()) {
    remove_dir(it->second, janitor_);
    dirs_.erase(it);
  }
}

}  // namespace cudabench::harness
