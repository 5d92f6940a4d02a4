#include "clue/metrics/choice_accuracy.h"

#include <gtest/gtest.h>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

double ScoreOne(const nlohmann::json& answer, const nlohmann::json& gold) {
  auto made = CreateMetric("choice_accuracy", nlohmann::json::object(), MetricContext{});
  auto& m = std::get<std::unique_ptr<Metric>>(made);
  MetricInput in;
  in.prediction = "The correct answer is B: x";
  in.answer = &answer;
  in.gold = &gold;
  double s = -1;
  m->Score(in, &s);
  return s;
}

TEST(ChoiceAccuracy, ExactLetterMatch) {
  EXPECT_EQ(ScoreOne("B", "B"), 1.0);
  EXPECT_EQ(ScoreOne("C", "B"), 0.0);
  EXPECT_EQ(ScoreOne("b", "B"), 0.0);  // CLUE compares case-sensitively
  EXPECT_EQ(ScoreOne(nullptr, "F"), 0.0);  // nothing parsed counts as wrong
  EXPECT_EQ(ScoreOne("F", "F"), 1.0);      // task 3: only F is right
}

TEST(ChoiceAccuracy, MeanOverSamples) {
  auto made = CreateMetric("choice_accuracy", nlohmann::json::object(), MetricContext{});
  auto& m = std::get<std::unique_ptr<Metric>>(made);
  const double stats[4] = {1, 0, 1, 1};
  double out = 0;
  m->CorpusValues(stats, 4, nullptr, &out);
  EXPECT_DOUBLE_EQ(out, 0.75);
  EXPECT_EQ(m->values()[0].to_percent, 100.0);
}

}  // namespace
}  // namespace clue::metrics
