// The subcommands as users see them: options, help, examples and exit codes (spec.h).
#include <stdexcept>

#include "harness/cli/spec.h"
#include "results/report/renderer.h"

namespace cudabench::harness {
namespace {

// The report formats, as `--format` completes them: from the renderer registry.
const std::string& report_formats() {
  static const std::string words = [] {
    std::string out;
    for (const auto& f : results::report::formats()) out += (out.empty() ? "" : " ") + std::string(f.name);
    return out;
  }();
  return words;
}

CommandSpec run_command(const OptionHelp& db) {
  return {
      "run",
      "run scenarios in randomised blocks and store every run",
      "cudabench run SCENARIO.toml... [-r N] [-w N] [--db PATH] [--trace MODE] [options]\n"
      "cudabench run SCENARIO.toml... --dry-run",
      "Runs the scenarios in randomised complete blocks: warm-up runs first (discarded), then N blocks, "
      "each running every scenario once per run type in a seeded shuffled order. Every run is "
      "committed to the database as soon as it ends.\n\n"
      "Run types: untraced runs give tok/s (the headline); traced runs give the mechanism, at the sched "
      "level (scheduler and IRQ tracepoints: where the critical thread's time went, checked against the "
      "kernel's own accounting, at a cost within noise) or the launch level (also the CUDA launch and "
      "sync uprobes: launch pairs, about 1 us per launch). Every session first calibrates each CPU's "
      "speed (about 50 ms per CPU).\n\n"
      "Before the first run the session header says what will change on this machine: CPU pinning, "
      "nice, real-time policies, cgroups, IRQ moves and fio's scratch files, all undone at the end. "
      "--dry-run validates the scenarios and prints that plan and the run plan without starting "
      "anything.\n\n"
      "On a terminal one status line shows the run in flight (block, scenario, run type, elapsed, ETA); "
      "otherwise one line per finished run. At the end the session id and a per-scenario summary go to "
      "stdout, with the report command to run next.",
      {{"--runs", "-r", "N", "blocks (default: the largest [run] runs of the scenarios)", ""},
       {"--warmup", "-w", "N", "warm-up runs per scenario (default: the largest [run] warmup)", ""},
       db,
       {"--seed", "", "N", "shuffle seed (default: random; always recorded)", ""},
       {"--tag", "", "TEXT", "label the session (report --tag, report --compare)", ""},
       {"--trace", "", "MODE",
        "the run types of each block: sched (default): untraced + sched-level traced; launch (or both): "
        "untraced + launch-level traced; all: all three; off: untraced only (no root needed); on: "
        "launch-level traced only",
        "sched launch all off on both"},
       {"--traced-every", "", "K", "traced runs in every K-th block only (default 1)", ""},
       {"--cuda-lib", "", "PATH", "libcuda to probe (default: the one the workload loads)", ""},
       {"--keep-trace", "", "", "keep each traced run's full event trace next to the database (export)", ""},
       {"--reference", "", "PROG",
        "also run every scenario as <name>@ref with PROG as the workload program, in the same blocks "
        "(report --compare-within ref gates the pair)",
        ""},
       {"--aa", "", "",
        "also run the baseline scenario as <baseline>@aa, the same configuration under another name, in "
        "the same blocks: the session's own noise floor",
        ""},
       {"--baseline", "", "NAME", "the scenario --aa and --target-ci compare with (default baseline)", ""},
       {"--pin", "", "auto",
        "pin each workload to the fastest CPU of the session's calibration that its interferers are not "
        "pinned to; those without CPUs run on the others (the low-noise recipe of docs/precision.md; a "
        "scenario's own cpus win)",
        "auto"},
       {"--target-ci", "", "PCT",
        "add blocks until every compared change (each scenario vs the baseline, or vs its @ref twin with "
        "--reference) has a 95% CI half-width <= PCT %, by the sequential fixed-width rule of Chow & "
        "Robbins (1965) with a minimum sample (docs/precision.md: simulated coverage 0.93-0.96); --runs "
        "is then the most blocks (default 1000)",
        ""},
       {"--min-blocks", "", "N", "blocks before --target-ci may stop (default 10, at least 5)", ""},
       {"--max-time", "", "T",
        "time budget of a --target-ci session (90s, 8m, 1h30m): a block starts only when the blocks so far "
        "say it ends in time",
        ""},
       {"--dry-run", "", "", "validate, print what would change and the run plan, start nothing", ""},
       {"--quiet", "-q", "", "no progress output (the summary on stdout stays)", ""},
       {"--json", "", "", "progress as JSON lines on stderr, the summary as JSON on stdout", ""}},
      "file",
      "cudabench run scenarios/examples/*.toml --trace off -r 3\n"
      "cudabench run scenarios/noisy_cpu.toml scenarios/baseline.toml -r 5 -w 1 --db study.db\n"
      "cudabench run scenarios/*.toml --dry-run\n"
      "cudabench run scenarios/baseline.toml scenarios/noisy_cpu.toml --aa --target-ci 2 --max-time 8m",
      "0  every run ok (--dry-run: the plan is valid)\n"
      "1  a run failed or was invalid, or the environment failed (no GPU, no privileges)\n"
      "2  bad input: a scenario, a flag\n"
      "129, 130, 141, 143  interrupted by SIGHUP, Ctrl-C, SIGPIPE or SIGTERM (the run in flight is stored "
      "as aborted)"};
}

CommandSpec list_command(const OptionHelp& db) {
  return {"list",
          "list stored sessions and runs",
          "cudabench list [--db PATH] [--session ID] [--runs]",
          "Lists stored sessions with their scenarios and run counts by status; with --runs (or --session) "
          "every run.",
          {db,
           {"--session", "", "ID", "only this session, with its runs", ""},
           {"--runs", "", "", "every run of every session", ""}},
          "",
          "cudabench list --db study.db\ncudabench list --db study.db --session 3",
          "0  listed\n2  bad input: a flag, a database"};
}

CommandSpec show_command(const OptionHelp& db) {
  return {"show",
          "show one stored run",
          "cudabench show [--db PATH] RUN_ID",
          "Shows one run: scenario, status and reason, environment, what was applied to the machine and "
          "what went wrong (notes), metrics, interferer intensity, distributions, the stderr tail.",
          {db},
          "run",
          "cudabench show --db study.db 42",
          "0  shown\n2  bad input: no such run, a flag, a database"};
}

CommandSpec report_command(const OptionHelp& db) {
  return {
      "report",
      "tables, charts and advice for a session; --compare A B gates regressions",
      "cudabench report [--db PATH] [--session ID | --tag TAG] [--baseline SCENARIO] [-f FORMAT] [-o FILE]\n"
      "cudabench report --compare A B [--threshold PCT] [--all-metrics] [--force] [-f FORMAT] [-o FILE]\n"
      "cudabench report --compare-within SUFFIX [--session ID | --tag TAG] [--threshold PCT] [...]\n"
      "cudabench report --history [--tag TAG] [--min-step PCT] [-f FORMAT] [-o FILE]\n"
      "cudabench report --by host [--tag TAG] [--threshold PCT] [-f FORMAT] [-o FILE]",
      "The report opens with the headline (each scenario's tok/s change against the baseline with its "
      "95% CI and verdict) and the advice derived from the figures, then the mechanism (switches per "
      "1K launches, launch pairs, IRQs, run-queue latency, preemptors), the runs, precision and the "
      "environment. Default: the latest session. docs/reading-the-report.md explains every figure.\n\n"
      "-o FILE picks the format from its extension (.html, .md, .json, .csv, .txt) unless --format says "
      "otherwise.\n\n"
      "--compare A B: B against reference A, each a session id, a tag (its latest session) or a database "
      "file (its latest session). The gate is on tok/s: FAIL when Holm p < 0.01 and the whole CI of the "
      "change lies beyond -tau; PASS only when the CI's lower end is at or above -tau; else "
      "INCONCLUSIVE. --threshold sets tau in % (default max(2%, 3 x the A/A CI half-width of A when A "
      "has two scenarios of identical configuration)). A and B must be like with like: when a "
      "scenario's configuration, the GPU or the driver differs, the gate says so and exits 2 unless "
      "--force.\n\n"
      "--compare-within SUFFIX: inside one session, each scenario <x> (candidate) against its twin "
      "<x>@SUFFIX (reference, from run --reference PROG), paired block by block; same gate and exit "
      "codes.\n\n"
      "--history: every session (or those tagged TAG) as one tok/s series per scenario, with the steps "
      "a penalised least-squares fit finds (of at least --min-step %, default 2), so a slow drift that "
      "never fails one night's gate is seen.\n\n"
      "--by host: a fleet database (cudabench merge) compared host by host: each host's baseline "
      "against the fleet's, flagged when it differs beyond tau, and each scenario against the same "
      "host's baseline.",
      {db,
       {"--session", "", "ID", "the session to report (default: the latest)", ""},
       {"--tag", "", "TAG", "the latest session with this tag; --history: only these sessions", ""},
       {"--baseline", "", "SCENARIO", "the scenario every change is against (default: baseline)", ""},
       {"--format", "-f", "FORMAT", "text (default), markdown, json, csv or html", report_formats()},
       {"--output", "-o", "FILE", "write to FILE (its extension chooses the format) instead of stdout", ""},
       {"--threshold", "", "PCT", "the band of no practical difference and the gate's tau, in % (report: 2)",
        ""},
       {"--target", "", "PCT", "the wanted half-width of a change's CI, in % (1)", ""},
       {"--compare", "", "", "compare two sessions, tags or databases: A B", ""},
       {"--compare-within", "", "SUFFIX", "gate each scenario against its <x>@SUFFIX twin", ""},
       {"--history", "", "", "every session as a tok/s series, with the steps found", ""},
       {"--min-step", "", "PCT", "--history: smallest step listed, in % (2)", ""},
       {"--all-metrics", "", "", "--compare: list every metric, not only the gated tok/s", ""},
       {"--by", "", "host", "compare the hosts of a merged fleet database (cudabench merge)", "host"},
       {"--force", "", "", "--compare: gate even when A and B are not like with like", ""}},
      "file",
      "cudabench report\n"
      "cudabench report --session 3 -o report.html\n"
      "cudabench report --compare nightly-ref nightly --threshold 3\n"
      "cudabench report --history --db nightly.db --tag nightly -o history.html",
      "0  written (--compare: PASS)\n"
      "1  --compare: FAIL, a regression beyond tau\n"
      "2  bad input: a flag, a database, no such session; --compare: A and B not like with like\n"
      "3  --compare: INCONCLUSIVE, the CI reaches past -tau without lying beyond it"};
}

CommandSpec trace_command() {
  CommandSpec spec{
      "trace",
      "trace one command or process: launches, switches, run-queue latency, IRQs",
      "cudabench trace [-f text|json] [-o FILE] [--csv FILE] [--perfetto FILE] [options] -- CMD ARGS...\n"
      "cudabench trace -p PID [--duration S] [options]",
      "Traces one command (held before exec, so nothing is missed) or a running process with the "
      "embedded eBPF tracer, and prints a summary: kernel launches by entry point, syncs, where the "
      "critical thread's time went (checked against the kernel's own accounting), context switches "
      "and who preempted, run-queue latency, IRQs by vector, the tracer's own cost. "
      "--csv writes the original study's per-event CSV, --perfetto a trace for ui.perfetto.dev. "
      "Exits with the traced command's status, as strace and time do. Needs root (or CAP_BPF, "
      "CAP_PERFMON and CAP_SYS_RESOURCE).",
      {{"--pid", "-p", "PID", "trace this running process instead of a command", ""},
       {"--level", "", "LEVEL",
        "launch (default): CUDA launch and sync uprobes too; sched: scheduler and IRQ tracepoints only",
        "launch sched"},
       {"--duration", "", "S", "stop after S seconds (the command is sent SIGTERM)", ""},
       {"--format", "-f", "FORMAT", "the summary as text (default) or json", "text json"},
       {"--output", "-o", "FILE", "write the summary to FILE instead of stdout", ""},
       {"--csv", "", "FILE", "also write every event in the original study's CSV format", ""},
       {"--perfetto", "", "FILE", "also write a Chrome JSON trace for ui.perfetto.dev", ""},
       {"--cuda-lib", "", "PATH", "libcuda to probe (default: the one the program loads)", ""},
       {"--probe", "", "LIB:SYMBOL[,...]", "extra uprobes counted as launches", ""},
       {"--ringbuf-mb", "", "N", "ring buffer size in MiB (default 64)", ""}},
      "command",
      "cudabench trace -- ./build/workloads/qwen3/qwen3 --tokens 32\n"
      "cudabench trace -f json -o summary.json -- python3 gen.py\n"
      "cudabench trace -p 4242 --duration 10 --perfetto run.json",
      "N  the traced command's exit status (128+signal when a signal ended it)\n"
      "0  -p PID: traced until the process ended or --duration passed\n"
      "1  the tracer could not start (privileges, no BTF)\n"
      "2  bad input: a flag, a command that is not found\n"
      "130, 143  interrupted by Ctrl-C or SIGTERM"};
  spec.command_follows = true;
  return spec;
}

CommandSpec export_command(const OptionHelp& db) {
  return {"export",
          "a traced run's kept trace as summary, CSV or Perfetto JSON",
          "cudabench export [--db PATH] RUN_ID [-f text|json] [-o FILE] [--csv FILE] [--perfetto FILE]",
          "Re-reads the full event trace of a traced run recorded with run --keep-trace and prints its "
          "summary, as trace does; --csv writes it in the original study's CSV format, --perfetto as a "
          "Chrome JSON trace for ui.perfetto.dev.",
          {db,
           {"--format", "-f", "FORMAT", "the summary as text (default) or json", "text json"},
           {"--output", "-o", "FILE", "write the summary to FILE instead of stdout", ""},
           {"--csv", "", "FILE", "write the events in the original study's CSV format", ""},
           {"--perfetto", "", "FILE", "write a Chrome JSON trace for ui.perfetto.dev", ""}},
          "run",
          "cudabench export --db study.db 42 --perfetto run42.json",
          "0  written\n2  bad input: no such run, no kept trace, a flag"};
}

CommandSpec import_csv_command(const OptionHelp& db) {
  return {
      "import-csv",
      "store a trace in the original study's CSV format as a traced run",
      "cudabench import-csv FILE.csv [--db PATH] [--scenario NAME]",
      "Reads a trace in the original study's per-event CSV format, analyses it as one traced run and "
      "stores it in a new session (tag \"import\"). Prints the new run id.",
      {db, {"--scenario", "", "NAME", "the scenario name to store it under (default: the file's stem)", ""}},
      "file",
      "cudabench import-csv qwen3_baseline.csv --scenario baseline",
      "0  stored\n2  bad input: the file, no launches in it, a flag"};
}

CommandSpec merge_command() {
  return {"merge",
          "combine databases of several hosts into one (each session once)",
          "cudabench merge OUT.db IN.db...",
          "Copies every session of each IN.db that OUT.db does not hold yet into OUT.db (created when "
          "absent), with its runs, their figures, environment fingerprints, CPU calibration and kept "
          "traces. A session is identified by its uuid, so merging the same database again adds "
          "nothing; each session keeps the host it ran on, which report --by host compares. Every input "
          "is checked (and only read) before OUT.db is written.",
          {},
          "file",
          "cudabench merge fleet.db node-*.db\ncudabench report --db fleet.db --by host",
          "0  merged\n2  bad input: a missing input, OUT.db among the inputs, not a cudabench database"};
}

CommandSpec help_command() {
  return {"help",
          "describe a command (cudabench help CMD)",
          "cudabench help [COMMAND]",
          "Prints the help of COMMAND, or the list of commands.",
          {},
          "command-name",
          "cudabench help report",
          "0  printed\n2  no such command"};
}

std::vector<CommandSpec> build() {
  const OptionHelp db{"--db", "", "PATH", "the database (default: $CUDABENCH_DB, else ./cudabench.db)", ""};
  return {run_command(db),    list_command(db),       show_command(db), report_command(db), trace_command(),
          export_command(db), import_csv_command(db), merge_command(),  help_command()};
}

}  // namespace

const std::vector<CommandSpec>& command_specs() {
  static const std::vector<CommandSpec> specs = build();
  return specs;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& s : command_specs())
    if (s.name == name) return &s;
  return nullptr;
}

const CommandSpec& command_spec(std::string_view name) {
  if (const auto* s = find_command(name)) return *s;
  throw std::logic_error("no command spec " + std::string(name));
}

const std::vector<OptionHelp>& global_options() {
  static const std::vector<OptionHelp> list = {
      {"--verbose", "-v", "", "debug output on stderr (placement steps, tracer setup)", ""},
      {"--help", "-h", "", "this help", ""}};
  return list;
}

}  // namespace cudabench::harness
