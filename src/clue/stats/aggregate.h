#pragma once
// CLUE's aggregation: a task score is the unweighted mean of its score values (in percent); a
// suite entry that groups tasks (LongHealth) is the mean of its tasks' scores; a level is the mean
// of its entries. A value that was not computed is never replaced by 0: the score is then
// "partial" (the mean of what was computed, flagged) or absent.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clue/runner/task_result.h"
#include "clue/tasks/suite.h"

namespace clue::stats {

struct ValueResult {
  std::string name;
  std::string metric;        // the metric that reports it
  bool computed = false;
  double percent = 0;        // corpus value on CLUE's 0-100 scale (NaN when no sample counted)
  std::string reason;        // why not computed
};

struct TaskSummary {
  std::string task;
  std::vector<ValueResult> values;
  std::vector<std::string> score_values;
  std::optional<double> score;     // percent
  bool partial = false;            // some score values were not computed
  std::vector<std::string> missing;
  std::map<std::string, size_t> status_counts;
  size_t n = 0;         // samples
  size_t n_counted = 0; // samples that take part in scores (not error/filtered)
};

struct EntrySummary {
  std::string name;
  std::vector<std::string> tasks;
  std::optional<double> score;
  bool partial = false;
};

struct LevelSummary {
  std::string name;
  std::vector<EntrySummary> entries;
  std::optional<double> score;
  bool partial = false;
};

// Corpus values of every metric of a run task, and its score.
TaskSummary SummarizeTask(const runner::TaskResult& result);

// Score from already-computed values (used for runs and for published tables alike).
void ComputeScore(TaskSummary& summary);

// Levels of a suite from task summaries; a level with a task that has no summary or no score
// has no score.
std::vector<LevelSummary> SummarizeLevels(const tasks::SuiteSpec& suite,
                                          const std::map<std::string, TaskSummary>& tasks);

}  // namespace clue::stats
