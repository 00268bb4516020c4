#include "common/input.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace cudabench {
namespace {

std::string file_type(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is not a regular file (a FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is not a regular file (a device)";
  if (S_ISSOCK(mode)) return "is not a regular file (a socket)";
  return "is not a regular file";
}

}  // namespace

int open_regular_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  const std::string name = what + " " + path;
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw UserError("cannot read " + name + ": " + errno_text(errno), {}, {.sys_errno = errno});
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const std::string why = S_ISREG(st.st_mode) ? errno_text(errno) : file_type(st.st_mode);
    close(fd);
    throw UserError(name + ": " + why);
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    close(fd);
    throw UserError(fmt::format("{}: is {} bytes, more than the limit of {}", name, st.st_size, max_bytes));
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::string read_regular_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  const int fd = open_regular_file(path, max_bytes, what);
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      throw UserError("cannot read " + what + " " + path + ": " + errno_text(err), {}, {.sys_errno = err});
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {  // it grew since fstat
      close(fd);
      throw UserError(fmt::format("{} {}: more than the limit of {} bytes", what, path, max_bytes));
    }
  }
  close(fd);
  return text;
}

std::string regular_readable_problem(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return errno == ENOENT ? "does not exist" : errno_text(errno);
  if (!S_ISREG(st.st_mode)) return file_type(st.st_mode);
  if (access(path.c_str(), R_OK) != 0) return "is not readable: " + errno_text(errno);
  return {};
}

std::optional<std::size_t> control_char_at(std::string_view text, bool allow_tab_newline) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (allow_tab_newline && (c == '\t' || c == '\n')) continue;
    if (c < 0x20 || c == 0x7f) return i;
  }
  return std::nullopt;
}

std::string visible(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += ch;
  }
  return out;
}

}  // namespace cudabench
