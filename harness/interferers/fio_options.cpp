#include "harness/interferers/fio_options.h"

#include <algorithm>
#include <regex>

#include "common/error.h"
#include "common/input.h"

namespace cudabench::harness {
namespace {

enum class Value {
  flag,          // "", 0 or 1
  amount,        // sizes, counts, rates, percentages, ranges and splits: 4k, 1m-4m, 4k/50:64k/50, 75%
  word,          // a plain word: a job name, a distribution
  rw,            // read, randwrite, ... with an optional ":N"
  engine,        // fio_allowed_engines()
  memory,        // malloc, shm, mmap (anonymous; "mmap:PATH" would open PATH)
  distribution,  // random, zipf:1.2, pareto:0.9, normal:50, zoned:60/10:40/90 ...
};

// Every option here acts on the job's own files in the scratch directory, or on none.
const std::map<std::string, Value>& allowed() {
  static const std::map<std::string, Value> options = {
      {"name", Value::word},
      {"rw", Value::rw},
      {"readwrite", Value::rw},
      {"rwmixread", Value::amount},
      {"rwmixwrite", Value::amount},
      {"bs", Value::amount},
      {"blocksize", Value::amount},
      {"bsrange", Value::amount},
      {"bssplit", Value::amount},
      {"bs_unaligned", Value::flag},
      {"blockalign", Value::amount},
      {"size", Value::amount},
      {"filesize", Value::amount},
      {"io_size", Value::amount},
      {"nrfiles", Value::amount},
      {"openfiles", Value::amount},
      {"file_service_type", Value::word},
      {"ioengine", Value::engine},
      {"iodepth", Value::amount},
      {"iodepth_batch", Value::amount},
      {"iodepth_batch_complete_min", Value::amount},
      {"iodepth_batch_complete_max", Value::amount},
      {"iodepth_low", Value::amount},
      {"direct", Value::flag},
      {"buffered", Value::flag},
      {"sync", Value::flag},
      {"fsync", Value::amount},
      {"fdatasync", Value::amount},
      {"end_fsync", Value::flag},
      {"fsync_on_close", Value::flag},
      {"numjobs", Value::amount},
      {"thread", Value::flag},
      {"rate", Value::amount},
      {"rate_iops", Value::amount},
      {"rate_process", Value::word},
      {"thinktime", Value::amount},
      {"thinktime_blocks", Value::amount},
      {"thinktime_spin", Value::amount},
      {"randrepeat", Value::flag},
      {"randseed", Value::amount},
      {"random_distribution", Value::distribution},
      {"random_generator", Value::word},
      {"norandommap", Value::flag},
      {"percentage_random", Value::amount},
      {"zero_buffers", Value::flag},
      {"refill_buffers", Value::flag},
      {"scramble_buffers", Value::flag},
      {"buffer_compress_percentage", Value::amount},
      {"dedupe_percentage", Value::amount},
      {"invalidate", Value::flag},
      {"overwrite", Value::flag},
      {"fallocate", Value::word},
      {"fadvise_hint", Value::word},
      {"create_on_open", Value::flag},
      {"unlink", Value::flag},
      {"group_reporting", Value::flag},
      {"offset", Value::amount},
      {"offset_increment", Value::amount},
      {"ramp_time", Value::amount},
      {"startdelay", Value::amount},
      {"mem", Value::memory},
      {"iomem", Value::memory},
      {"iomem_align", Value::amount},
  };
  return options;
}

// Set by cudabench itself: the interferer runs until stopped, into its own scratch directory and
// report. Refused with that reason rather than "not allowed".
const char* set_by_cudabench[] = {"time_based", "runtime", "directory", "output", "output-format"};

bool matches(const std::string& value, Value kind) {
  static const std::regex amount("[0-9][0-9A-Za-z.:,%/-]{0,127}");
  static const std::regex word("[A-Za-z0-9_-]{1,64}");
  static const std::regex rw(
      "(read|write|trim|randread|randwrite|randtrim|rw|readwrite|randrw|trimwrite)"
      "(:[0-9]{1,9})?");
  switch (kind) {
    case Value::flag: return value.empty() || value == "0" || value == "1";
    case Value::amount: return std::regex_match(value, amount) && value.find("..") == std::string::npos;
    case Value::word: return std::regex_match(value, word);
    case Value::rw: return std::regex_match(value, rw);
    case Value::engine: {
      const auto& engines = fio_allowed_engines();
      return std::find(engines.begin(), engines.end(), value) != engines.end();
    }
    case Value::memory: return value == "malloc" || value == "shm" || value == "mmap";
    case Value::distribution: {
      static const std::regex dist("(random|zipf|pareto|normal|gauss|zoned|zoned_abs)(:[0-9.:,/%]{1,127})?");
      return std::regex_match(value, dist) && value.find("..") == std::string::npos;
    }
  }
  return false;
}

const char* expected(Value kind) {
  switch (kind) {
    case Value::flag: return "\"\", \"0\" or \"1\"";
    case Value::amount: return "a size, count, rate or range (digits first, e.g. 4k, 1m-4m, 4k/50:64k/50)";
    case Value::word: return "a word of letters, digits, '-' and '_'";
    case Value::rw:
      return "read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw or trimwrite";
    case Value::engine: return "one of sync, psync, vsync, pvsync, pvsync2, libaio, io_uring, posixaio, mmap";
    case Value::memory: return "malloc, shm or mmap (anonymous memory; no path)";
    case Value::distribution: return "random, zipf:THETA, pareto:H, normal:PCT or zoned:...";
  }
  return "";
}

}  // namespace

const std::vector<std::string>& fio_allowed_engines() {
  static const std::vector<std::string> engines = {"sync",   "psync",    "vsync",    "pvsync", "pvsync2",
                                                   "libaio", "io_uring", "posixaio", "mmap"};
  return engines;
}

std::optional<std::string> fio_option_problem(const std::string& key, const std::string& value) {
  for (const char* own : set_by_cudabench)
    if (key == own)
      return "fio option \"" + key +
             "\" is set by cudabench (the interferer runs until stopped, in its own "
             "scratch directory)";
  const auto it = allowed().find(key);
  if (it == allowed().end())
    return "fio option \"" + visible(key) +
           "\" is not allowed (only options acting on the job's own file in the scratch directory are; "
           "see scenarios/README.md)";
  if (!matches(value, it->second))
    return "fio option " + key + " = \"" + visible(value) + "\": expected " + expected(it->second);
  return std::nullopt;
}

std::vector<std::string> fio_job_arguments(const std::map<std::string, std::string>& options) {
  std::vector<std::string> args;
  for (const auto& [key, value] : options) {
    if (auto why = fio_option_problem(key, value)) throw UserError(*why);
    args.push_back(value.empty() ? "--" + key : "--" + key + "=" + value);
  }
  return args;
}

}  // namespace cudabench::harness
