#include "clue/stats/power.h"

#include <cmath>

#include <gtest/gtest.h>

#include "clue/stats/test_metrics.h"

namespace clue::stats {
namespace {

using testing::MeanTask;

// Expected values from /usr/bin/python3 with statistics.NormalDist and statistics.stdev:
//   z = N().inv_cdf(0.975) + N().inv_cdf(0.8)
//   ceil((z*50/2)**2) = 4906;  z*50/sqrt(1000) = 4.429695174148297
TEST(PowerTest, TextbookBinarySizes) {
  EXPECT_EQ(UnitsNeeded(50, 2, 0.05, 0.8), 4906);
  EXPECT_NEAR(MinimumDetectableEffect(50, 1000, 0.05, 0.8), 4.429695174148297, 1e-12);
  EXPECT_TRUE(std::isinf(UnitsNeeded(50, 0, 0.05, 0.8)));
}

// y = 100*(1,0,1,1,0,0,1,0): stdev 53.452248382484875; rho 0.5 -> sd_d = stdev;
// ceil((z*sd/10)**2) = 225; MDE at n = 8: z*sd/sqrt(8) = 52.94498402772543.
TEST(PowerTest, SingleRunUsesStatedCorrelation) {
  const auto r = AnalysePower(MeanTask("t", {1, 0, 1, 1, 0, 0, 1, 0}), nullptr, 10, 0, PowerOptions{});
  EXPECT_FALSE(r.paired);
  EXPECT_NEAR(r.sd_unit, 53.452248382484875, 1e-12);
  EXPECT_NEAR(r.sd_diff, 53.452248382484875, 1e-12);
  EXPECT_EQ(r.samples_needed, 225);
  EXPECT_NEAR(r.mde, 52.94498402772543, 1e-10);
  PowerOptions unpaired;
  unpaired.rho = 0;
  EXPECT_NEAR(AnalysePower(MeanTask("t", {1, 0, 1, 1, 0, 0, 1, 0}), nullptr, 10, 0, unpaired).sd_diff,
              53.452248382484875 * std::sqrt(2.0), 1e-10);
}

// d = 100*(a-b) for a=(1,0,1,1,0,0,1,0), b=(0,0,1,0,0,1,1,0): stdev 64.08699444616558;
// ceil((z*sd/10)**2) = 323; MDE at n = 400: z*sd/20 = 8.977258815683268.
TEST(PowerTest, PairedUsesMeasuredDifferenceSd) {
  const auto b = MeanTask("t", {0, 0, 1, 0, 0, 1, 1, 0});
  const auto r = AnalysePower(MeanTask("t", {1, 0, 1, 1, 0, 0, 1, 0}), &b, 10, 400, PowerOptions{});
  EXPECT_TRUE(r.paired);
  EXPECT_NEAR(r.sd_diff, 64.08699444616558, 1e-12);
  EXPECT_EQ(r.units_needed, 323);
  EXPECT_NEAR(r.mde, 8.977258815683268, 1e-10);
}

// Clusters of two: unit means (50, 100, 0, 50), stdev 40.8248290463863; 131 units = 262 samples;
// MDE at the pilot's 8 samples (4 units): z*sd/2 = 57.18711879417239.
TEST(PowerTest, ClustersAreTheUnits) {
  const auto r = AnalysePower(MeanTask("t", {1, 0, 1, 1, 0, 0, 1, 0}, {"a", "a", "b", "b", "c", "c", "d", "d"}),
                              nullptr, 10, 0, PowerOptions{});
  EXPECT_EQ(r.units, 4u);
  EXPECT_DOUBLE_EQ(r.samples_per_unit, 2.0);
  EXPECT_NEAR(r.sd_unit, 40.8248290463863, 1e-12);
  EXPECT_EQ(r.samples_needed, 262);
  EXPECT_NEAR(r.mde, 57.18711879417239, 1e-10);
}

}  // namespace
}  // namespace clue::stats
