// read_trace_csv: a hand-rolled reader for the original's CSV (format in trace_csv.h). It reads the
// stream in 4 MiB blocks, splits lines with memchr, fields on commas, and parses numbers with
// std::from_chars; rows only append to columns, and the sorting and pairing happen once at the end
// (csv_build.cpp, through the one trace builder), so 10 M rows take seconds.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <istream>

#include "common/error.h"
#include "common/log.h"
#include "results/trace/csv.h"
#include "results/trace/csv_build.h"

namespace cudabench::results {
namespace {

enum class Type : uint8_t { launch, sync_enter, sync_exit, sched_switch, irq_entry, irq_exit, unknown };

struct TypeInfo {
  std::string_view name;
  Type type;
  uint8_t detail;  // LaunchApi, or IrqKind for IRQ rows
};

std::vector<TypeInfo> type_table() {
  std::vector<TypeInfo> table;
  for (int a = 0; a < trace::launch_api_count; ++a)
    table.push_back(
        {trace::launch_api_name(static_cast<trace::LaunchApi>(a)), Type::launch, static_cast<uint8_t>(a)});
  auto hard = static_cast<uint8_t>(trace::IrqKind::hard), soft = static_cast<uint8_t>(trace::IrqKind::soft);
  table.insert(table.end(), {{"syncEnter", Type::sync_enter, 0},
                             {"syncExit", Type::sync_exit, 0},
                             {"schedSwitch", Type::sched_switch, 0},
                             {"hardirqEntry", Type::irq_entry, hard},
                             {"hardirqExit", Type::irq_exit, hard},
                             {"softirqEntry", Type::irq_entry, soft},
                             {"softirqExit", Type::irq_exit, soft}});
  return table;
}

// Lines of the stream, read in large blocks. A line is valid until the next call. A newline inside
// a quoted field (RFC 4180, as write_trace_csv quotes a comm holding '\n') does not end the line.
// Lines are bounded: no row of the format comes near max_line, and a file without newlines
// (/dev/zero, a binary) must not grow the buffer without end.
class LineReader {
 public:
  static constexpr size_t max_line = 1 << 16;

  explicit LineReader(std::istream& in) : in_(in), buf_(block) {}

  bool next(std::string_view& line) {
    for (;;) {
      const char* nl = find_line_end();
      const size_t pending = nl ? static_cast<size_t>(nl - (buf_.data() + begin_)) : end_ - begin_;
      if (pending > max_line) {
        too_long_ = true;
        return false;
      }
      if (nl) {
        line = {buf_.data() + begin_, pending};
        begin_ += pending + 1;
        scan_ = 0;
        quoted_ = false;
        return finish(line);
      }
      if (eof_) {
        if (begin_ == end_) return false;
        line = {buf_.data() + begin_, end_ - begin_};
        begin_ = end_;
        unterminated_ = true;
        return finish(line);
      }
      refill();
    }
  }
  size_t line_number() const { return row_line_; }  // where the last line (row) began
  size_t next_line_number() const { return line_number_ + 1; }
  bool unterminated() const { return unterminated_; }  // the last line had no newline
  bool too_long() const { return too_long_; }          // stopped at a line over max_line

 private:
  static constexpr size_t block = 4 << 20;
  // The first newline outside quotes from where the last search stopped; nullptr when the buffer
  // holds none yet. Quotes are tracked only on lines that hold one (the fast path is memchr).
  const char* find_line_end() {
    const char* p = buf_.data() + begin_ + scan_;
    const char* end = buf_.data() + end_;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* stop = nl ? nl : end;
      for (const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(stop - p))); q;
           q = static_cast<const char*>(std::memchr(q + 1, '"', static_cast<size_t>(stop - q - 1))))
        quoted_ = !quoted_;
      if (nl && !quoted_) return nl;
      p = nl ? nl + 1 : end;
    }
    scan_ = static_cast<size_t>(end - (buf_.data() + begin_));
    return nullptr;
  }
  bool finish(std::string_view& line) {
    row_line_ = line_number_ + 1;
    line_number_ += 1 + static_cast<size_t>(std::count(line.begin(), line.end(), '\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  }
  void refill() {
    size_t rest = end_ - begin_;
    std::memmove(buf_.data(), buf_.data() + begin_, rest);
    begin_ = 0;
    end_ = rest;
    in_.read(buf_.data() + end_, static_cast<std::streamsize>(buf_.size() - end_));
    end_ += static_cast<size_t>(in_.gcount());
    if (!in_) eof_ = true;
  }

  std::istream& in_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0, scan_ = 0, line_number_ = 0, row_line_ = 0;
  bool eof_ = false, unterminated_ = false, too_long_ = false, quoted_ = false;
};

constexpr size_t max_fields = 19;

struct Fields {
  std::array<std::string_view, max_fields + 1> f;
  std::array<std::string, max_fields + 1> unquoted;  // storage for fields that were quoted
  size_t n = 0;
};

// Splits on commas; RFC 4180 quotes only on the slow path, for lines that contain a '"'.
void split(std::string_view line, Fields& out) {
  out.n = 0;
  if (line.find('"') == std::string_view::npos) {
    size_t start = 0;
    while (out.n <= max_fields) {
      size_t comma = line.find(',', start);
      out.f[out.n++] = line.substr(start, comma == std::string_view::npos ? comma : comma - start);
      if (comma == std::string_view::npos) return;
      start = comma + 1;
    }
    return;
  }
  size_t i = 0;
  while (out.n <= max_fields) {
    std::string& s = out.unquoted[out.n];
    s.clear();
    if (i < line.size() && line[i] == '"') {
      for (++i; i < line.size(); ++i) {
        if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"')
          s.push_back(line[i++]);
        else if (line[i] == '"')
          break;
        else
          s.push_back(line[i]);
      }
      size_t comma = line.find(',', i);
      i = comma == std::string_view::npos ? line.size() + 1 : comma + 1;
    } else {
      size_t comma = line.find(',', i);
      s.assign(line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i));
      i = comma == std::string_view::npos ? line.size() + 1 : comma + 1;
    }
    out.f[out.n] = s;
    ++out.n;
    if (i > line.size()) return;
  }
}

struct RowError {  // a row it cannot read; turned into a UserError naming the line
  std::string message;
};

uint64_t number(std::string_view s, const char* what) {
  if (s.empty()) return 0;
  uint64_t v = 0;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    throw RowError{std::string(what) + " is not a number: '" + std::string(s) + "'"};
  return v;
}

uint32_t number32(std::string_view s, const char* what) {
  const uint64_t v = number(s, what);
  if (v > UINT32_MAX)
    throw RowError{std::string(what) + " " + std::string(s) + " is out of range (at most 4294967295)"};
  return static_cast<uint32_t>(v);
}

void read_row(const Fields& r, const TypeInfo& type, CsvBuilder& b) {
  uint64_t ts = number(r.f[0], "timestamp_ns");
  uint32_t pid = number32(r.f[2], "pid"), tid = number32(r.f[3], "tid");
  b.seen(ts, pid, tid, r.f[4], type.type == Type::launch);
  uint32_t cpu = number32(r.f[5], "cpu");
  switch (type.type) {
    case Type::launch: {
      uint32_t dims[7];
      const char* names[7] = {"grid_x", "grid_y", "grid_z", "block_x", "block_y", "block_z", "shared_mem"};
      for (int k = 0; k < 7; ++k) dims[k] = number32(r.f[6 + k], names[k]);
      b.launch(ts, tid, type.detail, dims, number(r.f[13], "stream"));
      return;
    }
    case Type::sync_enter:
    case Type::sync_exit: b.sync(ts, tid, type.type == Type::sync_enter); return;
    case Type::sched_switch: {
      uint64_t off = number(r.f[14], "last_offcpu_ns"), on = number(r.f[15], "last_oncpu_ns");
      if (off == 0 && on == 0)
        throw RowError{"schedSwitch row with neither last_offcpu_ns nor last_oncpu_ns"};
      b.sched_switch(ts, tid, cpu, off != 0, off != 0 ? off : on);
      return;
    }
    case Type::irq_exit:
      if (r.n < 19) throw RowError{"IRQ row with " + std::to_string(r.n) + " fields, expected 19"};
      b.irq_exit(ts, tid, cpu, type.detail, number32(r.f[16], "irq_num"), r.f[17],
                 number(r.f[18], "duration_ns"));
      return;
    case Type::irq_entry: b.irq_entry(ts, cpu, type.detail); return;
    case Type::unknown: return;
  }
}

}  // namespace

trace::TraceData read_trace_csv(std::istream& in, const std::string& source) {
  static const std::vector<TypeInfo> types = type_table();
  LineReader lines(in);
  Fields row;
  CsvBuilder builder;
  std::string_view line;
  const TypeInfo* last = nullptr;
  size_t unknown_types = 0, not_rows = 0, rows = 0;
  while (lines.next(line)) {
    if (line.empty() || line.starts_with("timestamp_ns")) continue;
    if (line[0] < '0' || line[0] > '9') {  // the tracer's own messages, when 2>&1 went into the file
      ++not_rows;
      continue;
    }
    try {
      split(line, row);
      if (row.n != 16 && row.n != 19)
        throw RowError{"expected 16 or 19 fields, found " + std::to_string(row.n)};
      if (!last || last->name != row.f[1]) {
        auto it =
            std::find_if(types.begin(), types.end(), [&](const TypeInfo& t) { return t.name == row.f[1]; });
        if (it == types.end()) {
          ++unknown_types;
          continue;
        }
        last = &*it;
      }
      read_row(row, *last, builder);
      ++rows;
    } catch (const RowError& e) {
      if (lines.unterminated()) {  // the tracer was stopped mid-line
        log::warn("{}:{}: skipped the truncated last line", source, lines.line_number());
        break;
      }
      throw UserError(
          source + ":" + std::to_string(lines.line_number()) + ": " + e.message,
          "import-csv reads the CSV of the original cuda_sched_trace or of cudabench export --csv");
    }
  }
  if (lines.too_long())
    throw UserError(source + ":" + std::to_string(lines.next_line_number()) + ": a line longer than " +
                        std::to_string(LineReader::max_line) + " bytes",
                    "is this a cuda_sched_trace CSV?");
  if (unknown_types) log::warn("{}: skipped {} rows of unknown event types", source, unknown_types);
  if (not_rows) log::warn("{}: skipped {} lines that are not CSV rows", source, not_rows);
  if (rows == 0) throw UserError(source + ": no events", "is this a cuda_sched_trace CSV?");
  return builder.finish();
}

}  // namespace cudabench::results
