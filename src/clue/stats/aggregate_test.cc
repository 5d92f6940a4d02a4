#include "clue/stats/aggregate.h"

#include <cmath>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/tasks/task_spec.h"

namespace clue::stats {
namespace {

// data/published/clue-2024-website.json holds the per-metric values CLUE's website publishes for
// 25 models (plus the Mixtral-8x7B base, which has no published average) and the site's own L1/L2.
// Feeding the per-metric numbers through the real suite file and task score lists must give back
// every published level score to 0.01 (the site rounds to 2 decimals).
TEST(PublishedTable, ReproducesEveryLevelScore) {
  std::ifstream f("data/published/clue-2024-website.json");
  ASSERT_TRUE(f.good());
  const nlohmann::json doc = nlohmann::json::parse(f);
  const auto catalog = tasks::TaskCatalog::Default("");
  const tasks::SuiteSpec suite = tasks::LoadSuiteFile(catalog.SuitePath("clue"));
  std::map<std::string, std::vector<std::string>> score_values;
  for (const auto& t : suite.AllTasks())
    score_values[t] = tasks::LoadTaskFile(catalog.TaskPath(t), "clue-2024").score_values;

  int checked = 0;
  for (const auto& model : doc["models"]) {
    std::map<std::string, TaskSummary> summaries;
    for (const auto& [task, values] : model["tasks"].items()) {
      TaskSummary s;
      s.task = task;
      s.score_values = score_values.at(task);
      for (const auto& [name, v] : values.items()) s.values.push_back({name, "", true, v.get<double>(), ""});
      ComputeScore(s);
      ASSERT_FALSE(s.partial) << model["model"] << " " << task;
      summaries[task] = s;
    }
    const auto levels = SummarizeLevels(suite, summaries);
    ASSERT_EQ(levels.size(), 2u);
    for (const auto& level : levels) {
      const auto& published = model["published"];
      if (!published.contains(level.name)) {
        // No published number: a level is only scored when all its tasks are present.
        if (level.name == "L2") EXPECT_FALSE(level.score.has_value()) << model["model"];
        continue;
      }
      ASSERT_TRUE(level.score.has_value()) << model["model"] << " " << level.name;
      EXPECT_NEAR(*level.score, published[level.name].get<double>(), 0.005 + 1e-9)
          << model["model"] << " " << level.name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 25 + 18);  // 25 L1 values and the 18 models with a long enough context for L2
}

TEST(ComputeScore, MissingValueMakesThePartialMeanOfTheRest) {
  TaskSummary s;
  s.score_values = {"a", "b", "c"};
  s.values = {{"a", "m", true, 30.0, ""}, {"c", "m", true, 60.0, ""}};
  ComputeScore(s);
  ASSERT_TRUE(s.score.has_value());
  EXPECT_DOUBLE_EQ(*s.score, 45.0);  // (30 + 60) / 2, never (30 + 0 + 60) / 3
  EXPECT_TRUE(s.partial);
  EXPECT_EQ(s.missing, std::vector<std::string>{"b"});
}

TEST(ComputeScore, NothingComputedMeansNoScore) {
  TaskSummary s;
  s.score_values = {"a"};
  ComputeScore(s);
  EXPECT_FALSE(s.score.has_value());
}

TEST(SummarizeLevels, GroupEntryIsTheMeanOfItsTasks) {
  tasks::SuiteSpec suite;
  suite.levels = {{"L2", {{"longhealth", {"t1", "t2", "t3"}}, {"qa", {"qa"}}}}};
  std::map<std::string, TaskSummary> m;
  for (auto [name, v] : std::vector<std::pair<std::string, double>>{
           {"t1", 81.65}, {"t2", 77.9}, {"t3", 91.7}, {"qa", 33.33}}) {
    m[name].score = v;
  }
  const auto levels = SummarizeLevels(suite, m);
  // LongHealth = (81.65 + 77.9 + 91.7) / 3 = 83.75; L2 = (83.75 + 33.33) / 2 = 58.54.
  EXPECT_NEAR(*levels[0].entries[0].score, 83.75, 1e-9);
  EXPECT_NEAR(*levels[0].score, 58.54, 1e-9);
  m.erase("qa");
  EXPECT_FALSE(SummarizeLevels(suite, m)[0].score.has_value());
}

}  // namespace
}  // namespace clue::stats
