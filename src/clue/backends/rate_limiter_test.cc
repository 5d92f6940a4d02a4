#include "clue/backends/rate_limiter.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

TEST(TokenBucket, UnlimitedNeverWaits) {
  TokenBucket b(0);
  EXPECT_TRUE(b.Unlimited());
  EXPECT_EQ(b.WaitTime(1e9, 0), 0);
}

TEST(TokenBucket, BurstThenSteadyRate) {
  // 60 per minute = 1 per second; the bucket holds 10 s worth = 10.
  TokenBucket b(60, 0);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(b.WaitTime(1, 0), 0) << i;
    b.Take(1, 0);
  }
  EXPECT_DOUBLE_EQ(b.WaitTime(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(b.WaitTime(1, 0.5), 0.5);
  EXPECT_EQ(b.WaitTime(1, 1.0), 0);
}

TEST(TokenBucket, OversizedRequestWaitsForFullBucketThenGoes) {
  TokenBucket b(600, 0);  // capacity 100, 10/s
  b.Take(100, 0);
  EXPECT_DOUBLE_EQ(b.WaitTime(250, 0), 10.0);  // waits for a full bucket, not forever
  b.Take(250, 10.0);
  EXPECT_DOUBLE_EQ(b.WaitTime(1, 10.0), 15.1);  // level -150: 151 tokens at 10/s
}

TEST(RateLimiter, RpmLimitsRequestsAndTpmCorrects) {
  RateLimiter lim(/*rpm=*/6, /*tpm=*/600, 0);  // buckets: 1 request, 100 tokens
  EXPECT_EQ(lim.Acquire(50, 0), 0);
  EXPECT_DOUBLE_EQ(lim.Acquire(50, 0), 10.0);  // rpm bucket empty: 0.1 req/s
  RateLimiter tpm_only(0, 600, 0);
  EXPECT_EQ(tpm_only.Acquire(80, 0), 0);
  EXPECT_DOUBLE_EQ(tpm_only.Acquire(80, 0), 6.0);  // 20 left, need 80 at 10 tokens/s
  tpm_only.Correct(80, 20, 0);                     // server said only 20 were used: refund 60
  EXPECT_EQ(tpm_only.Acquire(80, 0), 0);
}

}  // namespace
}  // namespace clue::backends
