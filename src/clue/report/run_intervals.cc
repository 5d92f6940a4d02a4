#include "clue/report/run_intervals.h"

#include <cmath>
#include <stdexcept>

namespace clue::report {

using nlohmann::json;

void AttachTaskIntervals(json& task_json, const stats::TaskIntervals& ti) {
  if (task_json.contains("values") && task_json["values"].is_object())
    for (const auto& v : ti.values)
      if (task_json["values"].contains(v.name) && std::isfinite(v.estimate))
        task_json["values"][v.name]["ci"] = stats::CiJson(v);
  if (task_json.contains("score") && task_json["score"].is_object() && std::isfinite(ti.score.estimate))
    task_json["score"]["ci"] = stats::CiJson(ti.score);
}

void AttachLevelIntervals(json& results, const std::map<std::string, stats::TaskIntervals>& tasks,
                          double level) {
  if (!results.contains("levels") || !results["levels"].is_object()) return;
  std::map<std::string, const stats::Replicates*> reps;
  for (const auto& [name, ti] : tasks)
    if (std::isfinite(ti.score.estimate)) reps[name] = &ti.replicates;
  for (auto& [name, lj] : results["levels"].items()) {
    if (!lj.contains("entries") || !lj["entries"].is_array()) continue;
    std::vector<stats::LevelEntry> entries;
    for (auto& e : lj["entries"]) {
      stats::LevelEntry le{e.value("name", ""), e.value("tasks", std::vector<std::string>{})};
      entries.push_back(le);
      try {
        if (le.tasks.size() > 1) e["ci"] = stats::CiJson(stats::CombineScores(le.name, {le}, reps, level));
      } catch (const std::invalid_argument&) {
        // A task without a score: the entry has no score and no interval.
      }
    }
    try {
      if (lj.contains("value") && lj["value"].is_number())
        lj["ci"] = stats::CiJson(stats::CombineScores(name, entries, reps, level));
    } catch (const std::invalid_argument&) {
    }
  }
}

}  // namespace clue::report
