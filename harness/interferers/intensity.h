// The intensity an interferer achieved, read from the tool's own report (METHODOLOGY.md: a "no
// effect" result means nothing without proof that the load was there). Never estimated: when a
// report cannot be read the answer is "unknown" with the reason.
#pragma once

#include <string>
#include <string_view>

namespace cudabench::harness {

// Each throws std::invalid_argument saying what is missing or malformed.

// stress-ng --yaml: sum over stressors of bogo-ops-per-second-real-time (bogo-ops/s).
double stress_ng_bogo_ops_per_s(std::string_view yaml);

// iperf3 -J reports, in Gbit/s. What arrived is the honest figure: the server's
// end.sum_received. Without a server report, the client's end.sum_received; a client stopped by
// SIGINT never gets the server's figures and reports 0 there (iperf3 3.12), so then its
// end.sum_sent, which over loopback differs from what arrived only by what was in flight.
double iperf3_gbit_per_s(std::string_view server_json, std::string_view client_json);

// fio --output-format=json: sum over jobs of read.iops + write.iops. fio writes
// "fio: terminating on signal 2" into the --output file before the JSON when stopped by SIGINT,
// so the report starts at the first '{'.
double fio_iops(std::string_view fio_json);

}  // namespace cudabench::harness
