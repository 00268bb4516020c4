// `cudabench report` (a session's tables, charts and advice; --compare A B is the regression gate)
// and `cudabench import-csv` (a trace in the original study's CSV format as a traced run).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/scenario/scenario.h"
#include "results/analysis/analysis.h"
#include "results/report/hosts_render.h"
#include "results/report/model.h"
#include "results/stats/aggregate.h"
#include "results/stats/compare.h"
#include "results/store/store.h"
#include "results/trace/csv.h"

namespace cudabench::harness {
namespace {

namespace rr = results::report;

constexpr const char* report_usage =
    R"(usage: cudabench report [--db PATH] [--session ID | --tag TAG] [--baseline SCENARIO]
                        [--format text|markdown|json|csv|html] [-o FILE] [--target PCT]
       cudabench report --compare A B [--db PATH] [--threshold PCT] [--format ...] [-o FILE]
       cudabench report --compare-within SUFFIX [--session ID | --tag TAG] [--threshold PCT] [...]
       cudabench report --history [--db PATH] [--tag TAG] [--min-step PCT] [--format text|markdown|json]
       cudabench report --by host [--db PATH] [--tag TAG] [--baseline S] [--threshold PCT] [--format ...]

Tables of the study (normalised metrics, performance impact, launch pairs, tail attribution,
soft-IRQ breakdown, mitigation effect, run-queue latency, preemptors, tracer overhead, invalid
runs, environment) with 95% confidence intervals, and advice derived from them. Default: the
latest session of --db, else $CUDABENCH_DB, else ./cudabench.db.

--compare A B: B against reference A, where each is a session id, a tag (its latest session) or a
database file (its latest session). Exit 0 PASS, 1 FAIL (Holm p < 0.01 and the whole CI of the tok/s
change beyond -tau), 3 INCONCLUSIVE (the point estimate beyond -tau, the CI not), 2 bad input.
--threshold sets tau in % (default max(2%, 3 x the A/A CI half-width of A, when A has two
scenarios of identical configuration)). --target sets the wanted degradation CI half-width (1%).

--compare-within SUFFIX: inside one session, each scenario "<x>" (candidate) against its twin
"<x>@SUFFIX" (reference, from `run --reference PROG`), paired block by block; same gate and exit codes.

--history: every session of --db (or those tagged TAG) as one tok/s series per scenario, split into
constant levels by a penalised least-squares fit; lists the steps of at least --min-step % (2),
so a slow drift that never fails one night's gate is seen. Exit 0 unless the input is bad.

--by host: the hosts of a fleet (databases combined with `cudabench merge`): each host's baseline
tok/s against the fleet's (the other hosts within tau of the median host; Welch on logs, Holm
across hosts; DIFFERS when Holm p < 0.01 and the whole CI is beyond +-tau, --threshold, default
2%), and each scenario's change against the same host's baseline. Exit 0 unless the input is bad.

EXAMPLES
  cudabench report
  cudabench report --session 3 --format html -o report.html
  cudabench report --compare nightly-ref nightly --threshold 3
  cudabench report --history --db nightly.db --tag nightly
  cudabench report --by host --db fleet.db
)";

constexpr const char* import_usage = R"(usage: cudabench import-csv FILE.csv [--db PATH] [--scenario NAME]

Reads a trace in the original study's per-event CSV format, analyses it as one traced run and
stores it in a new session (tag "import"). Prints the new run id.

EXAMPLES
  cudabench import-csv qwen3_baseline.csv --scenario baseline
)";

double percent_flag(const Args& a, const std::string& name, double fallback) {
  const auto v = a.value(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double d = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || *end != '\0' || !(d >= 0) || d > 100)
    throw UserError(fmt::format("{} wants a percentage between 0 and 100, got \"{}\"", name, *v));
  return d;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

struct Selection {
  int64_t session = 0;
  std::string label;
};

Selection select_session(const results::Store& store, const std::optional<std::string>& session,
                         const std::optional<std::string>& tag) {
  if (session) {
    if (!all_digits(*session)) throw UserError("--session wants a session number, got \"" + *session + "\"");
    const int64_t id = std::stoll(*session);
    if (!store.session(id))
      throw UserError(fmt::format("{}: no session {}", store.path(), id),
                      "list sessions with `cudabench list`");
    return {id, fmt::format("session {}", id)};
  }
  const auto latest = store.latest_session(tag);
  if (!latest) {
    if (tag) throw UserError(fmt::format("{}: no session tagged \"{}\"", store.path(), *tag));
    throw UserError(store.path() + ": no sessions stored yet", "run `cudabench run SCENARIO.toml` first");
  }
  return {*latest, tag ? fmt::format("session {} (latest tagged {})", *latest, *tag)
                       : fmt::format("session {} (latest)", *latest)};
}

std::vector<results::RunRecord> session_runs(const results::Store& store, int64_t session) {
  results::RunFilter f;
  f.session = session;
  f.load_distributions = true;
  return store.runs(f);
}

// Writes to -o FILE or stdout; colour only for text on a terminal without NO_COLOR
// (https://no-color.org).
template <typename F>
void emit(const std::optional<std::string>& out_path, rr::Format format, F render) {
  rr::TextStyle style;
  if (out_path) {
    std::ofstream file(*out_path, std::ios::binary);
    if (!file) throw UserError("cannot write " + *out_path);
    render(file, style);
    if (!file) throw RunError("writing " + *out_path + " failed");
    return;
  }
  style.colour = format == rr::Format::text && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  render(std::cout, style);
  std::cout.flush();
}

struct Side {
  std::vector<results::RunRecord> runs;
  std::string label;
};

// A, B of --compare: an existing file is a database, digits a session of --db, anything else a tag.
Side resolve_side(const std::string& operand, const std::string& db_path) {
  if (std::filesystem::is_regular_file(operand)) {
    const auto store = results::Store::open(operand);
    const auto sel = select_session(store, std::nullopt, std::nullopt);
    return {session_runs(store, sel.session), operand + " " + sel.label};
  }
  if (!std::filesystem::exists(db_path))
    throw UserError(fmt::format("--compare {}: neither a database file nor, without {}, a session or tag",
                                operand, db_path),
                    "pass --db PATH or set CUDABENCH_DB");
  const auto store = results::Store::open(db_path);
  const auto sel = all_digits(operand) ? select_session(store, operand, std::nullopt)
                                       : select_session(store, std::nullopt, operand);
  return {session_runs(store, sel.session), sel.label};
}

int run_compare(const Args& a, const std::string& db_path, rr::Format format,
                const results::AggregateOptions& agg) {
  const auto& pos = a.positionals();
  if (pos.size() != 2)
    throw UserError("report --compare wants two operands, A and B", "see cudabench report --help");
  results::CompareOptions options;
  options.aggregate = agg;
  options.threshold_pct = percent_flag(a, "--threshold", -1);
  const Side side_a = resolve_side(pos[0], db_path), side_b = resolve_side(pos[1], db_path);
  const auto c = results::compare_runs(side_a.runs, side_b.runs, options, side_a.label, side_b.label);
  emit(a.value("--output"), format,
       [&](std::ostream& out, const rr::TextStyle& style) { rr::render_comparison(c, format, out, style); });
  return results::exit_code(c.outcome);
}

// Candidate runs keep their names; twins "<x>@SUFFIX" become "<x>" on the reference side.
int run_compare_within(const Args& a, const std::string& db_path, rr::Format format,
                       const results::AggregateOptions& agg) {
  const std::string suffix = "@" + *a.value("--compare-within");
  if (!a.positionals().empty())
    throw UserError("report --compare-within takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session") && a.value("--tag")) throw UserError("give --session or --tag, not both");
  if (!std::filesystem::exists(db_path))
    throw UserError(db_path + ": no such database", "pass --db PATH or set CUDABENCH_DB");
  const auto store = results::Store::open(db_path);
  const auto sel = select_session(store, a.value("--session"), a.value("--tag"));
  std::vector<results::RunRecord> reference, candidate;
  for (auto& r : session_runs(store, sel.session)) {
    const size_t at = r.scenario.rfind('@');
    if (at == std::string::npos) {
      candidate.push_back(std::move(r));
    } else if (r.scenario.compare(at, std::string::npos, suffix) == 0) {
      r.scenario.erase(at);
      reference.push_back(std::move(r));
    }
  }
  if (reference.empty())
    throw UserError(fmt::format("{}: no scenario named \"<x>{}\"", sel.label, suffix),
                    "record the pair with `cudabench run ... --reference PROG`");
  results::CompareOptions options;
  options.aggregate = agg;
  options.threshold_pct = percent_flag(a, "--threshold", -1);
  const auto c =
      results::compare_runs(reference, candidate, options, sel.label + " " + suffix.substr(1), sel.label);
  emit(a.value("--output"), format,
       [&](std::ostream& out, const rr::TextStyle& style) { rr::render_comparison(c, format, out, style); });
  return results::exit_code(c.outcome);
}

int run_history(const Args& a, const std::string& db_path, rr::Format format) {
  if (!a.positionals().empty())
    throw UserError("report --history takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session")) throw UserError("--history reads every session; select them with --tag");
  if (!std::filesystem::exists(db_path))
    throw UserError(db_path + ": no such database", "pass --db PATH or set CUDABENCH_DB");
  results::HistoryOptions options;
  options.min_step_pct = percent_flag(a, "--min-step", options.min_step_pct);
  const auto store = results::Store::open(db_path);
  results::RunFilter filter;
  filter.tag = a.value("--tag");
  const auto runs = store.runs(filter);
  if (filter.tag && runs.empty())
    throw UserError(fmt::format("{}: no runs in sessions tagged \"{}\"", db_path, *filter.tag));
  const auto history = results::detect_history(runs, store.sessions(), options);
  const std::string selection =
      db_path + (filter.tag ? ", sessions tagged " + *filter.tag : ", all sessions");
  emit(a.value("--output"), format, [&](std::ostream& out, const rr::TextStyle& style) {
    rr::render_history(history, options, selection, format, out, style);
  });
  return 0;
}

int run_by_host(const Args& a, const std::string& db_path, rr::Format format,
                const results::AggregateOptions& agg) {
  if (*a.value("--by") != "host") throw UserError("--by wants \"host\", got \"" + *a.value("--by") + "\"");
  if (!a.positionals().empty())
    throw UserError("report --by host takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session")) throw UserError("--by host reads every session; select them with --tag");
  if (!std::filesystem::exists(db_path))
    throw UserError(db_path + ": no such database", "pass --db PATH or set CUDABENCH_DB");
  results::HostOptions options;
  options.aggregate = agg;
  options.tau_pct = percent_flag(a, "--threshold", options.tau_pct);
  const auto store = results::Store::open(db_path);
  results::RunFilter filter;
  filter.tag = a.value("--tag");
  const auto runs = store.runs(filter);
  if (runs.empty())
    throw UserError(filter.tag ? fmt::format("{}: no runs in sessions tagged \"{}\"", db_path, *filter.tag)
                               : db_path + ": no runs stored yet");
  const auto hosts = results::compare_hosts(runs, store.sessions(), options);
  const std::string selection =
      db_path + (filter.tag ? ", sessions tagged " + *filter.tag : ", all sessions");
  emit(a.value("--output"), format, [&](std::ostream& out, const rr::TextStyle& style) {
    rr::render_hosts(hosts, selection, format, out, style);
  });
  return 0;
}

}  // namespace

int cmd_report(const std::vector<std::string>& args) {
  const Args a("report", args,
               {{"--db", "", true},
                {"--session", "", true},
                {"--tag", "", true},
                {"--baseline", "", true},
                {"--format", "", true},
                {"--output", "-o", true},
                {"--compare", "", false},
                {"--threshold", "", true},
                {"--target", "", true},
                {"--history", "", false},
                {"--compare-within", "", true},
                {"--min-step", "", true},
                {"--by", "", true},
                {"--help", "-h", false}});
  if (a.flag("--help")) {
    std::cout << report_usage;
    return 0;
  }
  const auto format = rr::parse_format(a.value("--format").value_or("text"));
  if (!format)
    throw UserError("--format wants text, markdown, json, csv or html, got \"" + *a.value("--format") + "\"");
  results::AggregateOptions agg;
  agg.baseline = a.value("--baseline").value_or("baseline");
  agg.target_half_width_pct = percent_flag(a, "--target", 1.0);
  const std::string db_path = results::default_db_path(a.value("--db"));
  if (int(a.flag("--compare")) + int(a.flag("--history")) + int(a.value("--compare-within").has_value()) +
          int(a.value("--by").has_value()) >
      1)
    throw UserError("give one of --compare, --compare-within, --history and --by");
  if (a.value("--by")) return run_by_host(a, db_path, *format, agg);
  if (a.value("--compare-within")) return run_compare_within(a, db_path, *format, agg);
  if (a.flag("--compare")) return run_compare(a, db_path, *format, agg);
  if (a.flag("--history")) return run_history(a, db_path, *format);
  if (!a.positionals().empty())
    throw UserError("report takes no operand \"" + a.positionals()[0] + "\"", "did you mean --compare A B?");
  if (a.value("--session") && a.value("--tag")) throw UserError("give --session or --tag, not both");
  if (!std::filesystem::exists(db_path))
    throw UserError(db_path + ": no such database", "pass --db PATH or set CUDABENCH_DB");
  const auto store = results::Store::open(db_path);
  const auto sel = select_session(store, a.value("--session"), a.value("--tag"));
  // A session run with --target-ci is judged against its own target unless --target says otherwise.
  if (const auto s = store.session(sel.session); s && s->target_ci_pct && !a.value("--target"))
    agg.target_half_width_pct = *s->target_ci_pct;
  auto summary = results::aggregate_runs(session_runs(store, sel.session), agg);
  summary.session = store.session(sel.session);
  const auto report = rr::make_report(std::move(summary), db_path, sel.label);
  emit(a.value("--output"), *format,
       [&](std::ostream& out, const rr::TextStyle& style) { rr::render(report, *format, out, style); });
  return 0;
}

int cmd_import_csv(const std::vector<std::string>& args) {
  const Args a("import-csv", args, {{"--db", "", true}, {"--scenario", "", true}, {"--help", "-h", false}});
  if (a.flag("--help")) {
    std::cout << import_usage;
    return 0;
  }
  if (a.positionals().size() != 1)
    throw UserError("import-csv wants one CSV file", "see cudabench import-csv --help");
  const std::string path = a.positionals()[0];
  if (std::string why = regular_readable_problem(path); !why.empty())
    throw UserError("import-csv " + path + ": " + why);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read " + path);
  const auto trace = results::read_trace_csv(in, path);
  const auto analysis = results::analyze_run(trace);
  if (!analysis.metric("launches"))
    throw UserError(path + ": no kernel launches in the trace", "is it a trace of the GPU workload?");

  results::RunRecord run;
  run.scenario = a.value("--scenario").value_or(std::filesystem::path(path).stem().string());
  if (std::string why = harness::scenario_name_problem(run.scenario); !why.empty())
    throw UserError("import-csv: scenario name \"" + visible(run.scenario) + "\": " + why,
                    a.value("--scenario") ? "pass another --scenario" : "pass --scenario NAME");
  run.scenario_text = "# imported from " + path + "\n";
  run.scenario_hash = "import:" + run.scenario;
  run.block = 0;
  run.traced = true;
  run.trace = results::TraceLevel::launch;
  run.status = results::RunStatus::ok;
  run.started_at = utc_now();
  run.metrics = analysis.metrics;
  for (auto& m : results::preemptor_metrics(analysis.top_preemptors)) run.metrics.push_back(std::move(m));
  if (const auto* rt = analysis.metric("runtime_s")) run.wall_s = rt->value;
  for (const auto& d : analysis.distributions)
    run.distributions.push_back({d.name, d.unit, d.histogram.encode()});

  auto store = results::Store::open_writable(results::default_db_path(a.value("--db")));
  results::SessionInfo info;
  info.started_at = run.started_at;
  info.argv = "cudabench import-csv " + path;
  info.tag = "import";
  info.blocks = 1;
  info.trace_mode = "on";
  run.session_id = store.begin_session(info);
  const int64_t id = store.add_run(run);
  store.finish_session(run.session_id, "done");
  std::cout << id << "\n";
  return 0;
}

}  // namespace cudabench::harness
