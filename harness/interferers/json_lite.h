// A minimal JSON reader for the reports of iperf3 and fio: objects, arrays, numbers, strings,
// booleans and null, per RFC 8259. Enough to look figures up; it does not write JSON.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cudabench::harness::json {

struct Value;
using Object = std::map<std::string, Value>;
using Array = std::vector<Value>;

struct Value {
  // shared_ptr breaks the recursion std::variant cannot hold directly.
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<Array>, std::shared_ptr<Object>>
      data = nullptr;

  const Value* get(const std::string& key) const;  // member of an object, else nullptr
  const Array* array() const;
  const Object* object() const;
  std::optional<double> number() const;
  const std::string* string() const;
};

// Throws std::invalid_argument with the byte offset of the first error.
Value parse(std::string_view text);

// Follows a path of object keys ("end", "sum_sent", "bits_per_second"); nullptr when absent.
const Value* find(const Value& root, std::initializer_list<const char*> path);

}  // namespace cudabench::harness::json
