#include "clue/metrics/parallel.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

TEST(ParallelTest, VisitsEveryIndexOnce) {
  for (unsigned threads : {0u, 1u, 3u}) {
    std::vector<std::atomic<int>> hits(1000);
    ParallelFor(hits.size(), threads, [&](size_t i) { hits[i]++; });
    for (auto& h : hits) ASSERT_EQ(h.load(), 1);
  }
  ParallelFor(0, 4, [](size_t) { FAIL(); });
}

TEST(ParallelTest, ThreadsSetting) {
  MetricContext ctx;
  EXPECT_EQ(ThreadsSetting(ctx), 0u);
  ctx.settings["threads"] = "4";
  EXPECT_EQ(ThreadsSetting(ctx), 4u);
  ctx.settings["threads"] = "four";
  EXPECT_THROW(ThreadsSetting(ctx), std::invalid_argument);
  ctx.settings["threads"] = "-1";
  EXPECT_THROW(ThreadsSetting(ctx), std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
