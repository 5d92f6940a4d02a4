#pragma once
// Runs one task end to end: build instances, ask the backend, parse answers, score.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "clue/backends/backend.h"
#include "clue/metrics/metric.h"
#include "clue/runner/instances.h"
#include "clue/runner/task_result.h"
#include "clue/tasks/task_spec.h"

namespace clue::runner {

struct RunOptions {
  std::vector<std::string> data_dirs;               // searched in order for a task's data path
  std::map<std::string, std::string> data_overrides;  // task name -> explicit data file
  size_t limit = 0;                                  // samples per task (0 = all)
  bool legacy_double_count = false;
  std::optional<double> temperature;                 // overrides every task's temperature
  int repeats = 1;                                   // generations per sample (sampled decoding)
  metrics::MetricContext metric_ctx;
  // Called once per finished generation, for progress displays.
  std::function<void(const backends::GenerationResult&)> on_generation;
};

// The data file a task reads: its override, else the first data dir holding its relative path.
// Throws data::InputError naming every path it tried.
std::string ResolveDataPath(const tasks::TaskSpec& task, const RunOptions& opts);

// The request the backend receives for one instance.
backends::GenerationRequest MakeRequest(const tasks::TaskSpec& task, const Instance& inst,
                                        const RunOptions& opts, int repeat);

// sha256 of a request's model-visible content (messages or prompt, prefix, decoding settings).
std::string RequestHash(const backends::GenerationRequest& request);

TaskResult RunTask(const tasks::TaskSpec& task, backends::Backend& backend,
                   const RunOptions& opts);

}  // namespace clue::runner
