// The sections of the report (sections.cpp lists them in order) and what their files share.
//
// Adding a section: write section_<name>.cpp defining
//     Section <name>_section(const Report& r);
// that returns its title, blocks (tables, sentences, charts) and, if it has numbers for the JSON
// report, `json` (written under the key `id`); then add one line X(<name>) to the list in
// sections.cpp where it should appear. Every format shows it from then on.
#pragma once

#include <string>
#include <vector>

#include "results/report/model.h"

namespace cudabench::results::report {

using SectionBuilder = Section (*)(const Report&);
const std::vector<SectionBuilder>& report_sections();

// Cells: "mean [CI]" of a metric, or "median [bootstrap CI]" for tail metrics; "n/a" when the
// scenario has no such figure.
std::string mean_cell(const ScenarioSummary& s, const metrics::Key& metric, bool traced);
std::string median_cell(const ScenarioSummary& s, const metrics::Key& metric, bool traced);

// Why the mechanism has nothing to show, as one sentence; empty when it has something.
//   no_traced_reason: no traced run finished ok in the selection;
//   no_launch_reason: traced runs exist but saw no kernel launch (a CPU workload): launch pairs
//   and per-1K figures do not exist, IRQs and the scheduler still do.
std::string no_traced_reason(const Report& r);
std::string no_launch_reason(const Report& r);

// A section that says in one sentence why it is empty.
Section empty_section(std::string id, std::string title, const std::string& reason);

}  // namespace cudabench::results::report
