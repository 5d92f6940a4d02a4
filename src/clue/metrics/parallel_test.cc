#include "clue/metrics/parallel.h"

#include <atomic>
#include <cstdint>
#include <utility>
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

TEST(ParallelTest, RangesCoverEverythingOnceWithinChunkBounds) {
  for (unsigned threads : {2u, 5u}) {
    std::vector<std::atomic<int>> hits(1003);
    std::atomic<size_t> smallest{SIZE_MAX}, largest{0}, chunks{0};
    ParallelForRanges(
        hits.size(), threads,
        [&](size_t b, size_t e) {
          for (size_t i = b; i < e; ++i) hits[i]++;
          ++chunks;
          if (e < hits.size()) {  // only the last chunk may be short
            size_t s = smallest.load();
            while (e - b < s && !smallest.compare_exchange_weak(s, e - b)) {}
          }
          size_t l = largest.load();
          while (e - b > l && !largest.compare_exchange_weak(l, e - b)) {}
        },
        16, 40);
    for (auto& h : hits) ASSERT_EQ(h.load(), 1);
    // 1003 / (8 threads) clamped to [16, 40]: 2 threads -> 40 (62 clamped), 5 -> 25.
    const size_t want = threads == 5 ? 25 : 40;
    EXPECT_EQ(largest.load(), want);
    EXPECT_EQ(smallest.load(), want);
    EXPECT_EQ(chunks.load(), (1003 + want - 1) / want);
  }
  // One thread, or fewer items than one chunk: a single call on the calling thread.
  for (auto [n, threads] : {std::pair<size_t, unsigned>{1003, 1}, {10, 4}}) {
    std::vector<std::pair<size_t, size_t>> calls;
    ParallelForRanges(n, threads, [&](size_t b, size_t e) { calls.emplace_back(b, e); }, 64);
    EXPECT_EQ(calls, (std::vector<std::pair<size_t, size_t>>{{0, n}}));
  }
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
