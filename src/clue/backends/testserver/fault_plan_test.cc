#include "clue/backends/testserver/fault_plan.h"

#include <gtest/gtest.h>

namespace clue::backends::testserver {
namespace {

TEST(FaultPlan, RateIsRespectedAndDeterministic) {
  FaultConfig c;
  c.rate = 0.3;
  c.kinds = {Fault::kError500, Fault::kDrop};
  int faults = 0, drops = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    Fault f = Decide(c, "body" + std::to_string(i), 0);
    EXPECT_EQ(f, Decide(c, "body" + std::to_string(i), 0));
    faults += f != Fault::kNone;
    drops += f == Fault::kDrop;
  }
  // Binomial(20000, 0.3): sd = 65, so +-400 is over 6 sd.
  EXPECT_NEAR(faults, 6000, 400);
  EXPECT_NEAR(drops, 3000, 400);
}

TEST(FaultPlan, AttemptsAreIndependentAndFirstAttemptsAlwaysFail) {
  FaultConfig c;
  c.rate = 0.5;
  int differ = 0;
  for (int i = 0; i < 200; ++i)
    differ += Decide(c, std::to_string(i), 0) != Decide(c, std::to_string(i), 1);
  EXPECT_GT(differ, 50);  // a retry is not doomed to repeat the first outcome
  FaultConfig first;
  first.first_attempts = 2;
  first.kinds = {Fault::kRateLimit429};
  EXPECT_EQ(Decide(first, "x", 0), Fault::kRateLimit429);
  EXPECT_EQ(Decide(first, "x", 1), Fault::kRateLimit429);
  EXPECT_EQ(Decide(first, "x", 2), Fault::kNone);
}

TEST(FaultPlan, JsonRoundTripAndErrors) {
  auto c = FaultConfigFromJson({{"rate", 0.25}, {"kinds", {"429", "truncated"}}, {"retry_after_s", 0.5}});
  EXPECT_EQ(c.kinds, (std::vector<Fault>{Fault::kRateLimit429, Fault::kTruncated}));
  EXPECT_EQ(FaultConfigToJson(c)["kinds"], nlohmann::json({"429", "truncated"}));
  EXPECT_THROW(FaultConfigFromJson({{"kinds", {"teapot"}}}), std::invalid_argument);
  EXPECT_THROW(FaultConfigFromJson({{"rate", 1.5}}), std::invalid_argument);
}

}  // namespace
}  // namespace clue::backends::testserver
