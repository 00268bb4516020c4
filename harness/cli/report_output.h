// Where `report` writes and in which format: --format, else -o FILE's extension, else text; to
// FILE or stdout; colour and the terminal's width only for text on a terminal.
#pragma once

#include "harness/cli/args.h"
#include "results/report/model.h"

namespace cudabench::harness {

const results::report::FormatInfo& chosen_format(const Args& args);
void write_document(const Args& args, const results::report::Document& doc);

}  // namespace cudabench::harness
