// What the terminal allows: colour (https://no-color.org: NO_COLOR set to anything but the empty
// string turns it off) and its width (TIOCGWINSZ), for the report and the progress line.
#pragma once

namespace cudabench {

// True when `fd` is a terminal and NO_COLOR is unset or empty.
bool colour_allowed(int fd);
// Columns of the terminal on `fd`; 0 when it is not a terminal or does not say.
int terminal_columns(int fd);

}  // namespace cudabench
