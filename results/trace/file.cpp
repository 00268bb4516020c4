#include "results/trace/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <type_traits>

#include "common/error.h"

namespace cudabench::results {
namespace {

static_assert(std::endian::native == std::endian::little, "trace files are written little-endian");

constexpr char magic[8] = {'C', 'B', 'T', 'R', 'A', 'C', 'E', '\0'};

// FNV-1a over 64-bit words: one multiply per 8 bytes keeps a 400 MB trace cheap to check, and as
// XOR and multiplication by an odd prime are bijective, any single changed word changes the sum.
struct Checksum {
  uint64_t h = 0xcbf29ce484222325ull;
  void words(const char* p, size_t n) {  // n is a multiple of 8
    for (size_t i = 0; i < n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      h = (h ^ w) * 0x100000001b3ull;
    }
  }
  void tail(const char* p, size_t n) {  // n < 8: zero-padded
    if (n == 0) return;
    char last[8] = {};
    std::memcpy(last, p, n);
    words(last, 8);
  }
};

using File = std::unique_ptr<FILE, int (*)(FILE*)>;

template <typename Archive, typename Accounting>
void accounting_fields(Archive& a, Accounting& k) {
  a.pod(k.at_ns), a.pod(k.sum_exec_ns), a.pod(k.run_delay_ns), a.pod(k.pcount), a.pod(k.nvcsw),
      a.pod(k.nivcsw);
}

// One thread, in the order both sides use. Flags travel as bytes (a bool read from a corrupt file
// would be undefined).
template <typename Archive, typename Thread>
void thread_fields(Archive& a, Thread& th) {
  a.pod(th.tid), a.pod(th.tgid), a.str(th.comm);
  a.pod(th.first_ns), a.pod(th.running_since_ns), a.pod(th.exit_ns);
  uint8_t flags = uint8_t(th.has_first) | uint8_t(th.has_last) << 1;
  a.pod(flags);
  if constexpr (!std::is_const_v<Thread>) th.has_first = flags & 1, th.has_last = flags & 2;
  accounting_fields(a, th.first);
  accounting_fields(a, th.last);
}
constexpr size_t thread_min_size =
    2 * sizeof(uint32_t) + sizeof(uint32_t) + 3 * sizeof(uint64_t) + 1 + 12 * sizeof(uint64_t);

class Writer {
 public:
  Writer(FILE* f, const std::string& path) : f_(f), path_(path) { buf_.reserve(block + 8); }

  void raw(const void* data, size_t n) {
    auto p = static_cast<const char*>(data);
    while (n) {  // in block-sized pieces, so a huge column never doubles the memory
      size_t take = std::min(n, block - buf_.size() % block);
      buf_.append(p, take);
      p += take;
      n -= take;
      if (buf_.size() >= block) flush(false);
    }
  }
  template <typename T>
  void pod(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&v, sizeof v);
  }
  template <typename T>
  void column(const std::vector<T>& v) {
    pod<uint64_t>(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }
  void str(const std::string& s) {
    pod<uint32_t>(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void strings(const std::vector<std::string>& v) {
    pod<uint64_t>(v.size());
    for (const auto& x : v) str(x);
  }
  void threads(const std::vector<trace::ThreadInfo>& v) {
    pod<uint64_t>(v.size());
    for (const auto& th : v) thread_fields(*this, th);
  }
  void cpu_irq(const std::vector<trace::CpuIrqTotal>& v) {
    pod<uint64_t>(v.size());
    for (const auto& c : v) pod(c.cpu), pod(c.hard_count), pod(c.hard_ns), pod(c.soft_count), pod(c.soft_ns);
  }
  void drops(const std::map<std::string, uint64_t>& v) {
    pod<uint64_t>(v.size());
    for (const auto& [name, n] : v) str(name), pod(n);
  }
  void finish() {
    flush(true);
    uint64_t sum = checksum_.h;
    put(reinterpret_cast<const char*>(&sum), sizeof sum);
  }

 private:
  static constexpr size_t block = 1 << 20;
  // Hashes and writes whole words; the last flush takes the zero-padded tail too.
  void flush(bool last) {
    size_t whole = buf_.size() / 8 * 8;
    checksum_.words(buf_.data(), whole);
    if (last) checksum_.tail(buf_.data() + whole, buf_.size() - whole);
    size_t n = last ? buf_.size() : whole;
    put(buf_.data(), n);
    buf_.erase(0, n);
  }
  void put(const char* p, size_t n) {
    if (n && std::fwrite(p, 1, n, f_) != n) throw_errno("cannot write trace file " + path_);
  }

  FILE* f_;
  const std::string& path_;
  std::string buf_;
  Checksum checksum_;
};

// The one list of what a trace file holds, in order, shared by the writer and the reader so the
// two can never disagree. Trace is TraceData or const TraceData.
template <typename Archive, typename Trace>
void visit(Archive& a, Trace& t) {
  a.pod(t.tgid), a.pod(t.start_ns), a.pod(t.end_ns);
  a.strings(t.strings);
  a.threads(t.threads);
  auto& l = t.launches;
  a.column(l.ts_ns), a.column(l.tid), a.column(l.api), a.column(l.grid_x), a.column(l.grid_y);
  a.column(l.grid_z), a.column(l.block_x), a.column(l.block_y), a.column(l.block_z);
  a.column(l.shared_mem), a.column(l.stream);
  auto& o = t.offcpu;
  a.column(o.out_ns), a.column(o.in_ns), a.column(o.wakeup_ns), a.column(o.tid), a.column(o.cpu);
  a.column(o.in_cpu), a.column(o.state), a.column(o.in_source), a.column(o.next_pid), a.column(o.next_name);
  auto& q = t.irqs;
  a.column(q.entry_ns), a.column(q.duration_ns), a.column(q.tid), a.column(q.cpu), a.column(q.kind);
  a.column(q.number), a.column(q.name);
  auto& s = t.syncs;
  a.column(s.enter_ns), a.column(s.exit_ns), a.column(s.tid), a.column(s.api), a.column(s.offcpu_ns);
  auto& m = t.markers;
  a.column(m.ts_ns), a.column(m.tid), a.column(m.phase), a.column(m.token);
  a.cpu_irq(t.cpu_irq);
  a.drops(t.stats.drops);
  a.pod(t.stats.events), a.pod(t.stats.bpf_run_ns), a.pod(t.stats.bpf_run_count);
  a.pod(t.stats.consumer_cpu_ns), a.pod(t.stats.consumer_tid), a.pod(t.stats.ringbuf_bytes);
}

class Reader {
 public:
  Reader(std::string_view data, const std::string& path) : data_(data), path_(path) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(path_ + ": " + what, "the file was not written completely by cudabench run --keep-trace");
  }
  template <typename T>
  void pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof v);
    std::memcpy(&v, data_.data() + pos_, sizeof v);
    pos_ += sizeof v;
  }
  template <typename T>
  void column(std::vector<T>& v) {
    uint64_t n = count(sizeof(T));
    v.resize(n);
    std::memcpy(v.data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  void str(std::string& s) {
    uint32_t n = 0;
    pod(n);
    need(n);
    s.assign(data_.data() + pos_, n);
    pos_ += n;
  }
  void strings(std::vector<std::string>& v) {
    v.resize(count(sizeof(uint32_t)));
    for (auto& x : v) str(x);
  }
  void threads(std::vector<trace::ThreadInfo>& v) {
    v.resize(count(thread_min_size));
    for (auto& th : v) thread_fields(*this, th);
  }
  void cpu_irq(std::vector<trace::CpuIrqTotal>& v) {
    v.resize(count(sizeof(uint32_t) + 4 * sizeof(uint64_t)));
    for (auto& c : v) pod(c.cpu), pod(c.hard_count), pod(c.hard_ns), pod(c.soft_count), pod(c.soft_ns);
  }
  void drops(std::map<std::string, uint64_t>& v) {
    uint64_t n = count(sizeof(uint32_t) + sizeof(uint64_t));
    for (uint64_t i = 0; i < n; ++i) {
      std::string name;
      uint64_t value = 0;
      str(name), pod(value);
      v[name] = value;
    }
  }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  void need(size_t n) const {
    if (n > remaining()) fail("corrupt trace file (a field runs past the end)");
  }
  // An element count, checked against what is left before anything is allocated.
  uint64_t count(size_t min_element_size) {
    uint64_t n = 0;
    pod(n);
    if (n > remaining() / min_element_size) fail("corrupt trace file (a column runs past the end)");
    return n;
  }

  std::string_view data_;
  const std::string& path_;
  size_t pos_ = 0;
};

std::string read_whole(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw UserError("cannot open trace file " + path + ": " + errno_text(errno));
  std::string data;
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {  // size it once: traces reach hundreds of MB
    long size = std::ftell(f.get());
    if (size > 0) data.resize(static_cast<size_t>(size));
    std::rewind(f.get());
  }
  size_t got = std::fread(data.data(), 1, data.size(), f.get());
  data.resize(got);
  char chunk[1 << 16];  // whatever the size did not promise (a file still growing, a pipe)
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f.get())) > 0;) data.append(chunk, n);
  if (std::ferror(f.get())) throw UserError("cannot read trace file " + path + ": " + errno_text(errno));
  return data;
}

void check_table(const Reader& r, const char* table, std::initializer_list<size_t> sizes) {
  for (size_t n : sizes)
    if (n != *sizes.begin())
      r.fail(std::string("corrupt trace file (columns of ") + table + " differ in length)");
}

}  // namespace

std::string prepare_trace_dir(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw UserError("--keep-trace: cannot create " + dir + ": " + errno_text(errno), {},
                    {.sys_errno = errno});
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0)
    throw UserError("--keep-trace: " + dir + ": " + errno_text(errno), {}, {.sys_errno = errno});
  const std::string hint = "remove or rename " + dir + ", or store the database elsewhere (--db)";
  if (!S_ISDIR(st.st_mode)) throw UserError("--keep-trace: " + dir + " exists and is not a directory", hint);
  // Another user could plant links there or swap files between our write and rename.
  if (st.st_uid != geteuid())
    throw UserError("--keep-trace: " + dir + " belongs to uid " + std::to_string(st.st_uid) + ", not to you",
                    hint);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw UserError("--keep-trace: " + dir + " is writable by other users",
                    "chmod go-w " + dir + ", or " + hint);
  if (access(dir.c_str(), W_OK) != 0)
    throw UserError("--keep-trace: " + dir + ": " + errno_text(errno), hint, {.sys_errno = errno});
  return dir;
}

void write_trace_file(const trace::TraceData& trace, const std::string& path) {
  // mkostemp: O_CREAT|O_EXCL with a random name, so a planted file or symlink is never followed.
  std::string tmp = path + ".tmp.XXXXXX";
  const int fd = mkostemp(tmp.data(), O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw_errno("cannot create trace file " + tmp);
  File f(fdopen(fd, "wb"), &std::fclose);
  if (!f) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw_errno("cannot create trace file " + tmp);
  }
  try {
    Writer w(f.get(), tmp);
    w.raw(magic, sizeof magic);
    w.pod<uint32_t>(trace_file_version);
    w.pod<uint32_t>(0);  // flags
    visit(w, trace);
    w.finish();
    if (std::fflush(f.get()) != 0 || ::fsync(::fileno(f.get())) != 0)
      throw_errno("cannot write trace file " + tmp);
    if (std::fclose(f.release()) != 0) throw_errno("cannot write trace file " + tmp);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw_errno("cannot rename " + tmp + " to " + path);
  } catch (...) {
    f.reset();
    std::remove(tmp.c_str());
    throw;
  }
}

trace::TraceData read_trace_file(const std::string& path) {
  std::string data = read_whole(path);
  Reader header(data, path);
  constexpr size_t header_size = sizeof magic + 2 * sizeof(uint32_t);
  if (data.size() < header_size + sizeof(uint64_t) || std::memcmp(data.data(), magic, sizeof magic) != 0)
    throw UserError(path + ": not a cudabench trace file",
                    "trace files are written by cudabench run --keep-trace");
  uint32_t version = 0;
  std::memcpy(&version, data.data() + sizeof magic, sizeof version);
  if (version != trace_file_version)
    throw UserError(path + ": trace file version " + std::to_string(version) +
                        ", this cudabench reads version " + std::to_string(trace_file_version),
                    "read it with the cudabench that wrote it");
  size_t body = data.size() - sizeof(uint64_t);
  Checksum sum;
  sum.words(data.data(), body / 8 * 8);
  sum.tail(data.data() + body / 8 * 8, body % 8);
  uint64_t stored = 0;
  std::memcpy(&stored, data.data() + body, sizeof stored);
  if (sum.h != stored) header.fail("truncated or corrupt trace file (checksum mismatch)");

  trace::TraceData t;
  Reader r(std::string_view(data).substr(header_size, body - header_size), path);
  visit(r, t);
  if (r.remaining() != 0) r.fail("corrupt trace file (unread bytes at the end)");
  const auto& l = t.launches;
  check_table(r, "launches",
              {l.ts_ns.size(), l.tid.size(), l.api.size(), l.grid_x.size(), l.grid_y.size(), l.grid_z.size(),
               l.block_x.size(), l.block_y.size(), l.block_z.size(), l.shared_mem.size(), l.stream.size()});
  const auto& o = t.offcpu;
  check_table(r, "offcpu",
              {o.out_ns.size(), o.in_ns.size(), o.wakeup_ns.size(), o.tid.size(), o.cpu.size(),
               o.in_cpu.size(), o.state.size(), o.in_source.size(), o.next_pid.size(), o.next_name.size()});
  const auto& q = t.irqs;
  check_table(r, "irqs",
              {q.entry_ns.size(), q.duration_ns.size(), q.tid.size(), q.cpu.size(), q.kind.size(),
               q.number.size(), q.name.size()});
  const auto& s = t.syncs;
  check_table(r, "syncs",
              {s.enter_ns.size(), s.exit_ns.size(), s.tid.size(), s.api.size(), s.offcpu_ns.size()});
  const auto& m = t.markers;
  check_table(r, "markers", {m.ts_ns.size(), m.tid.size(), m.phase.size(), m.token.size()});
  return t;
}

}  // namespace cudabench::results
