// `cudabench report`: a session's report; --compare A B and --compare-within SUFFIX, the regression
// gate; --history, every session as a series with its steps; --by host, a fleet's hosts compared.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/log.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/report_output.h"
#include "results/report/hosts_render.h"
#include "results/report/model.h"
#include "results/stats/like_with_like.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

namespace rr = results::report;

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

results::Store open_existing(const std::string& db_path) {
  if (!std::filesystem::exists(db_path))
    throw UserError(db_path + ": no such database", "pass --db PATH or set CUDABENCH_DB");
  return results::Store::open(db_path);
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

// Writes the comparison; A and B that are not like with like are said, and the gate is not applied
// (exit 2) unless --force.
int gate(const Args& a, const results::Comparison& c) {
  for (const auto& m : c.mismatches) log::warn("not like with like: {}", m);
  const bool refused = !c.mismatches.empty() && !a.flag("--force");
  auto doc = rr::comparison_document(c, {a.flag("--all-metrics")});
  if (refused) {
    doc.verdict = "gate: not applied (A and B are not like with like; --force applies it)";
    doc.json["gate"] = "NOT_APPLIED";
    doc.json["exit_code"] = 2;
  }
  write_document(a, doc);
  if (refused)
    throw UserError("the gate was not applied: A and B differ in what they ran (warnings above)",
                    "compare sessions of the same scenarios on the same GPU and driver, or pass --force");
  return results::exit_code(c.outcome);
}

results::CompareOptions compare_options(const Args& a, const results::AggregateOptions& agg) {
  results::CompareOptions options;
  options.aggregate = agg;
  options.threshold_pct = percent_flag(a, "--threshold", -1);
  return options;
}

int run_compare(const Args& a, const std::string& db_path, const results::AggregateOptions& agg) {
  const auto& pos = a.positionals();
  if (pos.size() != 2)
    throw UserError("report --compare wants two operands, A and B", "see 'cudabench help report'");
  const Side side_a = resolve_side(pos[0], db_path), side_b = resolve_side(pos[1], db_path);
  return gate(a, results::compare_runs(side_a.runs, side_b.runs, compare_options(a, agg), side_a.label,
                                       side_b.label));
}

// Candidate runs keep their names; twins "<x>@SUFFIX" become "<x>" on the reference side.
int run_compare_within(const Args& a, const std::string& db_path, const results::AggregateOptions& agg) {
  const std::string suffix = "@" + *a.value("--compare-within");
  if (!a.positionals().empty())
    throw UserError("report --compare-within takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session") && a.value("--tag")) throw UserError("give --session or --tag, not both");
  const auto store = open_existing(db_path);
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
    throw UserError(
        fmt::format("{} has no reference twins: no scenario name ends in \"{}\"", sel.label, suffix),
        "record candidate and reference together with `cudabench run ... --reference PROG`");
  auto options = compare_options(a, agg);
  options.check_configuration = false;  // a twin differs from its scenario by its program, by design
  return gate(
      a, results::compare_runs(reference, candidate, options, sel.label + " " + suffix.substr(1), sel.label));
}

int run_history(const Args& a, const std::string& db_path) {
  if (!a.positionals().empty())
    throw UserError("report --history takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session")) throw UserError("--history reads every session; select them with --tag");
  rr::HistoryInput in;
  in.options.min_step_pct = percent_flag(a, "--min-step", in.options.min_step_pct);
  const auto store = open_existing(db_path);
  results::RunFilter filter;
  filter.tag = a.value("--tag");
  const auto runs = store.runs(filter);
  if (filter.tag && runs.empty())
    throw UserError(fmt::format("{}: no runs in sessions tagged \"{}\"", db_path, *filter.tag));
  in.history = results::detect_history(runs, store.sessions(), in.options);
  in.selection = db_path + (filter.tag ? ", sessions tagged " + *filter.tag : ", all sessions");
  const auto mismatches = results::history_mismatches(runs);
  for (const auto& m : mismatches) log::warn("not like with like: {}", m);
  write_document(a, rr::history_document(in, mismatches));
  return 0;
}

// --by host: a merged fleet database compared host by host (results/stats/hosts.h).
int run_by_host(const Args& a, const std::string& db_path, const results::AggregateOptions& agg) {
  if (*a.value("--by") != "host") throw UserError("--by wants \"host\", got \"" + *a.value("--by") + "\"");
  if (!a.positionals().empty())
    throw UserError("report --by host takes no operand \"" + a.positionals()[0] + "\"");
  if (a.value("--session")) throw UserError("--by host reads every session; select them with --tag");
  results::HostOptions options;
  options.aggregate = agg;
  options.tau_pct = percent_flag(a, "--threshold", options.tau_pct);
  const auto store = open_existing(db_path);
  results::RunFilter filter;
  filter.tag = a.value("--tag");
  const auto runs = store.runs(filter);
  if (runs.empty())
    throw UserError(filter.tag ? fmt::format("{}: no runs in sessions tagged \"{}\"", db_path, *filter.tag)
                               : db_path + ": no runs stored yet");
  const auto hosts = results::compare_hosts(runs, store.sessions(), options);
  write_document(a, rr::hosts_document(hosts, db_path + (filter.tag ? ", sessions tagged " + *filter.tag
                                                                    : ", all sessions")));
  return 0;
}

}  // namespace

int cmd_report(const std::vector<std::string>& args) {
  const auto& spec = command_spec("report");
  const Args a(spec, args);
  if (a.flag("--help")) {
    std::cout << command_help(spec);
    return 0;
  }
  chosen_format(a);  // a bad --format is bad input before anything is read
  results::AggregateOptions agg;
  agg.baseline = a.value("--baseline").value_or("baseline");
  agg.target_half_width_pct = percent_flag(a, "--target", 1.0);
  const std::string db_path = results::default_db_path(a.value("--db"));
  if (int(a.flag("--compare")) + int(a.flag("--history")) + int(a.value("--compare-within").has_value()) +
          int(a.value("--by").has_value()) >
      1)
    throw UserError("give one of --compare, --compare-within, --history and --by");
  if (a.value("--by")) return run_by_host(a, db_path, agg);
  if (a.value("--compare-within")) return run_compare_within(a, db_path, agg);
  if (a.flag("--compare")) return run_compare(a, db_path, agg);
  if (a.flag("--history")) return run_history(a, db_path);
  if (!a.positionals().empty())
    throw UserError("report takes no operand \"" + a.positionals()[0] + "\"", "did you mean --compare A B?");
  if (a.value("--session") && a.value("--tag")) throw UserError("give --session or --tag, not both");
  const auto store = open_existing(db_path);
  const auto sel = select_session(store, a.value("--session"), a.value("--tag"));
  agg.calibration = store.cpu_calibration(sel.session);
  // A session run with --target-ci is judged against its own target unless --target says otherwise.
  if (const auto s = store.session(sel.session); s && s->target_ci_pct && !a.value("--target"))
    agg.target_half_width_pct = *s->target_ci_pct;
  auto summary = results::aggregate_runs(session_runs(store, sel.session), agg);
  summary.session = store.session(sel.session);
  const auto report =
      rr::make_report(std::move(summary), db_path, sel.label, {percent_flag(a, "--threshold", 2.0)});
  write_document(a, rr::report_document(report));
  return 0;
}

}  // namespace cudabench::harness
