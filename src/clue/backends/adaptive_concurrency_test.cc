#include "clue/backends/adaptive_concurrency.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

TEST(AdaptiveConcurrency, HalvesOncePerCooldownAndGrowsBack) {
  AdaptiveConcurrency c(16, /*cooldown_s=*/1.0);
  EXPECT_EQ(c.Limit(), 16);
  c.OnOverload(10.0);
  EXPECT_EQ(c.Limit(), 8);
  c.OnOverload(10.5);  // same burst: no further cut
  EXPECT_EQ(c.Limit(), 8);
  c.OnOverload(11.0);
  EXPECT_EQ(c.Limit(), 4);
  c.OnOverload(12.0);
  c.OnOverload(13.0);
  c.OnOverload(14.0);
  EXPECT_EQ(c.Limit(), 1);  // never below one
  // Additive increase: +1 after `limit` successes: 1 -> 2 after 1, -> 3 after 2 more, ...
  c.OnSuccess();
  EXPECT_EQ(c.Limit(), 2);
  c.OnSuccess();
  EXPECT_EQ(c.Limit(), 2);
  c.OnSuccess();
  EXPECT_EQ(c.Limit(), 3);
  for (int i = 0; i < 1000; ++i) c.OnSuccess();
  EXPECT_EQ(c.Limit(), 16);  // capped at the configured maximum
  EXPECT_EQ(c.Decreases(), 5);
}

}  // namespace
}  // namespace clue::backends
