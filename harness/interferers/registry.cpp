#include "harness/interferers/registry.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {

// Each kind's file (kinds/*.cpp) defines `const InterfererKind& <name>_kind()`.
// Registering a kind is one line here.
#define CUDABENCH_INTERFERER_KINDS(X) \
  X(stress_ng)                        \
  X(iperf3)                           \
  X(fio)                              \
  X(command)

#define CUDABENCH_DECLARE(k) const InterfererKind& k##_kind();
CUDABENCH_INTERFERER_KINDS(CUDABENCH_DECLARE)
#undef CUDABENCH_DECLARE

namespace {

const std::vector<const InterfererKind*>& all_kinds() {
#define CUDABENCH_LIST(k) &k##_kind(),
  static const std::vector<const InterfererKind*> kinds = {CUDABENCH_INTERFERER_KINDS(CUDABENCH_LIST)};
#undef CUDABENCH_LIST
  return kinds;
}

constexpr std::string_view common_keys[] = {"kind", "settle_s", "cpus", "nice"};

class Kinds : public InterfererKinds {
 public:
  std::shared_ptr<const InterfererConfig> read(const TomlReader& r, const std::string& name) const override {
    const InterfererKind* kind = find_interferer_kind(name);
    if (!kind) r.fail("kind", fmt::format("expected {}, found \"{}\"", names(), name));
    std::vector<std::string_view> allowed(std::begin(common_keys), std::end(common_keys));
    const auto own = kind->keys();
    allowed.insert(allowed.end(), own.begin(), own.end());
    reject_other_kinds_keys(r, *kind, allowed);
    r.only_keys(allowed);
    return kind->read(r);
  }

 private:
  static std::string names() {
    std::string out;
    const auto& kinds = all_kinds();
    for (size_t i = 0; i < kinds.size(); ++i)
      out += fmt::format("{}\"{}\"", i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ", kinds[i]->name());
    return out;
  }
  // A key of another kind gets a message naming this kind rather than "unknown key".
  static void reject_other_kinds_keys(const TomlReader& r, const InterfererKind& kind,
                                      const std::vector<std::string_view>& allowed) {
    for (const InterfererKind* other : all_kinds())
      for (std::string_view key : other->keys())
        if (r.node(key) && std::find(allowed.begin(), allowed.end(), key) == allowed.end())
          r.fail(key, fmt::format("not a key of kind = \"{}\"", kind.name()));
  }
};

}  // namespace

const InterfererKind* find_interferer_kind(const std::string& name) {
  for (const InterfererKind* kind : all_kinds())
    if (kind->name() == name) return kind;
  return nullptr;
}

const InterfererKinds& interferer_kinds() {
  static const Kinds kinds;
  return kinds;
}

std::vector<std::string> interferer_tools() {
  std::vector<std::string> tools;
  for (const InterfererKind* kind : all_kinds())
    for (auto& tool : kind->tools()) tools.push_back(tool);
  return tools;
}

}  // namespace cudabench::harness
