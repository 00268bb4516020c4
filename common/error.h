// The one error type of cudabench.
//
// An Error says who can fix it (its kind, hence the exit code), what happened, what to do (the
// hint) and, when a system call or SQLite failed, the errno or SQLite result code, so callers can
// tell "no such file" from "permission denied" or "corrupt" from "locked" without parsing text.
// Only main() catches it to print `cudabench: error: ...` and the hint.
//
// UserError: the user can fix it (bad scenario, bad flag, missing binary, refused database): exit 2.
// RunError: the environment or a run failed (no privileges, a child died, disk full): exit 1.
// Both are Errors of that kind with the same (message, hint) constructor. Recoverable failures
// inside a module are return values (std::optional, a reason string), not exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace cudabench {

// The failed call behind an Error; 0 when none.
struct ErrorCause {
  int sys_errno = 0;
  int sqlite_code = 0;  // primary result code (SQLITE_CORRUPT, SQLITE_FULL, ...)
};

class Error : public std::runtime_error {
 public:
  enum class Kind { user, run };
  using Cause = ErrorCause;

  Error(Kind kind, std::string message, std::string hint = {}, Cause cause = {})
      : std::runtime_error(std::move(message)), kind_(kind), hint_(std::move(hint)), cause_(cause) {}

  Kind kind() const { return kind_; }
  int exit_code() const { return kind_ == Kind::user ? 2 : 1; }
  const std::string& hint() const { return hint_; }
  int sys_errno() const { return cause_.sys_errno; }
  int sqlite_code() const { return cause_.sqlite_code; }

 private:
  Kind kind_;
  std::string hint_;
  Cause cause_;
};

class UserError : public Error {
 public:
  explicit UserError(std::string message, std::string hint = {}, Cause cause = {})
      : Error(Kind::user, std::move(message), std::move(hint), cause) {}
};

class RunError : public Error {
 public:
  explicit RunError(std::string message, std::string hint = {}, Cause cause = {})
      : Error(Kind::run, std::move(message), std::move(hint), cause) {}
};

// A RunError "what: strerror(errno)" carrying errno, for a failed system call.
[[noreturn]] void throw_errno(const std::string& what);
std::string errno_text(int err);

}  // namespace cudabench
