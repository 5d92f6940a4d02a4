#pragma once
// Reads a run directory written by `clue run` (results.json + <task>/samples.jsonl) back into
// TaskResults, so runs can be compared and planned from without re-scoring any text.
//
// Per-sample sufficient statistics come from a sample's "stats" entry (corpus metrics such as
// BLEU/chrF) or else from its raw "values" (metrics whose stats are their values). Metrics are
// re-created from results.json's metric list through the registry; a metric this build cannot
// create (unknown here, or its model missing) is re-aggregated as a mean of its per-sample values,
// which is exact for every metric whose stats are its values.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"
#include "clue/stats/paired.h"

namespace clue::report {

struct LoadedRun {
  std::string dir;
  std::string model, profile, suite;
  nlohmann::json results;  // results.json as read
  stats::SuiteRun run;     // tasks and levels; run.label = model (or dir when no model)
};

// Throws data::InputError naming file, line and field for anything malformed.
LoadedRun LoadRun(const std::string& dir, const metrics::MetricContext& ctx = {});

}  // namespace clue::report
