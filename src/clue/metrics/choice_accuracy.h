#pragma once
// Multiple-choice accuracy (LongHealth and other MCQ tasks): 1 iff the parsed answer equals the
// gold answer exactly. The answer parser has already run (LongHealth: `The correct answer is
// (\w):`, first match); a null answer means nothing was parsed and scores 0, as in CLUE.
#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Values: ACCURACY (to_percent 100). Answer: *in.answer, string or null. Gold: *in.gold, string.
MetricOrReason MakeChoiceAccuracy(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
