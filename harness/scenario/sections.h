// The readers of each scenario table, shared by scenario.cpp (the file) and sections.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario.h"
#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {

Workload read_workload(const TomlReader& r);
// `instances`: [workload] instances, which instance_cpus must match.
Placement read_placement(const TomlReader& r, int instances);
Interferer read_interferer(const TomlReader& r, const InterfererKinds& kinds);
std::vector<int> read_cpus(const TomlReader& r, std::string_view key);

// A string that reaches a terminal, a database or an argv: UserError at the key when it holds a
// control character (tabs and newlines pass when `allow_tab_newline`).
void check_printable(const TomlReader& r, std::string_view key, const std::string& value,
                     bool allow_tab_newline = false);

}  // namespace cudabench::harness
