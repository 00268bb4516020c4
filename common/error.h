// Error types shared by every module.
//
// UserError: the user can fix it (bad scenario, bad flag, missing binary). Only main() catches it;
// it prints `cudabench: error: ...` plus an optional hint and exits 2.
// RunError: the environment or a run failed (no privileges, a child died). Exit 1.
// Recoverable failures inside a module are return values, not exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace cudabench {

class UserError : public std::runtime_error {
 public:
  explicit UserError(std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

class RunError : public std::runtime_error {
 public:
  explicit RunError(std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

// "what: strerror(errno)" for a failed system call, as a RunError.
[[noreturn]] void throw_errno(const std::string& what);
std::string errno_text(int err);

}  // namespace cudabench
