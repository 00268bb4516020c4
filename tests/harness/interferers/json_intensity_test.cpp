#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "common/error.h"
#include "harness/interferers/intensity.h"
#include "harness/interferers/interferers.h"
#include "harness/interferers/json_lite.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("json::parse reads every kind of value") {
    const json::Value v = json::parse(
        R"( {"a": [1, -2.5e3, 0.25], "s": "x\"\\\n\u00e9\ud83d\ude00", "t": true, "f": false, "n": null, "o": {}} )");
    const json::Array* a = v.get("a")->array();
    REQUIRE(a);
    REQUIRE(a->size() == 3);
    CHECK(*(*a)[0].number() == 1);
    CHECK(*(*a)[1].number() == -2500);
    CHECK(*(*a)[2].number() == 0.25);
    CHECK(*v.get("s")->string() == "x\"\\\n\xc3\xa9\xf0\x9f\x98\x80");
    CHECK(std::get<bool>(v.get("t")->data));
    CHECK_FALSE(std::get<bool>(v.get("f")->data));
    CHECK(std::holds_alternative<std::nullptr_t>(v.get("n")->data));
    CHECK(v.get("o")->object()->empty());
    CHECK(v.get("missing") == nullptr);
    CHECK(json::find(v, {"o", "x"}) == nullptr);
  }

  TEST_CASE("json::parse rejects malformed text") {
    for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"abc", "{\"a\":1} x", "[1 2]",
                            "\"\\q\"", "-", "{1:2}"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(json::parse(bad), std::invalid_argument);
    }
  }

  // Excerpts of reports written by stress-ng 0.15.06, iperf3 3.12 and fio 3.33 when stopped with
  // SIGINT on Debian 12 (the shapes interferers.h documents).
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

  TEST_CASE("fio options: job options pass while paths and hooks are refused") {
    const auto args = fio_job_arguments({{"rw", "randwrite"},
                                         {"bs", "4k"},
                                         {"bssplit", "4k/50:64k/50"},
                                         {"direct", "1"},
                                         {"group_reporting", ""}});
    CHECK(args == std::vector<std::string>{"--bs=4k", "--bssplit=4k/50:64k/50", "--direct=1",
                                           "--group_reporting", "--rw=randwrite"});
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"filename", "x"},
                                                          {"directory", "/tmp"},
                                                          {"filename_format", "a"},
                                                          {"opendir", "d"},
                                                          {"exec_prerun", "rm"},
                                                          {"write_bw_log", "bw"},
                                                          {"runtime", "10"},
                                                          {"time_based", ""},
                                                          {"rw", "/dev/sda"},
                                                          {"ioengine", "external:/x.so"},
                                                          {"bs", "../x"},
                                                          {"size", "/a"},
                                                          {"--rw", "read"}}) {
      CAPTURE(key);
      CHECK_THROWS_AS(fio_job_arguments({{key, value}}), cudabench::UserError);
    }
  }
}
