// fio job options a scenario may set: an allow-list. fio has options that run programs (the exec
// engine, exec_prerun), open any path (filename, mem=mmap:PATH, write_*_log, include), reach the
// network (the net engine) or load code (external engines); a deny-list always misses one. So
// only options that shape I/O on the job's own file in the scratch directory pass, each with the
// values it may take, and only engines that do file I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cudabench::harness {

// Why this option (or its value) is refused; nullopt when it may be passed to fio.
std::optional<std::string> fio_option_problem(const std::string& key, const std::string& value);

// The options as `--key=value`, in key order. Throws UserError for a refused one (the scenario
// reader checks every option with fio_option_problem first, so at run time this never throws).
std::vector<std::string> fio_job_arguments(const std::map<std::string, std::string>& options);

// The engines a scenario may choose: file I/O inside the scratch directory only.
const std::vector<std::string>& fio_allowed_engines();

}  // namespace cudabench::harness
