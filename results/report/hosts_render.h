// `report --by host` (results/stats/hosts.h) as a Document: written in any format.
#pragma once

#include <string>

#include "results/report/model.h"
#include "results/stats/hosts.h"

namespace cudabench::results::report {

// `selection` names what was read ("fleet.db, all sessions").
Document hosts_document(const HostComparison& hosts, const std::string& selection);

}  // namespace cudabench::results::report
