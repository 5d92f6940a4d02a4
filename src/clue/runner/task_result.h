#pragma once
// What a task run produces: one record per sample and, per configured metric, its per-sample
// sufficient statistics. samples.jsonl and results.json are written from this; stats and
// comparisons (bootstrap, paired tests) read it back.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"
#include "clue/runner/status.h"

namespace clue::runner {

struct SampleRecord {
  std::string id;
  std::string cluster;      // resampling cluster (e.g. LongHealth question); empty = the sample itself
  std::string group;        // optional sub-task group (LongHealth "task1".."task3"); empty = none
  std::string prompt_hash;  // sha256 of the canonical rendered request
  std::string prediction;   // post-processed model output
  nlohmann::json answer;    // parsed answer; null when none
  nlohmann::json gold;
  Status status = Status::kScored;
  std::string finish_reason;
  int prompt_tokens = -1;
  int completion_tokens = -1;
  double latency_s = 0;
  bool cached = false;
  std::string error;        // for kError/kFiltered: why
  // Metric values keyed by value name (e.g. "rougeL_f"); absent when not computed or excluded.
  nlohmann::json values = nlohmann::json::object();
};

// One configured metric of a task, with everything needed to re-aggregate it.
struct MetricBlock {
  std::string name;                        // registry name, e.g. "rouge"
  std::vector<metrics::ValueSpec> values;  // what it reports
  bool computed = false;
  std::string not_computed_reason;
  std::shared_ptr<const metrics::Metric> impl;  // null when not computed
  size_t stat_count = 0;
  std::vector<double> stats;  // rows x stat_count, row-major
  std::vector<size_t> rows;   // rows[r] = index into TaskResult::samples of stats row r
};

struct TaskResult {
  std::string task;
  std::string level;                       // "1", "2" or "" (outside a suite level)
  std::vector<SampleRecord> samples;
  std::vector<MetricBlock> metrics;
  std::vector<std::string> score_values;   // value names averaged into the task score
  // CLUE's update_results bug counted the first evaluated sample twice in per-sample means.
  // True only when the user opts in (--legacy-double-count) and the task was affected.
  bool double_count_first = false;
  std::string task_hash;    // sha256 of the task definition under its profile
  std::string prompts_hash; // sha256 over every sample's prompt hash, in order
  std::string data_path;
};

}  // namespace clue::runner
