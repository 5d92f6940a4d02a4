#include "clue/backends/replica_pool.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

TEST(ReplicaPool, LeastOutstanding) {
  ReplicaPool p({"a", "b", "c"});
  std::vector<int> sent(3);
  for (int k = 0; k < 9; ++k) {
    size_t i = *p.Pick(0);
    p.OnSend(i);
    ++sent[i];
  }
  EXPECT_EQ(sent, (std::vector<int>{3, 3, 3}));
  p.OnSuccess(1);
  p.OnSuccess(1);
  EXPECT_EQ(*p.Pick(0), 1u);  // b now has the fewest outstanding
}

TEST(ReplicaPool, FailingReplicaTakenOutThenProbed) {
  ReplicaPool p({"a", "b"}, /*fail_threshold=*/2, /*probe_base_s=*/1.0, /*probe_max_s=*/3.0);
  for (int k = 0; k < 2; ++k) {
    p.OnSend(0);
    p.OnFailure(0, 10.0);
  }
  EXPECT_FALSE(p.Healthy(0));
  EXPECT_EQ(p.TakenOut(0), 1);
  // While b is healthy every request goes to b, even with many outstanding.
  for (int k = 0; k < 5; ++k) {
    ASSERT_EQ(*p.Pick(20.0), 1u);
    p.OnSend(1);
  }
  EXPECT_DOUBLE_EQ(p.NextAvailableTime(), 11.0);
}

TEST(ReplicaPool, ProbeBackoffDoublesAndRecovers) {
  ReplicaPool p({"a"}, 1, 1.0, 3.0);
  p.OnSend(0);
  p.OnFailure(0, 0.0);  // out until 1.0
  EXPECT_FALSE(p.Pick(0.5).has_value());
  ASSERT_EQ(p.Pick(1.0), 0u);  // the probe
  EXPECT_FALSE(p.Pick(1.0).has_value());  // only one probe at a time
  p.OnSend(0);
  p.OnFailure(0, 1.0);  // probe failed: wait 2 s
  EXPECT_DOUBLE_EQ(p.NextAvailableTime(), 3.0);
  ASSERT_EQ(p.Pick(3.0), 0u);
  p.OnSend(0);
  p.OnFailure(0, 3.0);  // wait doubles but is capped at 3 s
  EXPECT_DOUBLE_EQ(p.NextAvailableTime(), 6.0);
  ASSERT_EQ(p.Pick(6.0), 0u);
  p.OnSend(0);
  p.OnSuccess(0);
  EXPECT_TRUE(p.Healthy(0));
  EXPECT_EQ(p.Pick(6.0), 0u);
}

TEST(ReplicaPool, RetryAfterPausesOnlyThatReplica) {
  ReplicaPool p({"a", "b"});
  p.PauseUntil(0, 5.0);
  p.PauseUntil(0, 3.0);  // a pause only extends
  for (int k = 0; k < 3; ++k) {
    ASSERT_EQ(*p.Pick(1.0), 1u);  // b keeps taking requests while a is paused
    p.OnSend(1);
  }
  EXPECT_DOUBLE_EQ(p.NextAvailableTime(), 5.0);
  EXPECT_EQ(*p.Pick(5.0), 0u);  // a is back, with the fewest outstanding
  // A lone paused replica: nothing until the pause ends.
  ReplicaPool one({"a"});
  one.PauseUntil(0, 2.0);
  EXPECT_FALSE(one.Pick(1.0).has_value());
  EXPECT_DOUBLE_EQ(one.NextAvailableTime(), 2.0);
  EXPECT_EQ(one.Pick(2.0), 0u);
}

}  // namespace
}  // namespace clue::backends
