#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "common/error.h"
#include "harness/interferers/fio_options.h"
#include "harness/interferers/intensity.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("stress-ng yaml: real-time bogo-ops/s summed over stressors") {
    const std::string yaml =
        "---\nsystem-info:\n      stress-ng-version: 0.15.06\n      cpus: 2\n\nmetrics:\n"
        "    - stressor: cpu\n      bogo-ops: 12383\n"
        "      bogo-ops-per-second-usr-sys-time: 2686.560040\n"
        "      bogo-ops-per-second-real-time: 5334.484467\n"
        "    - stressor: vm\n      bogo-ops-per-second-real-time: 100.5\n...\n";
    CHECK(stress_ng_bogo_ops_per_s(yaml) == doctest::Approx(5434.984467));
    CHECK_THROWS_AS(stress_ng_bogo_ops_per_s("---\nsystem-info:\n  cpus: 2\n"), std::invalid_argument);
    CHECK_THROWS_AS(stress_ng_bogo_ops_per_s("\nmetrics:\n  bogo-ops-per-second-real-time: x\n"),
                    std::invalid_argument);
    CHECK_THROWS_AS(stress_ng_bogo_ops_per_s(""), std::invalid_argument);
  }

  TEST_CASE("iperf3: the server's received figure first and then the client's") {
    const std::string server = R"({"end": {"sum_received": {"bits_per_second": 26049539122.1}}})";
    const std::string client =
        R"({"end": {"sum_sent": {"bits_per_second": 26000747743.0}, "sum_received": {"bits_per_second": 0}},
          "error": "interrupt - the client has terminated"})";
    CHECK(iperf3_gbit_per_s(server, client) == doctest::Approx(26.0495391221));
    // No server report: the interrupted client's sum_received is 0, so its sum_sent.
    CHECK(iperf3_gbit_per_s("", client) == doctest::Approx(26.000747743));
    CHECK_THROWS_AS(iperf3_gbit_per_s("", R"({"end": {}})"), std::invalid_argument);
    CHECK_THROWS_AS(iperf3_gbit_per_s("garbage", "{"), std::invalid_argument);
  }

  TEST_CASE("fio json after the SIGINT line: read + write IOPS over jobs") {
    const std::string fio =
        "\nfio: terminating on signal 2\n"
        R"({"fio version": "fio-3.33", "jobs": [
          {"jobname": "a", "read": {"iops": 0.0}, "write": {"iops": 20949.83401}},
          {"jobname": "b", "read": {"iops": 50.5}, "write": {"iops": 0}}]})";
    CHECK(fio_iops(fio) == doctest::Approx(21000.33401));
    CHECK_THROWS_AS(fio_iops("fio: terminating on signal 2\n"), std::invalid_argument);
    CHECK_THROWS_AS(fio_iops(R"({"jobs": []})"), std::invalid_argument);
    CHECK_THROWS_AS(fio_iops(R"({"jobs": [{"write": {"iops": 1}}]})"), std::invalid_argument);
  }

  TEST_CASE("fio options: an allow-list of job options and values - one check for validation and start") {
    const auto args = fio_job_arguments({{"rw", "randwrite"},
                                         {"bs", "4k"},
                                         {"bssplit", "4k/50:64k/50"},
                                         {"direct", "1"},
                                         {"ioengine", "io_uring"},
                                         {"random_distribution", "zipf:1.2"},
                                         {"group_reporting", ""}});
    CHECK(args == std::vector<std::string>{"--bs=4k", "--bssplit=4k/50:64k/50", "--direct=1",
                                           "--group_reporting", "--ioengine=io_uring",
                                           "--random_distribution=zipf:1.2", "--rw=randwrite"});
    for (const auto& engine : fio_allowed_engines()) CHECK_FALSE(fio_option_problem("ioengine", engine));
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"filename", "x"},
                                                          {"directory", "/tmp"},
                                                          {"filename_format", "a"},
                                                          {"opendir", "d"},
                                                          {"exec_prerun", "rm"},
                                                          {"write_bw_log", "bw"},
                                                          {"runtime", "10"},
                                                          {"time_based", ""},
                                                          {"time_based", "1"},
                                                          {"rw", "/dev/sda"},
                                                          {"ioengine", "external:/x.so"},
                                                          {"ioengine", "exec"},
                                                          {"ioengine", "net"},
                                                          {"ioengine", "sg"},
                                                          {"program", "sh"},
                                                          {"mem", "mmap:/etc/passwd"},
                                                          {"iomem", "mmap:/x"},
                                                          {"hostname", "192.0.2.1"},
                                                          {"bs", "../x"},
                                                          {"size", "/a"},
                                                          {"size", "${HOME}"},
                                                          {"name", "../../x"},
                                                          {"--rw", "read"},
                                                          {"include", "x.fio"},
                                                          {"verify_state_save", "1"},
                                                          {"cgroup", "x"},
                                                          {"cpus_allowed", "0"}}) {
      CAPTURE(key);
      CAPTURE(value);
      CHECK(fio_option_problem(key, value));
      CHECK_THROWS_AS(fio_job_arguments({{key, value}}), cudabench::UserError);
    }
  }
}
