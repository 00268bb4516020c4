// The interferer kinds, by name. The only place a kind's name is compared.
#pragma once

#include <string>
#include <vector>

#include "harness/interferers/kind.h"

namespace cudabench::harness {

// The kind named `name`; nullptr when there is none.
const InterfererKind* find_interferer_kind(const std::string& name);

// For load_scenario/parse_scenario: reads each [[interferer]] through its kind.
const InterfererKinds& interferer_kinds();

// Every kind's tools, used or not: the fingerprint of a session's runs must not differ only
// because its scenarios use different interferers.
std::vector<std::string> interferer_tools();

}  // namespace cudabench::harness
