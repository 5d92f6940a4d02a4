#include "clue/stats/normal.h"

#include <cmath>

#include <gtest/gtest.h>

namespace clue::stats {
namespace {

// Expected values: /usr/bin/python3 -c "from statistics import NormalDist as N;
//   print(N().inv_cdf(0.975), N().inv_cdf(1e-10), N().inv_cdf(0.3), N().cdf(1.5))"
TEST(NormalTest, QuantileMatchesPythonStatistics) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.9599639845400536, 1e-13);
  EXPECT_NEAR(NormalQuantile(1e-10), -6.361340902404056, 1e-11);
  EXPECT_NEAR(NormalQuantile(0.3), -0.5244005127080407, 1e-13);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  EXPECT_TRUE(std::isinf(NormalQuantile(0.0)));
  EXPECT_TRUE(std::isnan(NormalQuantile(1.5)));
}

TEST(NormalTest, CdfMatchesPythonStatistics) {
  EXPECT_NEAR(NormalCdf(1.5), 0.9331927987311419, 1e-15);
  EXPECT_NEAR(NormalCdf(NormalQuantile(0.123)), 0.123, 1e-14);
}

}  // namespace
}  // namespace clue::stats
