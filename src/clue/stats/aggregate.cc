#include "clue/stats/aggregate.h"

#include <algorithm>
#include <cmath>

#include "clue/runner/scorer.h"

namespace clue::stats {

TaskSummary SummarizeTask(const runner::TaskResult& result) {
  TaskSummary s;
  s.task = result.task;
  s.score_values = result.score_values;
  s.n = result.samples.size();
  for (const auto& sample : result.samples) {
    ++s.status_counts[std::string(runner::StatusName(sample.status))];
    if (runner::CountsTowardScores(sample.status)) ++s.n_counted;
  }
  for (const auto& block : result.metrics) {
    if (!block.computed) {
      s.values.push_back({"", block.name, false, NAN, block.not_computed_reason});
      continue;
    }
    std::vector<double> corpus(block.values.size());
    const std::vector<double> w = runner::RowWeights(result, block);
    block.impl->CorpusValues(block.stats.data(), block.rows.size(), w.data(), corpus.data());
    for (size_t v = 0; v < block.values.size(); ++v)
      s.values.push_back({block.values[v].name, block.name, true,
                          corpus[v] * block.values[v].to_percent, ""});
  }
  ComputeScore(s);
  return s;
}

void ComputeScore(TaskSummary& s) {
  double sum = 0;
  int n = 0;
  s.missing.clear();
  for (const auto& name : s.score_values) {
    auto it = std::find_if(s.values.begin(), s.values.end(),
                           [&](const ValueResult& v) { return v.computed && v.name == name; });
    if (it == s.values.end() || std::isnan(it->percent)) {
      s.missing.push_back(name);
    } else {
      sum += it->percent;
      ++n;
    }
  }
  s.partial = !s.missing.empty();
  s.score = n > 0 ? std::optional<double>(sum / n) : std::nullopt;
}

std::vector<LevelSummary> SummarizeLevels(const tasks::SuiteSpec& suite,
                                          const std::map<std::string, TaskSummary>& tasks) {
  std::vector<LevelSummary> out;
  for (const auto& level : suite.levels) {
    LevelSummary ls;
    ls.name = level.name;
    double level_sum = 0;
    bool complete = true;
    for (const auto& entry : level.entries) {
      EntrySummary es{entry.name, entry.tasks, std::nullopt, false};
      double sum = 0;
      bool entry_complete = true;
      for (const auto& t : entry.tasks) {
        auto it = tasks.find(t);
        if (it == tasks.end() || !it->second.score) {
          entry_complete = false;
          continue;
        }
        sum += *it->second.score;
        es.partial = es.partial || it->second.partial;
      }
      if (entry_complete) es.score = sum / entry.tasks.size();
      complete = complete && entry_complete;
      if (es.score) level_sum += *es.score;
      ls.partial = ls.partial || es.partial;
      ls.entries.push_back(std::move(es));
    }
    if (complete) ls.score = level_sum / level.entries.size();
    out.push_back(std::move(ls));
  }
  return out;
}

}  // namespace clue::stats
