#pragma once
// Runs a task's metrics over its samples. A metric that cannot run here (no model, no
// dictionary) is recorded as not computed; a metric that fails on one sample turns that sample
// into an error, excluded from every metric, never a zero.
#include "clue/metrics/metric.h"
#include "clue/runner/task_result.h"
#include "clue/tasks/task_spec.h"

namespace clue::runner {

// Fills result.metrics (and each sample's values) from result.samples.
void ScoreTask(const tasks::TaskSpec& task, const metrics::MetricContext& ctx, TaskResult& result);

// Per-sample weights for corpus values: 1 each, or 2 for the first row when the legacy double
// count is on.
std::vector<double> RowWeights(const TaskResult& result, const MetricBlock& block);

}  // namespace clue::runner
