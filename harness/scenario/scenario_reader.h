// Typed access to a toml++ table with errors that name file:line:col, the key and what was
// expected. Used by scenario.cpp only.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cudabench::harness {

class TomlReader {
 public:
  TomlReader(std::string path, const toml::table& table, std::string section)
      : path_(std::move(path)), table_(table), section_(std::move(section)) {}

  // Rejects keys outside `allowed`, naming the first unknown one and listing the allowed ones.
  void only_keys(std::initializer_list<std::string_view> allowed) const;
  void only_keys(const std::vector<std::string_view>& allowed) const;

  std::optional<std::string> string(std::string_view key) const;
  std::string required_string(std::string_view key) const;
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max) const;
  std::optional<double> number(std::string_view key, double min, double max) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::map<std::string, std::string>> string_table(std::string_view key) const;
  const toml::node* node(std::string_view key) const { return table_.get(key); }

  // Every string read refuses a NUL: it would silently cut the value in any C interface.
  // Throws UserError "path:line:col: section.key: message".
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  [[noreturn]] void fail_at(const toml::node* node, std::string_view key, const std::string& message) const;
  std::string where(const toml::node* node) const;
  std::string qualified(std::string_view key) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const toml::table& table_;
  std::string section_;
};

}  // namespace cudabench::harness
