#include "clue/stats/significance.h"

#include <cmath>

#include <gtest/gtest.h>

namespace clue::stats {
namespace {

// /usr/bin/python3 -c "from math import comb
// p=lambda b,c: min(1,2*sum(comb(b+c,i) for i in range(min(b,c)+1))/2**(b+c))
// print(p(10,2), p(0,5), p(3,3), p(1000,900), p(30,14))"
TEST(SignificanceTest, McNemarExactMatchesBinomialSums) {
  EXPECT_NEAR(McNemarExactP(10, 2), 0.03857421875, 1e-15);  // 2 * (1 + 12 + 66) / 4096
  EXPECT_NEAR(McNemarExactP(2, 10), 0.03857421875, 1e-15);
  EXPECT_NEAR(McNemarExactP(0, 5), 0.0625, 1e-15);
  EXPECT_DOUBLE_EQ(McNemarExactP(3, 3), 1.0);
  EXPECT_DOUBLE_EQ(McNemarExactP(0, 0), 1.0);
  EXPECT_NEAR(McNemarExactP(30, 14), 0.022628841205914796, 1e-13);
  EXPECT_NEAR(McNemarExactP(1000, 900), 0.02310884510890107, 1e-11);
}

// Holm (1979): sort p ascending, multiply the i-th smallest by (m - i + 1), enforce monotonicity.
// p = (0.01, 0.04, 0.03, 0.005): sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.03, 0.06, max(0.04, 0.06).
TEST(SignificanceTest, HolmTextbookExample) {
  const auto adj = HolmAdjust({0.01, 0.04, 0.03, 0.005});
  EXPECT_DOUBLE_EQ(adj[0], 0.03);
  EXPECT_DOUBLE_EQ(adj[1], 0.06);
  EXPECT_DOUBLE_EQ(adj[2], 0.06);
  EXPECT_DOUBLE_EQ(adj[3], 0.02);
  // NaN is not a test: m = 2 here, and capped at 1.
  const auto b = HolmAdjust({0.4, NAN, 0.7});
  EXPECT_DOUBLE_EQ(b[0], 0.8);
  EXPECT_TRUE(std::isnan(b[1]));
  EXPECT_DOUBLE_EQ(b[2], 0.8);
}

// Cluster differences d = (1, 2, 3, -0.5), statistic = mean of the signed differences. Observed
// |sum| = 5.5. Of the 16 sign patterns, only +-(1+2+3+0.5) = 6.5 and +-(1+2+3-0.5) = 5.5 reach
// 5.5 (the next largest is 4.5), so p = 4/16.
TEST(SignificanceTest, ExactSignFlipHandEnumerated) {
  const double d[] = {1, 2, 3, -0.5};
  const double p = ExactSignFlipP(4, [&](const double* f) {
    double s = 0;
    for (int i = 0; i < 4; ++i) s += (1 - 2 * f[i]) * d[i];
    return s / 4;
  });
  EXPECT_DOUBLE_EQ(p, 0.25);
}

TEST(SignificanceTest, MonteCarloPCountsExtremesPlusOne) {
  // |t| >= 2 for -3 and 2: (2 + 1) / (4 + 1).
  EXPECT_DOUBLE_EQ(MonteCarloP(2.0, {-3, 1, 2, -1.5}), 0.6);
}

TEST(SignificanceTest, VerdictInWords) {
  EXPECT_EQ(Verdict(-3, 0.01, 0.05), "worse");
  EXPECT_EQ(Verdict(2, 0.049, 0.05), "better");
  EXPECT_EQ(Verdict(2, 0.05, 0.05), "no detectable difference");
}

}  // namespace
}  // namespace clue::stats
