// The RUN_ID operand of `show` and `export`: one number naming a stored run.
#pragma once

#include <string>

#include "harness/cli/args.h"
#include "results/store/store.h"

namespace cudabench::harness {

struct StoredRun {
  std::string db_path;  // the database it came from (kept traces live beside it)
  results::RunRecord run;
};

// Reads the single positional RUN_ID of `command` from the store of --db; a UserError (exit 2)
// names what is wrong: no operand, not a number, no such run.
StoredRun run_operand(const Args& args, const std::string& command);

}  // namespace cudabench::harness
