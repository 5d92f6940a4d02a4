#pragma once
// Turns a model's raw output into the prediction that is scored, the parsed answer and the
// sample's status. Status precedence: error > filtered > truncated > refused > unparseable > scored.
#include <string>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"
#include "clue/runner/status.h"
#include "clue/tasks/task_spec.h"

namespace clue::runner {

struct Answer {
  std::string prediction;  // post-processed text
  nlohmann::json parsed;   // parsed answer; null when the parser found none
  Status status = Status::kScored;
  std::string error;
};

// Compiles a task's regexes once; reused for every sample of the task.
class AnswerParser {
 public:
  // Throws data::InputError (task file, field) for an invalid regex.
  explicit AnswerParser(const tasks::TaskSpec& task);
  ~AnswerParser();
  AnswerParser(const AnswerParser&) = delete;
  AnswerParser& operator=(const AnswerParser&) = delete;

  Answer Parse(const backends::GenerationResult& result) const;
  std::string PostProcess(const std::string& raw) const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace clue::runner
