// Diagnostics on stderr. Results go to stdout; everything a human reads while a run goes on goes here.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace cudabench::log {

enum class Level { error, warning, hint, info, debug };

void set_verbose(bool verbose);
bool verbose();
void write(Level level, std::string_view text);

// A live line at the bottom of the terminal (a session's progress). While one is set, every log
// line first clears it and then has it redrawn, so messages appear above it, never inside it.
class StatusLine {
 public:
  virtual ~StatusLine() = default;
  virtual void hide() = 0;  // clear it from the screen and keep it off until show()
  virtual void show() = 0;  // draw it again
};
void set_status_line(StatusLine* line);  // null: none

template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::error, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::warning, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void hint(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::hint, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  write(Level::info, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (verbose()) write(Level::debug, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace cudabench::log
