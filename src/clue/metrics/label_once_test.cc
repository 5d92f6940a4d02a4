#include "clue/metrics/label_once.h"

#include <gtest/gtest.h>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

double ScoreOne(const Metric& m, const std::string& prediction, const nlohmann::json& gold) {
  MetricInput in;
  in.prediction = prediction;
  in.gold = &gold;
  double s = -1;
  m.Score(in, &s);
  return s;
}

std::unique_ptr<Metric> Make() {
  auto made = CreateMetric("label_once", nlohmann::json::object(), MetricContext{});
  return std::move(std::get<std::unique_ptr<Metric>>(made));
}

TEST(LabelOnce, ExactlyOnceCaseInsensitive) {
  // Occurrence counts from CPython, CLUE's expression:
  // /usr/bin/python3 -c 'import re; print([len(re.findall(l.upper(), o.upper())) for l,o in [("neutral","Neutral"),("neutral","NEUTRAL, not entailment; neutral"),("entailment","contradiction"),("contradiction","The answer is CONTRADICTION."),("entailment","entailmententailment")]])'
  // -> [1, 2, 0, 1, 2]
  auto m = Make();
  EXPECT_EQ(m->values()[0].name, "ACCURACY");
  EXPECT_EQ(ScoreOne(*m, "Neutral", "neutral"), 1.0);
  EXPECT_EQ(ScoreOne(*m, "NEUTRAL, not entailment; neutral", "neutral"), 0.0);  // twice
  EXPECT_EQ(ScoreOne(*m, "contradiction", "entailment"), 0.0);                  // absent
  EXPECT_EQ(ScoreOne(*m, "The answer is CONTRADICTION.", "contradiction"), 1.0);
  EXPECT_EQ(ScoreOne(*m, "entailmententailment", "entailment"), 0.0);  // non-overlapping, 2
  // Other labels appearing do not matter.
  EXPECT_EQ(ScoreOne(*m, "not neutral but entailment", "entailment"), 1.0);
}

TEST(LabelOnce, CountIsNonOverlapping) {
  EXPECT_EQ(CountOccurrencesIgnoreCase("aaaa", "AA"), 2u);
  EXPECT_EQ(CountOccurrencesIgnoreCase("aAa", "aa"), 1u);
}

TEST(LabelOnce, NonStringGoldIsASampleError) {
  auto m = Make();
  const nlohmann::json gold = 3;
  const std::string pred = "3";
  MetricInput in;
  in.prediction = pred;
  in.gold = &gold;
  double s = -1;
  const auto errors = m->ScoreAll(std::span<const MetricInput>(&in, 1), &s);
  EXPECT_EQ(errors[0], "label_once: gold label must be a string");
  EXPECT_THROW(CreateMetric("label_once", {{"x", 1}}, MetricContext{}), std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
