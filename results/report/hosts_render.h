// `report --by host` output (results/stats/hosts.h) as text, markdown or JSON ("cudabench-hosts/1").
#pragma once

#include <iosfwd>
#include <string>

#include "results/report/model.h"
#include "results/stats/hosts.h"

namespace cudabench::results::report {

// `selection` names what was read ("fleet.db, all sessions").
void render_hosts(const HostComparison& hosts, const std::string& selection, Format format, std::ostream& out,
                  const TextStyle& style);

}  // namespace cudabench::results::report
