#pragma once
// Builds a task's evaluation instances from its data file: few-shot selection (file order or
// CPython's seeded shuffle), per-sample prompts, gold answers and resampling clusters.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"
#include "clue/tasks/prompt.h"
#include "clue/tasks/task_spec.h"

namespace clue::runner {

struct Instance {
  std::string id;
  std::string cluster;  // resampling cluster; "" = the sample itself
  std::string group;
  int line = 0;         // line of the data row, for messages
  nlohmann::json fields;
  tasks::RenderedPrompt prompt;
  nlohmann::json gold;
  std::vector<std::string> references;  // gold as text, for text metrics
};

struct TaskInstances {
  std::string data_path;
  std::vector<nlohmann::json> shots;  // the rows used as shots, in prompt order
  std::vector<Instance> items;
  size_t available = 0;  // instances before --limit
};

// tokenizer: for token budgets (LongHealth); the whitespace approximation when null.
// limit: keep the first `limit` instances (0 = all).
TaskInstances BuildInstances(const tasks::TaskSpec& task, const std::string& data_path,
                             backends::Tokenizer* tokenizer, size_t limit);

// Gold as reference text(s): a string, or a list of strings (multi-reference).
std::vector<std::string> ReferencesOf(const nlohmann::json& gold);

}  // namespace clue::runner
