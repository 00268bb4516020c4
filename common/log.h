// Diagnostics on stderr. Results go to stdout; everything a human reads while a run goes on goes here.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace cudabench::log {

enum class Level { error, warning, hint, info, debug };

void set_verbose(bool verbose);
bool verbose();
void write(Level level, std::string_view text);

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
