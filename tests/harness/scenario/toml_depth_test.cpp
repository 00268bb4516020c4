// The TOML nesting pre-scan: deep text is refused at the right place; real scenarios pass.
#include <doctest/doctest.h>

#include <string>

#include "harness/scenario/toml_depth.h"

using cudabench::harness::toml_depth_excess;

TEST_SUITE("unit") {
  TEST_CASE("nesting is counted over dotted keys - headers - arrays and inline tables") {
    CHECK_FALSE(toml_depth_excess("[a.b]\nc.d = [[1, 2.5], {e.f = 3}]\n", 8));
    CHECK_FALSE(toml_depth_excess("x = 1.5\ny = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]\n", 2));
    CHECK_FALSE(toml_depth_excess("s = \"a.b.c.d.e.f.[[[[[\"\nt = '''\n[[[[[[\n'''\n# [[[[[[ a.b.c.d\n", 2));
    auto deep = toml_depth_excess("ok = 1\nx.a.a.a.a = 1\n", 3);
    REQUIRE(deep);
    CHECK(deep->line == 2);
    CHECK(deep->column == 8);
    auto arrays = toml_depth_excess("x = [[[[1]]]]\n", 3);
    REQUIRE(arrays);
    CHECK(arrays->column == 8);
    CHECK(toml_depth_excess("[a.b.c.d]\n", 3));
    CHECK(toml_depth_excess("t = {a = {b = {c = {d = 1}}}}\n", 3));
  }
}
