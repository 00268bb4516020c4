// Finding the shared libraries a program will really map, the way ld.so does (DT_NEEDED searched
// through RPATH/RUNPATH, LD_LIBRARY_PATH and the system directories), so uprobes go on the libcuda
// the process loads and not on some other copy.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cudabench::tracer {

struct DynamicSection {
  std::vector<std::string> needed;
  std::vector<std::string> search_dirs;  // RUNPATH (or RPATH when there is no RUNPATH), $ORIGIN expanded
};

// Empty when `path` is not a readable ELF file or has no dynamic section.
DynamicSection read_dynamic(const std::string& path);

// The directories ld.so searches after the binary's own: LD_LIBRARY_PATH, /etc/ld.so.conf.d, the
// NVIDIA container directory and the multiarch defaults.
std::vector<std::string> system_library_dirs();

// `name` (a bare soname such as "libcuda.so.1", or a path) looked up for `executable`; empty if absent.
std::string find_library(const std::string& name, const std::string& executable);

// The first DT_NEEDED entry of `executable` that starts with `prefix`, resolved; empty if none.
std::string find_needed(const std::string& executable, const std::string& prefix);

// The file of a running process's mappings whose name starts with `prefix` ("libcuda.so"): for
// `trace -p`, the library it has really loaded. Empty if none.
std::string mapped_library(int pid, const std::string& prefix);

// File offsets (what a uprobe attaches to) of the functions among `names` that `path` defines, from
// .symtab and .dynsym; names absent from the file are absent from the map.
std::map<std::string, uint64_t> function_offsets(const std::string& path,
                                                 const std::vector<std::string>& names);

}  // namespace cudabench::tracer
