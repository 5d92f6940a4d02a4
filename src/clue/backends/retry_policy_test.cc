#include "clue/backends/retry_policy.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

HttpResponse Status(int s) {
  HttpResponse r;
  r.status = s;
  return r;
}

TEST(ClassifyHttp, MapsStatusAndTransport) {
  EXPECT_FALSE(ClassifyHttp(Status(200)).has_value());
  EXPECT_EQ(ClassifyHttp(Status(429)), FailureKind::kRateLimited);
  EXPECT_EQ(ClassifyHttp(Status(500)), FailureKind::kServerError);
  EXPECT_EQ(ClassifyHttp(Status(503)), FailureKind::kServerError);
  EXPECT_EQ(ClassifyHttp(Status(408)), FailureKind::kTimeout);
  EXPECT_EQ(ClassifyHttp(Status(400)), FailureKind::kFatal);
  EXPECT_EQ(ClassifyHttp(Status(404)), FailureKind::kFatal);
  HttpResponse t;
  t.error = TransportError::kTimeout;
  EXPECT_EQ(ClassifyHttp(t), FailureKind::kTimeout);
  t.error = TransportError::kBroken;
  EXPECT_EQ(ClassifyHttp(t), FailureKind::kConnection);
  t.error = TransportError::kConnect;
  EXPECT_EQ(ClassifyHttp(t), FailureKind::kConnection);
  EXPECT_TRUE(IsOverload(Status(429)));
  EXPECT_TRUE(IsOverload(Status(503)));
  EXPECT_FALSE(IsOverload(Status(500)));
}

TEST(RetryState, SeparateBudgetsPerKind) {
  auto cfg = RetryConfig::FromMaxRetries(2, 0.1, 1.0);
  RetryState s;
  std::mt19937_64 rng(1);
  EXPECT_TRUE(s.OnFailure(cfg, FailureKind::kServerError, -1, rng));
  EXPECT_TRUE(s.OnFailure(cfg, FailureKind::kServerError, -1, rng));
  EXPECT_FALSE(s.OnFailure(cfg, FailureKind::kServerError, -1, rng));  // third 5xx: give up
  // Other kinds still have their own budgets.
  EXPECT_TRUE(s.OnFailure(cfg, FailureKind::kTimeout, -1, rng));
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(s.OnFailure(cfg, FailureKind::kRateLimited, -1, rng));
  EXPECT_FALSE(s.OnFailure(cfg, FailureKind::kRateLimited, -1, rng));
  EXPECT_FALSE(s.OnFailure(cfg, FailureKind::kFatal, -1, rng));
  EXPECT_EQ(s.Count(FailureKind::kServerError), 2);
}

TEST(RetryState, CappedExponentialWithJitter) {
  RetryConfig cfg = RetryConfig::FromMaxRetries(20, 0.1, 0.8);
  RetryState s;
  std::mt19937_64 rng(7);
  double max_seen[21] = {0};
  for (int trial = 0; trial < 200; ++trial) {
    RetryState st;
    for (int n = 1; n <= 8; ++n) {
      double d = *st.OnFailure(cfg, FailureKind::kConnection, -1, rng);
      // ceiling: 0.1 * 2^(n-1), capped at 0.8
      double ceiling = std::min(0.8, 0.1 * (1 << (n - 1)));
      EXPECT_GE(d, 0.0);
      EXPECT_LE(d, ceiling);
      max_seen[n] = std::max(max_seen[n], d);
    }
  }
  // Jitter spreads delays over the range: the largest of 200 draws is near the ceiling.
  EXPECT_GT(max_seen[1], 0.09);
  EXPECT_GT(max_seen[8], 0.7);
}

TEST(RetryState, RetryAfterIsAFloorAndCapped) {
  RetryConfig cfg = RetryConfig::FromMaxRetries(3, 0.01, 0.02);
  cfg.max_retry_after_s = 5;
  std::mt19937_64 rng(3);
  RetryState s;
  EXPECT_DOUBLE_EQ(*s.OnFailure(cfg, FailureKind::kRateLimited, 2.0, rng), 2.0);
  EXPECT_DOUBLE_EQ(*s.OnFailure(cfg, FailureKind::kRateLimited, 3600, rng), 5.0);
}

}  // namespace
}  // namespace clue::backends
