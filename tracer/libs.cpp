#include "tracer/libs.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace cudabench::tracer {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

std::string expand_origin(std::string dir, const std::string& origin) {
  for (const char* token : {"${ORIGIN}", "$ORIGIN"}) {
    for (size_t at = dir.find(token); at != std::string::npos; at = dir.find(token))
      dir.replace(at, std::string(token).size(), origin);
  }
  return dir;
}

void read_dynamic_entries(Elf* elf, const std::string& origin, DynamicSection& out) {
  std::vector<std::string> rpath, runpath;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_DYNAMIC || shdr.sh_entsize == 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    for (size_t i = 0; data && i < shdr.sh_size / shdr.sh_entsize; ++i) {
      GElf_Dyn dyn;
      if (!gelf_getdyn(data, static_cast<int>(i), &dyn)) break;
      if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_RUNPATH && dyn.d_tag != DT_RPATH) continue;
      const char* text = elf_strptr(elf, shdr.sh_link, dyn.d_un.d_val);
      if (!text) continue;
      if (dyn.d_tag == DT_NEEDED) out.needed.emplace_back(text);
      auto& dirs = dyn.d_tag == DT_RUNPATH ? runpath : rpath;
      if (dyn.d_tag != DT_NEEDED)
        for (const auto& d : split(text, ':')) dirs.push_back(expand_origin(d, origin));
    }
  }
  // ld.so ignores DT_RPATH when DT_RUNPATH is present.
  out.search_dirs = runpath.empty() ? rpath : runpath;
}

void add_conf_dirs(const fs::path& conf, std::vector<std::string>& dirs) {
  std::ifstream in(conf);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    while (!line.empty() && isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (!line.empty() && line[0] == '/') dirs.push_back(line);
  }
}

void collect_offsets(Elf* elf, const std::vector<std::string>& names, std::map<std::string, uint64_t>& out) {
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr) || (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM)) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    size_t count = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
    for (size_t i = 0; data && i < count; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
          sym.st_value == 0 || sym.st_shndx == SHN_UNDEF)
        continue;
      const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (!name || std::find(names.begin(), names.end(), name) == names.end() || out.count(name)) continue;
      // A symbol's value is a virtual address; the uprobe wants the offset in the file.
      GElf_Shdr text;
      Elf_Scn* home = elf_getscn(elf, sym.st_shndx);
      if (home && gelf_getshdr(home, &text)) out[name] = sym.st_value - text.sh_addr + text.sh_offset;
    }
  }
}

}  // namespace

std::string mapped_library(int pid, const std::string& prefix) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  for (std::string line; std::getline(maps, line);) {
    size_t slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    if (fs::path(path).filename().string().rfind(prefix, 0) == 0) return path;
  }
  return {};
}

std::map<std::string, uint64_t> function_offsets(const std::string& path,
                                                 const std::vector<std::string>& names) {
  std::map<std::string, uint64_t> out;
  if (elf_version(EV_CURRENT) == EV_NONE) return out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  if (Elf* elf = elf_begin(fd, ELF_C_READ, nullptr)) {
    collect_offsets(elf, names, out);
    elf_end(elf);
  }
  ::close(fd);
  return out;
}

DynamicSection read_dynamic(const std::string& path) {
  DynamicSection out;
  if (elf_version(EV_CURRENT) == EV_NONE) return out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  if (Elf* elf = elf_begin(fd, ELF_C_READ, nullptr)) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    read_dynamic_entries(elf, ec ? std::string(".") : real.parent_path().string(), out);
    elf_end(elf);
  }
  ::close(fd);
  return out;
}

std::vector<std::string> system_library_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("LD_LIBRARY_PATH")) dirs = split(env, ':');
  std::error_code ec;
  std::vector<fs::path> confs;
  for (const auto& entry : fs::directory_iterator("/etc/ld.so.conf.d", ec))
    if (entry.path().extension() == ".conf") confs.push_back(entry.path());
  std::sort(confs.begin(), confs.end());
  for (const auto& conf : confs) add_conf_dirs(conf, dirs);
  for (const char* d : {"/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/x86_64-linux-gnu",
                        "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib"})
    dirs.emplace_back(d);
  return dirs;
}

std::string find_library(const std::string& name, const std::string& executable) {
  std::error_code ec;
  if (name.find('/') != std::string::npos) return fs::exists(name, ec) ? name : std::string();
  std::vector<std::string> dirs = read_dynamic(executable).search_dirs;
  auto system = system_library_dirs();
  dirs.insert(dirs.end(), system.begin(), system.end());
  for (const auto& dir : dirs) {
    fs::path candidate = fs::path(dir) / name;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

std::string find_needed(const std::string& executable, const std::string& prefix) {
  for (const auto& needed : read_dynamic(executable).needed)
    if (needed.rfind(prefix, 0) == 0) return find_library(needed, executable);
  return {};
}

}  // namespace cudabench::tracer
