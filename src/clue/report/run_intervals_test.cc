#include "clue/report/run_intervals.h"

#include <gtest/gtest.h>

#include "clue/stats/test_metrics.h"

namespace clue::report {
namespace {

TEST(RunIntervalsTest, AttachesCiToValuesScoresEntriesAndLevels) {
  stats::BootstrapOptions opt;
  opt.resamples = 200;
  std::map<std::string, stats::TaskIntervals> tasks;
  tasks["a"] = stats::ComputeTaskIntervals(stats::testing::MeanTask("a", {1, 0, 1, 1, 0, 1, 1, 1}), opt);
  tasks["b1"] = stats::ComputeTaskIntervals(stats::testing::MeanTask("b1", {1, 0, 0, 1, 0, 0}), opt);
  tasks["b2"] = stats::ComputeTaskIntervals(stats::testing::MeanTask("b2", {1, 1, 0, 1, 0, 0}), opt);
  nlohmann::json task = {{"values", {{"acc", {{"value", 75.0}}}}}, {"score", {{"value", 75.0}}}};
  AttachTaskIntervals(task, tasks["a"]);
  EXPECT_EQ(task["values"]["acc"]["ci"]["method"], "bca");
  EXPECT_EQ(task["score"]["ci"]["resamples"], 200);
  EXPECT_LE(task["score"]["ci"]["low"].get<double>(), 75.0);
  nlohmann::json results = {
      {"levels",
       {{"L2", {{"value", 60.0},
                {"entries", {{{"name", "a"}, {"tasks", {"a"}}}, {{"name", "B"}, {"tasks", {"b1", "b2"}}}}}}},
        {"L3", {{"value", nullptr}, {"entries", {{{"name", "c"}, {"tasks", {"c"}}}}}}}}}};
  AttachLevelIntervals(results, tasks, 0.95);
  EXPECT_TRUE(results["levels"]["L2"].contains("ci"));
  EXPECT_TRUE(results["levels"]["L2"]["entries"][1].contains("ci"));
  EXPECT_FALSE(results["levels"]["L2"]["entries"][0].contains("ci"));  // single task: see its score
  EXPECT_FALSE(results["levels"]["L3"].contains("ci"));                 // no score, no interval
}

}  // namespace
}  // namespace clue::report
