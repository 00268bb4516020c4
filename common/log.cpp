#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace cudabench::log {
namespace {
std::atomic<bool> verbose_{false};
std::mutex mutex_;
StatusLine* status_line_ = nullptr;  // guarded by mutex_

const char* prefix(Level level) {
  switch (level) {
    case Level::error: return "cudabench: error: ";
    case Level::warning: return "cudabench: warning: ";
    case Level::hint: return "hint: ";
    case Level::info: return "";
    case Level::debug: return "debug: ";
  }
  return "";
}
}  // namespace

void set_verbose(bool v) {
  verbose_ = v;
}
bool verbose() {
  return verbose_;
}

void set_status_line(StatusLine* line) {
  std::lock_guard lock(mutex_);
  status_line_ = line;
}

void write(Level level, std::string_view text) {
  std::lock_guard lock(mutex_);
  if (status_line_) status_line_->hide();
  std::fprintf(stderr, "%s%.*s\n", prefix(level), static_cast<int>(text.size()), text.data());
  if (status_line_) status_line_->show();
}

}  // namespace cudabench::log
