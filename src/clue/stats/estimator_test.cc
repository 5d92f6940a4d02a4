#include "clue/stats/estimator.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "clue/stats/bootstrap.h"
#include "clue/stats/test_metrics.h"

namespace clue::stats {
namespace {

using testing::Block;
using testing::MeanTask;
using testing::RatioMetric;

runner::TaskResult RatioTask() {
  runner::TaskResult t = MeanTask("gen", {1, 0, 1, 1, 0, 1});
  // (matches, total) per sample, like BLEU's n-gram counts.
  t.metrics.push_back(Block(std::make_shared<RatioMetric>(), "ratio",
                            {3, 4, 1, 5, 2, 2, 0, 3, 4, 6, 1, 1}));
  t.score_values = {"acc", "ratio"};
  return t;
}

TEST(EstimatorTest, DetectsLinearAndCorpusMetrics) {
  EXPECT_TRUE(TaskEstimator(MeanTask("t", {1, 0, 1})).all_linear());
  EXPECT_FALSE(TaskEstimator(RatioTask()).all_linear());
}

TEST(EstimatorTest, WeightsEqualRecomputationOnExplicitResample) {
  const auto task = RatioTask();
  TaskEstimator est(task, SampleOnly);
  const std::vector<double> counts = {2, 0, 1, 3, 0, 0};
  std::vector<double> out(est.outputs()), scratch;
  est.Evaluate(counts.data(), out.data(), scratch);
  // The explicit resample: sample 0 twice, sample 2 once, sample 3 three times, stats copied.
  std::vector<double> copied, acc;
  for (size_t i = 0; i < counts.size(); ++i)
    for (int k = 0; k < counts[i]; ++k) {
      copied.insert(copied.end(), {task.metrics[1].stats[2 * i], task.metrics[1].stats[2 * i + 1]});
      acc.push_back(task.metrics[0].stats[i]);
    }
  double ratio;
  RatioMetric().CorpusValues(copied.data(), copied.size() / 2, nullptr, &ratio);
  // By hand: (2*3 + 2 + 3*0) / (2*4 + 2 + 3*3) = 8/19; acc = (2*1 + 1 + 3*1)/6 = 1.
  EXPECT_DOUBLE_EQ(ratio, 8.0 / 19.0);
  EXPECT_DOUBLE_EQ(out[0], 100.0);
  EXPECT_DOUBLE_EQ(out[1], 100.0 * 8.0 / 19.0);
  EXPECT_DOUBLE_EQ(out[2], (100.0 + 100.0 * 8.0 / 19.0) / 2);
  EXPECT_EQ(est.output_names(), (std::vector<std::string>{"acc", "ratio", "score"}));
}

TEST(EstimatorTest, ErrorSamplesAreExcluded) {
  auto task = MeanTask("t", {1, 0, 0, 1});
  task.samples[1].status = runner::Status::kError;
  TaskEstimator est(task);
  std::vector<double> out(est.outputs()), scratch;
  est.Evaluate(nullptr, out.data(), scratch);
  EXPECT_EQ(est.clusters(), 3u);
  EXPECT_DOUBLE_EQ(out[0], 200.0 / 3);  // (1 + 0 + 1) / 3
}

TEST(EstimatorTest, ClusterResamplingKeepsClustersTogether) {
  // Clusters a, b, c of sizes 1, 2, 3 whose values sum to 0, 2 and 1.
  const std::vector<double> v = {0, 1, 1, 1, 0, 0};
  const std::vector<std::string> c = {"a", "b", "b", "c", "c", "c"};
  auto task = MeanTask("t", v, c);
  // Every multiset (ka, kb, kc) of 3 clusters gives mean (2 kb + kc) / (ka + 2 kb + 3 kc).
  std::set<long> allowed;
  for (int ka = 0; ka <= 3; ++ka)
    for (int kb = 0; ka + kb <= 3; ++kb) {
      const int kc = 3 - ka - kb;
      allowed.insert(std::lround(1e9 * 100.0 * (2 * kb + kc) / (ka + 2 * kb + 3 * kc)));
    }
  BootstrapOptions opt;
  opt.resamples = 300;
  auto clustered = BootstrapEstimator(TaskEstimator(task), "t", opt);
  EXPECT_EQ(clustered.clusters, 3u);
  for (double x : clustered.Column(0)) EXPECT_TRUE(allowed.count(std::lround(1e9 * x))) << x;
  auto samplewise = BootstrapEstimator(TaskEstimator(task, SampleOnly), "t", opt);
  EXPECT_EQ(samplewise.clusters, 6u);
  bool outside = false;
  for (double x : samplewise.Column(0)) outside |= !allowed.count(std::lround(1e9 * x));
  EXPECT_TRUE(outside);
}

TEST(EstimatorTest, JackknifeLeavesOneClusterOut) {
  auto task = MeanTask("t", {1, 0, 1, 1}, {"a", "a", "b", "c"});
  std::vector<double> jack;
  TaskEstimator(task).Jackknife(jack);
  ASSERT_EQ(jack.size(), 3u * 2);
  EXPECT_DOUBLE_EQ(jack[0], 100.0);        // without a: {1, 1}
  EXPECT_DOUBLE_EQ(jack[2], 200.0 / 3);    // without b: {1, 0, 1}
  EXPECT_DOUBLE_EQ(jack[4], 200.0 / 3);    // without c
  // The generic path (corpus metric present) gives the same leave-one-out ratio values.
  auto rt = RatioTask();
  std::vector<double> rj;
  TaskEstimator(rt, SampleOnly).Jackknife(rj);
  // Without sample 0: (1 + 2 + 0 + 4 + 1) / (5 + 2 + 3 + 6 + 1) = 8/17.
  EXPECT_DOUBLE_EQ(rj[1], 800.0 / 17);
}

}  // namespace
}  // namespace clue::stats

namespace clue::stats {
namespace {

TEST(EstimatorTest, DirectDrawsEqualMultiplicityWeights) {
  auto task = testing::MeanTask("t", {1, 0, 0.5, 1, 0, 1, 0.25}, {"a", "a", "b", "c", "d", "d", "e"});
  task.metrics.push_back(testing::Block(std::make_shared<testing::MeanMetric>("other"), "m2",
                                        {3, 1, 4, 1, 5, 9, 2}));
  task.score_values = {"acc", "other"};
  TaskEstimator est(task);
  std::vector<double> direct(est.outputs()), weighted(est.outputs()), counts(est.clusters()), scratch;
  for (uint64_t seed = 1; seed < 20; ++seed) {
    Rng r1(seed), r2(seed);
    ASSERT_TRUE(est.EvaluateResample(r1, direct.data(), scratch));
    std::fill(counts.begin(), counts.end(), 0.0);
    DrawMultiplicities(r2, counts.size(), counts.data());
    est.Evaluate(counts.data(), weighted.data(), scratch);
    for (size_t o = 0; o < est.outputs(); ++o) EXPECT_NEAR(direct[o], weighted[o], 1e-9);
  }
}

}  // namespace
}  // namespace clue::stats

namespace clue::stats {
namespace {

TEST(EstimatorTest, LegacyDoubleCountWeighsTheFirstRowTwiceLikeTheScorer) {
  auto task = RatioTask();
  task.double_count_first = true;
  TaskEstimator est(task, SampleOnly);
  ASSERT_EQ(est.output_names(), (std::vector<std::string>{"acc", "ratio", "score"}));
  std::vector<double> out(est.outputs()), scratch;
  est.Evaluate(nullptr, out.data(), scratch);
  // acc: (2*1 + 0 + 1 + 1 + 0 + 1) / 7; ratio: (2*3 + 1 + 2 + 0 + 4 + 1) / (2*4 + 5 + 2 + 3 + 6 + 1).
  EXPECT_DOUBLE_EQ(out[0], 500.0 / 7);
  EXPECT_DOUBLE_EQ(out[1], 56.0);
  std::vector<double> jack;
  est.Jackknife(jack);
  // Without sample 0 the double weight goes with it: acc 3/5, ratio 8/17.
  EXPECT_DOUBLE_EQ(jack[0], 60.0);
  EXPECT_DOUBLE_EQ(jack[1], 800.0 / 17);
  // Without sample 1 (acc 0, ratio 1/5): acc 5/6, ratio (6+2+0+4+1)/(8+2+3+6+1) = 13/20.
  EXPECT_DOUBLE_EQ(jack[3], 500.0 / 6);
  EXPECT_DOUBLE_EQ(jack[4], 65.0);
  // The linear fast path agrees: a mean-only task, estimate (2*1 + 0 + 0) / 4.
  auto mean = testing::MeanTask("m", {1, 0, 0});
  mean.double_count_first = true;
  TaskEstimator me(mean, SampleOnly);
  std::vector<double> mo(me.outputs());
  me.Evaluate(nullptr, mo.data(), scratch);
  EXPECT_DOUBLE_EQ(mo[0], 50.0);
}

}  // namespace
}  // namespace clue::stats
