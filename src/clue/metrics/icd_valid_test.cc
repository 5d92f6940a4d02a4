#include "clue/metrics/icd_valid.h"

#include <gtest/gtest.h>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

const char* kBryand = "../shared/datasets/icd10cm/original/bryand1_icd10.json.gz";

TEST(IcdValid, FractionOfParsedCodesInList) {
  MetricContext ctx;
  ctx.settings["icd.codes"] = kBryand;
  auto made = CreateMetric("icd_valid", nlohmann::json::object(), ctx);
  auto& m = std::get<std::unique_ptr<Metric>>(made);
  EXPECT_EQ(m->values()[0].name, "VALID_CODES");
  auto score = [&](const std::string& pred) {
    MetricInput in;
    in.prediction = pred;
    double s = -1;
    m->Score(in, &s);
    return s;
  };
  // E11.22 -> E1122 valid, E11 header valid, U07.1 is not parsed (no U), Z99.999 -> not a key,
  // E1122 again valid (duplicates count): 3 of 4.
  EXPECT_DOUBLE_EQ(score("E11.22, E11, U07.1, Z99.999, E1122"), 0.75);
  EXPECT_DOUBLE_EQ(score("nothing"), 0.0);  // nothing parsed -> 0
  EXPECT_DOUBLE_EQ(score("R05"), 1.0);      // still a code in this vintage
}

TEST(IcdValid, OptionOverridesAndMissingListIsNotComputed) {
  auto made = CreateMetric("icd_valid", {{"codes", kBryand}}, MetricContext{});
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Metric>>(made));
  auto none = CreateMetric("icd_valid", nlohmann::json::object(), MetricContext{});
  ASSERT_TRUE(std::holds_alternative<NotComputed>(none));
  EXPECT_NE(std::get<NotComputed>(none).reason.find("icd10.json.gz"), std::string::npos);
  auto bad = CreateMetric("icd_valid", {{"codes", "no/such/icd10.json.gz"}}, MetricContext{});
  ASSERT_TRUE(std::holds_alternative<NotComputed>(bad));
  EXPECT_NE(std::get<NotComputed>(bad).reason.find("no/such/icd10.json.gz"), std::string::npos);
  EXPECT_THROW(CreateMetric("icd_valid", {{"codez", "x"}}, MetricContext{}),
               std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
