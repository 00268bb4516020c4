// Reading runs back. Children (metrics, intensity, distributions) are read with one query per table
// for the whole selection, not one per run: report over 1,000 runs must stay well under a second.
#include <sqlite3.h>

#include <unordered_map>

#include "results/store/db.h"
#include "results/store/store.h"

namespace cudabench::results {
namespace {

constexpr const char* run_columns =
    "SELECT r.id, r.session_id, r.scenario, r.scenario_hash, s.text, r.block, r.position, "
    "r.warmup, r.traced, r.status, r.reason, r.started_at, r.wall_s, r.exit_code, r.stderr_tail, "
    "r.trace_file, e.kernel, e.cpu_model, e.cpu_count, e.governor, e.smt, e.mem_bytes, "
    "e.gpu_name, e.gpu_driver, e.git_sha, e.isolcpus, e.nohz_full, e.tool_versions, r.notes, r.config_hash "
    "FROM runs r JOIN scenarios s ON s.hash = r.scenario_hash "
    "JOIN environments e ON e.id = r.environment_id JOIN sessions ss ON ss.id = r.session_id ";

std::map<std::string, std::string> parse_tools(const std::string& text) {
  std::map<std::string, std::string> tools;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    if (auto eq = line.find('='); eq != std::string::npos) tools[line.substr(0, eq)] = line.substr(eq + 1);
    pos = end + 1;
  }
  return tools;
}

RunRecord read_run(const db::Statement& st) {
  RunRecord r;
  r.id = st.int64(0);
  r.session_id = st.int64(1);
  r.scenario = st.text(2);
  r.scenario_hash = st.text(3);
  r.scenario_text = st.text(4);
  r.block = static_cast<int>(st.int64(5));
  r.position = static_cast<int>(st.int64(6));
  r.warmup = st.int64(7) != 0;
  int64_t traced = st.int64(8);
  r.trace = traced == 1 ? TraceLevel::launch : traced == 2 ? TraceLevel::sched : TraceLevel::none;
  r.traced = traced != 0;
  r.status = parse_status(st.text(9)).value_or(RunStatus::failed);
  r.reason = st.text(10);
  r.started_at = st.text(11);
  r.wall_s = st.real(12);
  r.exit_code = static_cast<int>(st.int64(13));
  r.stderr_tail = st.text(14);
  r.trace_file = st.text(15);
  auto& e = r.env;
  e.kernel = st.text(16);
  e.cpu_model = st.text(17);
  e.cpu_count = static_cast<int>(st.int64(18));
  e.governor = st.text(19);
  e.smt = st.text(20);
  e.mem_bytes = st.int64(21);
  e.gpu_name = st.text(22);
  e.gpu_driver = st.text(23);
  e.git_sha = st.text(24);
  e.isolcpus = st.text(25);
  e.nohz_full = st.text(26);
  e.tool_versions = parse_tools(st.text(27));
  r.notes = st.text(28);
  r.config_hash = st.text(29);
  return r;
}

// WHERE clause shared by the run query and its child queries (which select run_id IN (...)).
std::string where_clause(const RunFilter& f) {
  std::string w = "WHERE 1";
  if (f.session) w += " AND r.session_id = :session";
  if (f.tag) w += " AND ss.tag = :tag";
  if (!f.include_warmup) w += " AND r.warmup = 0";
  return w;
}

void bind_filter(db::Statement& st, const RunFilter& f) {
  int index = 1;
  if (f.session) st.bind(index++, *f.session);
  if (f.tag) st.bind(index++, *f.tag);
}

template <typename Fn>
void for_children(sqlite3* db, const std::string& select, const RunFilter& f, Fn&& fn) {
  std::string sql = select +
                    " WHERE run_id IN (SELECT r.id FROM runs r JOIN sessions ss ON ss.id = "
                    "r.session_id " +
                    where_clause(f) + ")";
  db::Statement st(db, sql);
  bind_filter(st, f);
  while (st.step()) fn(st);
}

}  // namespace

std::vector<RunRecord> Store::runs(const RunFilter& filter) const {
  std::string sql = std::string(run_columns) + where_clause(filter) + " ORDER BY r.id";
  db::Statement st(db_, sql);
  bind_filter(st, filter);
  std::vector<RunRecord> out;
  std::unordered_map<int64_t, size_t> index;
  while (st.step()) {
    out.push_back(read_run(st));
    index[out.back().id] = out.size() - 1;
  }
  for_children(db_, "SELECT run_id, name, value, unit FROM metrics", filter, [&](auto& row) {
    out[index.at(row.int64(0))].metrics.push_back({row.text(1), row.real(2), row.text(3)});
  });
  for_children(db_, "SELECT run_id, interferer, kind, metric, value, unit FROM intensity", filter,
               [&](auto& row) {
                 out[index.at(row.int64(0))].intensity.push_back(
                     {static_cast<int>(row.int64(1)), row.text(2), row.text(3), row.real(4), row.text(5)});
               });
  if (filter.load_distributions)
    for_children(db_, "SELECT run_id, name, unit, data FROM distributions", filter, [&](auto& row) {
      out[index.at(row.int64(0))].distributions.push_back({row.text(1), row.text(2), row.blob(3)});
    });
  return out;
}

std::optional<RunRecord> Store::run(int64_t id) const {
  db::Statement st(db_, std::string(run_columns) + "WHERE r.id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  RunRecord r = read_run(st);
  db::Statement m(db_, "SELECT name, value, unit FROM metrics WHERE run_id = ? ORDER BY name");
  m.bind(1, id);
  while (m.step()) r.metrics.push_back({m.text(0), m.real(1), m.text(2)});
  db::Statement i(db_,
                  "SELECT interferer, kind, metric, value, unit FROM intensity WHERE run_id = ? "
                  "ORDER BY interferer, metric");
  i.bind(1, id);
  while (i.step())
    r.intensity.push_back({static_cast<int>(i.int64(0)), i.text(1), i.text(2), i.real(3), i.text(4)});
  db::Statement d(db_, "SELECT name, unit, data FROM distributions WHERE run_id = ? ORDER BY name");
  d.bind(1, id);
  while (d.step()) r.distributions.push_back({d.text(0), d.text(1), d.blob(2)});
  return r;
}

}  // namespace cudabench::results
