#include "results/report/json_doc.h"

namespace cudabench::results::report {

Json interval_json(const stats::Interval& i) {
  return Json{{"estimate", i.estimate}, {"lo", i.lo}, {"hi", i.hi}, {"n", i.n}};
}

Json interval_json(const std::optional<stats::Interval>& i) {
  return i ? interval_json(*i) : Json(nullptr);
}

void write_json(const Json& doc, std::ostream& out) {
  out << doc.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace cudabench::results::report
