// Checks on what users hand cudabench: input files (regular, bounded) and text that reaches a
// terminal, a database or an argv (no control characters).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cudabench {

// Opens `path` for reading without blocking (a FIFO never hangs us) and checks, on the open file,
// that it is a regular file of at most `max_bytes`. Returns the descriptor (O_CLOEXEC, blocking
// again). Throws UserError "<what> PATH: is a directory" / "not a regular file (a FIFO)" /
// "is N bytes, more than the limit of M" / the errno text.
int open_regular_file(const std::string& path, std::size_t max_bytes, const std::string& what);

// The whole file, through open_regular_file.
std::string read_regular_file(const std::string& path, std::size_t max_bytes, const std::string& what);

// "" when `path` names an existing regular file we may read; else why not ("does not exist",
// "is a directory", "is not a regular file", "is not readable: Permission denied").
std::string regular_readable_problem(const std::string& path);

// Index of the first C0 control character (NUL, ESC, ...) or DEL in `text`; `allow_tab_newline`
// lets tabs and newlines through (descriptions). Such characters would rewrite a terminal when
// printed, or cut an argv at a NUL.
std::optional<std::size_t> control_char_at(std::string_view text, bool allow_tab_newline = false);

// `text` with control characters shown as \xNN, for error messages.
std::string visible(std::string_view text);

}  // namespace cudabench
