#include "clue/backends/testserver/engine_sim.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace clue::backends::testserver {
namespace {

TEST(EngineSim, SlotsBoundConcurrency) {
  // 2 slots, 6 requests of 10 tokens x 5 ms = 50 ms each: three waves, at least 150 ms total,
  // and busy slot time adds up to about 6 x 50 ms.
  EngineSim e(2, 0.005);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  for (int i = 0; i < 6; ++i) ts.emplace_back([&] { e.Run(0, 10); });
  for (auto& t : ts) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EngineStats s = e.Stats();
  EXPECT_EQ(s.served, 6);
  EXPECT_GE(wall, 0.15);
  EXPECT_GE(s.busy_slot_seconds, 0.3);
  EXPECT_GE(s.max_waiting, 1);
  e.Reset();
  EXPECT_EQ(e.Stats().served, 0);
}

TEST(EngineSim, UnlimitedAnswersAtOnce) {
  EngineSim e(0, 10.0);
  e.Run(100, 100);  // would take 1000 s with a latency
  EXPECT_EQ(e.Stats().served, 1);
}

}  // namespace
}  // namespace clue::backends::testserver
