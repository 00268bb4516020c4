#include <doctest/doctest.h>

#include <unistd.h>

#include <stdexcept>

#include "common/cpu_list.h"

using namespace cudabench;

TEST_SUITE("unit") {
  TEST_CASE("parse_cpu_list reads ranges and singles") {
    CHECK(parse_cpu_list("0-3,8") == std::vector<int>{0, 1, 2, 3, 8});
    CHECK(parse_cpu_list(" 8 , 0 - 1 \n") == std::vector<int>{0, 1, 8});
    CHECK(parse_cpu_list("5") == std::vector<int>{5});
    CHECK(parse_cpu_list("2,1,2") == std::vector<int>{1, 2});
    CHECK(parse_cpu_list("").empty());
    CHECK(parse_cpu_list("4-4") == std::vector<int>{4});
  }

  TEST_CASE("parse_cpu_list rejects malformed lists with the reason") {
    auto message = [](const char* text) {
      try {
        parse_cpu_list(text);
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
      return std::string("accepted");
    };
    CHECK(message("3-1").find("decreases") != std::string::npos);
    CHECK(message("a").find("not a CPU number") != std::string::npos);
    CHECK(message("1,,2").find("empty element") != std::string::npos);
    CHECK(message("-1").find("not a CPU number") != std::string::npos);
    CHECK(message("1x").find("not a CPU number") != std::string::npos);
    CHECK(message("1-").find("not a CPU number") != std::string::npos);
    CHECK(message("1,").find("empty element") != std::string::npos);
    CHECK(message("+1").find("not a CPU number") != std::string::npos);
  }

  TEST_CASE("format_cpu_list compresses ranges") {
    CHECK(format_cpu_list({0, 1, 2, 3, 8}) == "0-3,8");
    CHECK(format_cpu_list({8, 0, 2, 1}) == "0-2,8");
    CHECK(format_cpu_list({1, 3, 5}) == "1,3,5");
    CHECK(format_cpu_list({}) == "");
    CHECK(format_cpu_list({7}) == "7");
    for (const char* text : {"0-3,8", "0,2-5,7-9,12"}) CHECK(format_cpu_list(parse_cpu_list(text)) == text);
  }

  TEST_CASE("CPU numbers are bounded before a range is expanded") {
    CHECK(parse_cpu_list("0-8191").size() == 8192);
    CHECK_THROWS_WITH_AS(parse_cpu_list("0-2147483647"), doctest::Contains("CPU 2147483647 is above 8191"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_cpu_list("8192"), doctest::Contains("above 8191"), std::invalid_argument);
    CHECK_THROWS_AS(parse_cpu_list("0-99999999999999"), std::invalid_argument);
  }

  TEST_CASE("online_cpus matches sysconf") {
    const auto cpus = online_cpus();
    REQUIRE(!cpus.empty());
    CHECK(static_cast<long>(cpus.size()) == sysconf(_SC_NPROCESSORS_ONLN));
  }
}
