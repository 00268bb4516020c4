#include "harness/cli/report_output.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "common/error.h"
#include "common/log.h"
#include "common/terminal.h"

namespace cudabench::harness {

namespace rr = results::report;

const rr::FormatInfo& chosen_format(const Args& args) {
  if (auto name = args.value("--format")) {
    if (const auto* f = rr::find_format(*name)) return *f;
    throw UserError("--format wants " + rr::format_names() + ", got \"" + *name + "\"");
  }
  if (auto path = args.value("--output"))
    if (const auto* f = rr::format_for_path(*path)) return *f;
  return *rr::find_format("text");
}

void write_document(const Args& args, const rr::Document& doc) {
  const auto& format = chosen_format(args);
  rr::RenderOptions options;
  if (auto path = args.value("--output")) {
    std::ofstream file(*path, std::ios::binary);
    if (!file) throw UserError("cannot write " + *path);
    rr::render(doc, format, file, options);
    if (!file.flush()) throw RunError("writing " + *path + " failed");
    log::info("wrote {} ({})", *path, format.name);
    return;
  }
  if (format.name == "text") {
    options.colour = colour_allowed(STDOUT_FILENO);
    if (const int columns = terminal_columns(STDOUT_FILENO); columns > 0)
      options.width = std::min(120, columns);
  }
  rr::render(doc, format, std::cout, options);
  std::cout.flush();
}

}  // namespace cudabench::harness
