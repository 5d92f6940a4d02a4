#include "clue/metrics/icd_match.h"

#include <gtest/gtest.h>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

std::vector<double> ScoreOne(const std::string& prediction, const nlohmann::json& gold) {
  auto made = CreateMetric("icd_match", nlohmann::json::object(), MetricContext{});
  auto& m = std::get<std::unique_ptr<Metric>>(made);
  MetricInput in;
  in.prediction = prediction;
  in.gold = &gold;
  std::vector<double> s(6, -1);
  m->Score(in, s.data());
  return s;
}

TEST(IcdMatch, WorkedExample) {
  // preds (dots stripped) = [E1122, E1122, I10, J189, K21], gold = [E1122, I10, N183].
  // EM on lists: P = 3/5 (both E1122 count) = 0.6, R = 2/3, F1 = 2*0.6*(2/3)/(0.6+2/3) = 12/19.
  // AP on 3-char sets: preds {E11, I10, J18, K21}, gold {E11, I10, N18}: P = 2/4, R = 2/3,
  // F1 = 2*(1/2)*(2/3)/(1/2+2/3) = 4/7.
  // Cross-checked by running CLUE's compute_icd_f1 (utils.py, retyped) in /usr/bin/python3:
  // python3: f1(preds, "E1122, I10, N183".split(", "), False/True) ->
  //   0.6 0.6666666666666666 0.631578947368421 / 0.5 0.6666666666666666 0.5714285714285715
  const auto s = ScoreOne("ICD-10 Codes: E11.22, E1122, I10, J18.9, K21", "E1122, I10, N183");
  EXPECT_DOUBLE_EQ(s[0], 0.6);
  EXPECT_DOUBLE_EQ(s[1], 2.0 / 3);
  EXPECT_DOUBLE_EQ(s[2], 12.0 / 19);
  EXPECT_DOUBLE_EQ(s[3], 0.5);
  EXPECT_DOUBLE_EQ(s[4], 2.0 / 3);
  EXPECT_DOUBLE_EQ(s[5], 4.0 / 7);
}

TEST(IcdMatch, EdgeCases) {
  // No codes parsed: P = 0 by rule, R = 0, F1 = 0.
  EXPECT_EQ(ScoreOne("no codes here", "I10"), (std::vector<double>(6, 0.0)));
  // Empty gold behaves like CLUE's [""]: nothing can match, so everything is 0.
  EXPECT_EQ(ScoreOne("I10", nlohmann::json::array()), (std::vector<double>(6, 0.0)));
  EXPECT_EQ(ScoreOne("I10", ""), (std::vector<double>(6, 0.0)));
  // Gold as the dataset's icd_codes objects; a perfect prediction.
  const auto gold = nlohmann::json::parse(R"([{"code":"E1122"},{"code":"I10"}])");
  EXPECT_EQ(ScoreOne("E11.22, I10", gold), (std::vector<double>(6, 1.0)));
  // Right category, wrong code: EM 0, AP 1.
  const auto s = ScoreOne("E11.9", "E1122");
  EXPECT_EQ(s, (std::vector<double>{0, 0, 0, 1, 1, 1}));
}

TEST(IcdMatch, ValueNames) {
  auto made = CreateMetric("icd_match", nlohmann::json::object(), MetricContext{});
  const auto& v = std::get<std::unique_ptr<Metric>>(made)->values();
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[2].name, "ICD_EM_F1");
  EXPECT_EQ(v[5].name, "ICD_AP_F1");
}

}  // namespace
}  // namespace clue::metrics
