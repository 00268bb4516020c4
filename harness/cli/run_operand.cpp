#include "harness/cli/run_operand.h"

#include <fmt/format.h>

#include "common/error.h"

namespace cudabench::harness {

StoredRun run_operand(const Args& args, const std::string& command) {
  const auto& pos = args.positionals();
  if (pos.size() != 1)
    throw UserError(command + " needs one RUN_ID", "see 'cudabench " + command + " --help'");
  const std::string& text = pos[0];
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw UserError("RUN_ID must be a number, got '" + text + "'", "list runs with 'cudabench list --runs'");
  const int64_t id = std::stoll(text);
  auto store = results::Store::open(results::default_db_path(args.value("--db")));
  auto run = store.run(id);
  if (!run)
    throw UserError(fmt::format("no run {} in {}", id, store.path()),
                    "list runs with 'cudabench list --runs'");
  return {store.path(), std::move(*run)};
}

}  // namespace cudabench::harness
