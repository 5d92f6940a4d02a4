#include "clue/report/run_reader.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"
#include "clue/report/test_runs.h"
#include "clue/stats/estimator.h"

namespace clue::report {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("clue_run_reader_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

TEST(RunReaderTest, ReadsTasksValuesClustersAndLevels) {
  const auto dir = TempDir("ok");
  testing::WriteRun(dir, "model-a", 0.7, 0.4, 20);
  const auto run = LoadRun(dir.string());
  EXPECT_EQ(run.model, "model-a");
  EXPECT_EQ(run.run.label, "model-a");
  ASSERT_EQ(run.run.tasks.size(), 5u);
  const auto& lh = run.run.tasks.at("longhealth_task2");
  EXPECT_EQ(lh.samples.size(), 20u);
  EXPECT_EQ(lh.samples[7].cluster, "q1");
  stats::TaskEstimator est(lh);
  EXPECT_EQ(est.clusters(), 4u);
  // meqsum: precision is not a score value; the error sample is excluded.
  const auto& mq = run.run.tasks.at("meqsum");
  EXPECT_EQ(mq.score_values, (std::vector<std::string>{"rouge1_f", "rouge2_f"}));
  ASSERT_EQ(mq.metrics.size(), 1u);
  EXPECT_EQ(mq.metrics[0].rows.size(), 19u);
  EXPECT_DOUBLE_EQ(mq.metrics[0].values[0].to_percent, 100.0);
  ASSERT_EQ(run.run.levels.size(), 2u);
  EXPECT_EQ(run.run.levels[1].name, "L2");
  ASSERT_EQ(run.run.levels[1].entries.size(), 1u);
  EXPECT_EQ(run.run.levels[1].entries[0].name, "LongHealth");
  EXPECT_EQ(run.run.levels[1].entries[0].tasks,
            (std::vector<std::string>{"longhealth_task1", "longhealth_task2", "longhealth_task3"}));
  fs::remove_all(dir);
}

TEST(RunReaderTest, BadStatusNamesFileLineAndField) {
  const auto dir = TempDir("bad");
  testing::WriteRun(dir, "m", 0.5, 0.5, 5);
  std::ofstream(dir / "mednli" / "samples.jsonl", std::ios::app)
      << R"({"id":"x","status":"exploded","values":{}})" << "\n";
  try {
    LoadRun(dir.string());
    FAIL() << "no error";
  } catch (const data::InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "mednli" / "samples.jsonl").string() +
                                         ":6: status: unknown status 'exploded'");
  }
  fs::remove_all(dir);
}

TEST(RunReaderTest, CorpusStatsOfAnUnavailableMetricAreAnError) {
  const auto dir = TempDir("stats");
  testing::WriteRun(dir, "m", 0.5, 0.5, 5);
  std::ofstream(dir / "mednli" / "samples.jsonl", std::ios::app)
      << R"({"id":"x","status":"scored","values":{"accuracy":1},"stats":{"accuracy":[1,2]}})" << "\n";
  EXPECT_THROW(LoadRun(dir.string()), data::InputError);
  fs::remove_all(dir);
}

TEST(RunReaderTest, MissingResultsIsAnError) {
  EXPECT_THROW(LoadRun("/nonexistent/run"), data::InputError);
}

}  // namespace
}  // namespace clue::report
