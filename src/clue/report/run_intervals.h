#pragma once
// Puts bootstrap confidence intervals into a results.json document as it is written:
//   tasks.<t>.values.<v>.ci, tasks.<t>.score.ci, levels.<L>.ci, levels.<L>.entries[i].ci
// each {"low","high","method","level","resamples","percentile":{"low","high"}} (stats::CiJson).
// Level and grouped-entry intervals are stratified by task (stats::CombineScores).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "clue/stats/bootstrap.h"

namespace clue::report {

// Adds "ci" to each value of task_json["values"] that the intervals cover, and to its score.
void AttachTaskIntervals(nlohmann::json& task_json, const stats::TaskIntervals& ti);

// Adds "ci" to every level and every entry of results["levels"] whose tasks all have intervals.
void AttachLevelIntervals(nlohmann::json& results, const std::map<std::string, stats::TaskIntervals>& tasks,
                          double level);

}  // namespace clue::report
