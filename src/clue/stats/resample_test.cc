#include "clue/stats/resample.h"

#include <vector>

#include <gtest/gtest.h>

namespace clue::stats {
namespace {

TEST(ResampleTest, SameSeedSameStreamDifferentIndexDiffers) {
  Rng a(ReplicateSeed(7, StreamKey("mednli"), 3)), b(ReplicateSeed(7, StreamKey("mednli"), 3));
  Rng c(ReplicateSeed(7, StreamKey("mednli"), 4)), d(ReplicateSeed(7, StreamKey("meqsum"), 3));
  const uint64_t first = a.Next();
  EXPECT_EQ(first, b.Next());
  EXPECT_NE(first, c.Next());
  EXPECT_NE(first, d.Next());
}

TEST(ResampleTest, BelowIsUniform) {
  Rng rng(1);
  // 70,000 draws over 7 cells: each expects 10,000 (sd ~93); 5 sd bounds.
  std::vector<int> hist(7, 0);
  for (int i = 0; i < 70000; ++i) ++hist[rng.Below(7)];
  for (int h : hist) EXPECT_NEAR(h, 10000, 465);
}

TEST(ResampleTest, FlipsAreZeroOrOneAndBalanced) {
  Rng rng(2);
  std::vector<double> f(1000);
  DrawFlips(rng, f.size(), f.data());
  double ones = 0;
  for (double x : f) {
    EXPECT_TRUE(x == 0.0 || x == 1.0);
    ones += x;
  }
  EXPECT_NEAR(ones, 500, 80);  // sd 15.8
}

}  // namespace
}  // namespace clue::stats
