// The advice (advice.h), right after the headline: what the figures mean for the user.
#include "results/report/sections.h"

namespace cudabench::results::report {

Section advice_section(const Report& r) {
  Section s{"advice", "Advice (derived from the figures in this report)", {}, Json::array()};
  Bullets list{{}, "nothing to add"};
  for (const auto& a : r.advice) {
    list.items.push_back({a.topic, a.finding, a.action});
    s.json.push_back(Json{{"topic", a.topic}, {"finding", a.finding}, {"action", a.action}});
  }
  s.blocks.push_back(std::move(list));
  return s;
}

}  // namespace cudabench::results::report
