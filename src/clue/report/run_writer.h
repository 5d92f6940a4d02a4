#pragma once
// Writes a run directory: <out>/results.json (scores, config, versions, hashes) and
// <out>/<task>/samples.jsonl (one line per sample). Files are written to a temporary name and
// renamed, so a crash never leaves a half-written result behind. The schema is in the README.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/runner/task_result.h"
#include "clue/stats/aggregate.h"
#include "clue/tasks/suite.h"
#include "clue/tasks/task_spec.h"

namespace clue::report {

struct RunInfo {
  std::string model;    // backend identity
  std::string profile;
  std::string suite;    // "" when tasks were picked one by one
  nlohmann::json config = nlohmann::json::object();
};

// One sample as a samples.jsonl line.
nlohmann::json SampleJson(const runner::TaskResult& task, const runner::SampleRecord& s);

void WriteSamples(const std::string& out_dir, const runner::TaskResult& task);

nlohmann::json TaskJson(const tasks::TaskSpec& spec, const runner::TaskResult& task,
                        const stats::TaskSummary& summary, const std::string& level);

nlohmann::json ResultsJson(const RunInfo& info, const nlohmann::json& tasks,
                           const std::vector<stats::LevelSummary>& levels);

// Writes text to path atomically (temporary file + rename), creating parent directories.
void WriteFileAtomic(const std::string& path, const std::string& text);

}  // namespace clue::report
