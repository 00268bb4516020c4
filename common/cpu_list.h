// CPU lists in the kernel's format ("0-3,8"), as in /sys/devices/system/cpu/online and
// /proc/irq/N/smp_affinity_list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cudabench {

// The largest CPU number a list may name: Linux's NR_CPUS is at most 8192.
inline constexpr int max_cpu_number = 8191;

// Sorted, without duplicates; CPU numbers above max_cpu_number are refused before any range is
// expanded, so a list costs at most 8192 entries. Throws std::invalid_argument naming what is wrong ("3-1:
// range decreases", "1,,2: empty element") for anything that is not a list of CPU numbers and ranges.
std::vector<int> parse_cpu_list(std::string_view text);

// The shortest form: {0,1,2,3,8} -> "0-3,8"; {} -> "".
std::string format_cpu_list(const std::vector<int>& cpus);

// Every CPU of `lists`, sorted, without duplicates.
std::vector<int> cpu_union(const std::vector<std::vector<int>>& lists);

// /sys/devices/system/cpu/online; throws RunError when it cannot be read.
std::vector<int> online_cpus();

}  // namespace cudabench
