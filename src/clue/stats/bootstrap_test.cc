#include "clue/stats/bootstrap.h"

#include <cmath>

#include <gtest/gtest.h>

#include "clue/stats/resample.h"
#include "clue/stats/test_metrics.h"

namespace clue::stats {
namespace {

using testing::MeanTask;

// numpy: np.percentile([1, 2, 4, 8, 16], [10, 50, 95]) = [1.4, 4.0, 14.4]
TEST(BootstrapTest, QuantileIsNumpyLinear) {
  const std::vector<double> v = {1, 2, 4, 8, 16};
  EXPECT_DOUBLE_EQ(Quantile(v, 0.10), 1.4);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.50), 4.0);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.95), 14.4);
}

// Efron & Tibshirani's law school data (Table 3.1, 15 schools): the jackknife of the LSAT/GPA
// correlation. Expected values:
// /usr/bin/python3 -c "import numpy as np; l=[576,635,558,578,666,580,555,661,651,605,653,575,545,
//   572,594]; g=[3.39,3.30,2.81,3.03,3.44,3.07,3.00,3.43,3.36,3.13,3.12,2.74,2.76,2.88,2.96];
//   j=[np.corrcoef(np.delete(l,i),np.delete(g,i))[0,1] for i in range(15)]; d=np.mean(j)-np.array(j);
//   print(list(j), (d**3).sum()/(6*((d**2).sum())**1.5))"
const std::vector<double> kLawJackknife = {
    0.8929471456667631, 0.7637068434094212, 0.7549983675356089, 0.7760967666513761,
    0.7313196657457859, 0.7799686664769913, 0.7845359756572688, 0.736161825181426,
    0.751739079510075,  0.7761230992718563, 0.818100708101473,  0.7857184432079274,
    0.7403508946006144, 0.7670413407553447, 0.7798725228771136};

TEST(BootstrapTest, AccelerationOfLawSchoolCorrelation) {
  EXPECT_NEAR(Acceleration(kLawJackknife), -0.07567156493787919, 1e-14);
}

// BCa endpoints for fixed replicates r_i = (i*i mod 997)/997, i = 1..300, estimate 0.45 and the
// law-school jackknife, computed independently with Python's statistics.NormalDist and numpy:
//   reps=np.array([(i*i%997)/997 for i in range(1,301)]); est=0.45
//   z0=N.inv_cdf((np.sum(reps<est)+np.sum(reps<=est))/600)
//   adj=lambda q: N.cdf(z0+(z0+N.inv_cdf(q))/(1-a*(z0+N.inv_cdf(q))))
//   np.percentile(reps,100*adj(.025)), np.percentile(reps,100*adj(.975)), np.percentile(reps,[2.5,97.5])
TEST(BootstrapTest, BcaMatchesIndependentComputation) {
  std::vector<double> reps;
  for (int i = 1; i <= 300; ++i) reps.push_back(static_cast<double>(i * i % 997) / 997.0);
  const Interval bca = BcaInterval(reps, 0.45, kLawJackknife, 0.95);
  EXPECT_EQ(bca.method, "bca");
  EXPECT_NEAR(bca.low, 0.009342739609352476, 1e-12);
  EXPECT_NEAR(bca.high, 0.9477219926936953, 1e-12);
  const Interval pct = PercentileInterval(reps, 0.95);
  EXPECT_NEAR(pct.low, 0.028510531594784352, 1e-12);
  EXPECT_NEAR(pct.high, 0.9739719157472416, 1e-12);
}

TEST(BootstrapTest, BcaFallsBackToPercentileWhenAllReplicatesOnOneSide) {
  const Interval i = BcaInterval({1, 2, 3}, 0.5, {}, 0.9);
  EXPECT_EQ(i.method, "percentile");
  EXPECT_DOUBLE_EQ(i.low, 1.1);  // np.percentile([1,2,3], 5)
}

// A seeded simulation: the mean of 60 draws from N(10, 2^2), 200 repetitions, B = 1000. The
// nominal coverage is 0.95; with 200 repetitions the binomial sd is 0.015, so [0.90, 0.99] is a
// ~3 sd band (the percentile interval of a mean runs slightly narrow, ~0.94, at n = 60).
TEST(BootstrapTest, NinetyFivePercentIntervalsCoverNinetyFivePercent) {
  Rng rng(42);
  int covered_bca = 0, covered_pct = 0;
  const int reps = 200;
  BootstrapOptions opt;
  opt.resamples = 1000;
  for (int r = 0; r < reps; ++r) {
    std::vector<double> x;
    for (int i = 0; i < 30; ++i) {  // Box-Muller: two normals per pair of uniforms
      const double u1 = 1 - rng.Uniform(), u2 = rng.Uniform();
      const double rad = std::sqrt(-2 * std::log(u1));
      x.push_back((10 + 2 * rad * std::cos(2 * M_PI * u2)) / 100);
      x.push_back((10 + 2 * rad * std::sin(2 * M_PI * u2)) / 100);
    }
    opt.seed = static_cast<uint64_t>(r + 1);
    const auto ti = ComputeTaskIntervals(MeanTask("sim", x), opt);
    const auto& acc = ti.values.at(0);
    covered_bca += acc.bca.low <= 10 && 10 <= acc.bca.high;
    covered_pct += acc.percentile.low <= 10 && 10 <= acc.percentile.high;
  }
  EXPECT_GE(covered_bca, 180);
  EXPECT_LE(covered_bca, 198);
  EXPECT_GE(covered_pct, 180);
  EXPECT_LE(covered_pct, 198);
}

TEST(BootstrapTest, ReproducibleAcrossThreadCountsAndSeedSensitive) {
  const auto task = MeanTask("t", {1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1});
  BootstrapOptions one;
  one.threads = 1;
  one.resamples = 400;
  BootstrapOptions two = one;
  two.threads = 2;
  const auto a = ComputeTaskIntervals(task, one), b = ComputeTaskIntervals(task, two);
  EXPECT_EQ(a.replicates.values, b.replicates.values);
  EXPECT_DOUBLE_EQ(a.score.bca.low, b.score.bca.low);
  two.seed = 99;
  EXPECT_NE(ComputeTaskIntervals(task, two).replicates.values, a.replicates.values);
  EXPECT_DOUBLE_EQ(a.score.estimate, 65.0);
  EXPECT_LT(a.score.bca.low, 65.0);
  EXPECT_GT(a.score.bca.high, 65.0);
}

TEST(BootstrapTest, LevelIsStratifiedMeanOfEntries) {
  BootstrapOptions opt;
  opt.resamples = 200;
  std::map<std::string, TaskIntervals> tasks;
  tasks["a"] = ComputeTaskIntervals(MeanTask("a", {1, 1, 0, 1}), opt);   // 75
  tasks["b1"] = ComputeTaskIntervals(MeanTask("b1", {1, 0, 0, 0}), opt); // 25
  tasks["b2"] = ComputeTaskIntervals(MeanTask("b2", {1, 1, 0, 0}), opt); // 50
  const std::vector<LevelEntry> entries = {{"A", {"a"}}, {"B", {"b1", "b2"}}};
  const auto level = LevelInterval("L", entries, tasks, opt);
  EXPECT_DOUBLE_EQ(level.estimate, (75 + (25 + 50) / 2.0) / 2);
  // Replicate 0 of the level is the same combination of the tasks' replicate 0.
  const double r0 = tasks["a"].replicates.values[1] / 2 +
                    (tasks["b1"].replicates.values[1] + tasks["b2"].replicates.values[1]) / 4;
  EXPECT_LE(level.percentile.low, level.estimate);
  EXPECT_GE(level.percentile.high, level.estimate);
  std::map<std::string, const Replicates*> reps;
  for (auto& [k, v] : tasks) reps[k] = &v.replicates;
  EXPECT_NEAR(CombineScores("L", {{"A", {"a"}}, {"B", {"b1", "b2"}}}, reps, 0.95).estimate, 56.25, 1e-12);
  EXPECT_GE(r0, 0.0);
  EXPECT_THROW(LevelInterval("L", {{"C", {"c"}}}, tasks, opt), std::invalid_argument);
  const auto json = CiJson(level);
  EXPECT_EQ(json["method"], "bca");
  EXPECT_EQ(json["resamples"], 200);
}

}  // namespace
}  // namespace clue::stats
