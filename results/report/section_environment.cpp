// Where the runs ran: the session and each distinct environment fingerprint.
#include <fmt/format.h>

#include "results/report/sections.h"

namespace cudabench::results::report {
namespace {

void session_rows(const Report& r, Table& t) {
  const auto& s = r.summary.session;
  if (!s) return;
  t.rows.push_back({"session", fmt::format("{}{}", s->id, s->tag.empty() ? "" : " (tag " + s->tag + ")")});
  t.rows.push_back(
      {"started / finished", s->started_at + " / " + (s->finished_at.empty() ? "-" : s->finished_at)});
  t.rows.push_back({"status", s->status});
  t.rows.push_back({"block shuffle seed", std::to_string(s->seed)});
  t.rows.push_back({"blocks / warm-up runs / trace mode",
                    fmt::format("{} / {} / {}", s->blocks, s->warmup, s->trace_mode)});
  if (!s->argv.empty()) t.rows.push_back({"command", s->argv});
}

}  // namespace

Section environment_section(const Report& r) {
  Section s{"environment", "Environment and session", {}, nullptr};
  Table t{"", {"field", "value"}, {}, "", {}};
  session_rows(r, t);
  t.rows.push_back({"source", r.source + (r.selection.empty() ? "" : " (" + r.selection + ")")});
  const auto& envs = r.summary.environments;
  for (size_t i = 0; i < envs.size(); ++i) {
    const auto& e = envs[i].env;
    const std::string p = envs.size() > 1 ? fmt::format("[{}] ", i + 1) : "";
    t.rows.push_back({p + "runs", std::to_string(envs[i].runs)});
    t.rows.push_back({p + "kernel", e.kernel});
    t.rows.push_back(
        {p + "CPU", fmt::format("{} x {} (governor {}, SMT {})", e.cpu_count, e.cpu_model,
                                e.governor.empty() ? "?" : e.governor, e.smt.empty() ? "?" : e.smt)});
    t.rows.push_back({p + "GPU / driver", (e.gpu_name.empty() ? "none" : e.gpu_name) + " / " +
                                              (e.gpu_driver.empty() ? "-" : e.gpu_driver)});
    t.rows.push_back({p + "isolcpus / nohz_full", (e.isolcpus.empty() ? "-" : e.isolcpus) + " / " +
                                                      (e.nohz_full.empty() ? "-" : e.nohz_full)});
    t.rows.push_back({p + "cudabench git sha", e.git_sha});
    for (const auto& [tool, version] : e.tool_versions) t.rows.push_back({p + tool, version});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

}  // namespace cudabench::results::report
