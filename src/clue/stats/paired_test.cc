#include "clue/stats/paired.h"

#include <cmath>

#include <gtest/gtest.h>

#include "clue/stats/test_metrics.h"

namespace clue::stats {
namespace {

using testing::MeanTask;

PairedOptions Fast() {
  PairedOptions o;
  o.boot.resamples = 500;
  o.permutations = 500;
  return o;
}

TEST(PairedTest, MismatchedIdsAreNamed) {
  auto a = MeanTask("t", {1, 0, 1});
  auto b = MeanTask("t", {1, 0, 1});
  b.samples[2].id = "other";
  try {
    AlignPair(a, b, ClusterOrSample);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "task t: sample ids differ: only in A (1): t-2; only in B (1): other");
  }
}

TEST(PairedTest, MatchesByIdNotOrderAndDropsErrorsFromBoth) {
  auto a = MeanTask("t", {1, 1, 0, 1});
  auto b = MeanTask("t", {0, 1, 0, 0});
  std::swap(b.samples[0], b.samples[3]);  // same ids, other order; rows still point at samples
  b.metrics[0].rows = {3, 1, 2, 0};
  b.samples[1].status = runner::Status::kError;  // t-1 dropped from both runs
  const auto t = ComparePairedTask(a, b, Fast());
  EXPECT_EQ(t.n, 3u);
  EXPECT_EQ(t.dropped, 1u);
  EXPECT_DOUBLE_EQ(t.score_a, 200.0 / 3);  // t-0, t-2, t-3 = 1, 0, 1
  EXPECT_DOUBLE_EQ(t.score_b, 0.0);
  EXPECT_TRUE(t.binary);
  EXPECT_EQ(t.a_only, 2);
  EXPECT_EQ(t.b_only, 0);
}

// The same hand-enumerated case as significance_test, through two runs: per-sample differences
// (1, 2, 3, -0.5) in value units are (100, 200, 300, -50) in percent; exact p = 4/16.
TEST(PairedTest, ExactPermutationThroughTwoRuns) {
  const auto t = ComparePairedTask(MeanTask("t", {1, 2, 3, 0}), MeanTask("t", {0, 0, 0, 0.5}), Fast());
  EXPECT_DOUBLE_EQ(t.exact_p, 0.25);
  EXPECT_DOUBLE_EQ(t.diff.estimate.back(), 137.5);
  EXPECT_FALSE(t.binary);
  // The Monte-Carlo null sees the same 16 patterns: its p is near 1/4.
  size_t hits = 0;
  for (double x : t.null_score) hits += std::fabs(x) >= 137.5 - 1e-9;
  EXPECT_NEAR(static_cast<double>(hits) / t.null_score.size(), 0.25, 0.07);
}

SuiteRun MakeRun(const std::string& label, double p1, double p2, int n) {
  SuiteRun r;
  r.label = label;
  auto make = [&](const std::string& name, double p, int offset) {
    std::vector<double> v;
    for (int i = 0; i < n; ++i) v.push_back(((i * 7 + offset) % 100) < p * 100 ? 1.0 : 0.0);
    r.tasks[name] = MeanTask(name, v);
  };
  make("nli", p1, 0);
  make("lh1", p2, 3);
  make("lh2", p2, 5);
  r.levels = {{"L1", {{"nli", {"nli"}}}}, {"L2", {{"LongHealth", {"lh1", "lh2"}}}}};
  return r;
}

TEST(PairedTest, CompareRunsGivesVerdictsPerEntryAndLevel) {
  const auto rc = CompareRuns(MakeRun("bio", 0.3, 0.5, 200), MakeRun("base", 0.8, 0.5, 200), Fast());
  ASSERT_EQ(rc.entries.size(), 2u);
  EXPECT_EQ(rc.entries[0].name, "nli");
  EXPECT_EQ(rc.entries[0].verdict, "worse");
  EXPECT_LT(rc.entries[0].diff, -40);
  EXPECT_LT(rc.entries[0].ci.bca.high, 0);
  EXPECT_LT(rc.entries[0].mcnemar_p_adj, 1e-6);
  EXPECT_EQ(rc.entries[1].name, "LongHealth");
  EXPECT_EQ(rc.entries[1].verdict, "no detectable difference");
  EXPECT_DOUBLE_EQ(rc.entries[1].diff, 0.0);
  ASSERT_EQ(rc.levels.size(), 2u);
  EXPECT_EQ(rc.levels[0].verdict, "worse");
  EXPECT_DOUBLE_EQ(rc.levels[0].diff, rc.entries[0].diff);
  EXPECT_EQ(rc.levels[1].verdict, "no detectable difference");
  EXPECT_TRUE(std::isnan(rc.levels[1].mcnemar_p));
}

TEST(PairedTest, MissingTaskIsReportedNotCompared) {
  auto b = MakeRun("base", 0.8, 0.5, 50);
  b.tasks.erase("lh2");
  const auto rc = CompareRuns(MakeRun("bio", 0.3, 0.5, 50), b, Fast());
  EXPECT_EQ(rc.entries[1].note, "not compared: lh2 (not in B)");
  EXPECT_EQ(rc.levels[1].verdict, "not compared");
}

}  // namespace
}  // namespace clue::stats
