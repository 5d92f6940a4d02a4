#include "clue/metrics/bertscore.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "clue/metrics/bert/tiny_bert_testing.h"
#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

namespace fs = std::filesystem;
namespace testing = bert::testing;

std::unique_ptr<Metric> Create(const nlohmann::json& options, const MetricContext& ctx) {
  MetricOrReason m = CreateMetric("bertscore", options, ctx);
  if (auto* reason = std::get_if<NotComputed>(&m)) {
    ADD_FAILURE() << reason->reason;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<Metric>>(m));
}

TEST(BertScoreMetric, WithoutModelDirectoryIsNotComputedWithInstructions) {
  unsetenv("CLUE_BERTSCORE_MODEL");
  unsetenv("CLUE_BERTSCORE_MODELS_DIR");
  MetricOrReason m = CreateMetric("bertscore", {{"model", "allenai/scibert_scivocab_uncased"}}, {});
  ASSERT_TRUE(std::holds_alternative<NotComputed>(m));
  const std::string reason = std::get<NotComputed>(m).reason;
  EXPECT_NE(reason.find("huggingface-cli download allenai/scibert_scivocab_uncased"), std::string::npos);
  EXPECT_NE(reason.find("--bertscore-model"), std::string::npos);
  EXPECT_NE(reason.find("CLUE_BERTSCORE_MODEL"), std::string::npos);
  // A models root without that model's subdirectory is also "not computed", never 0.
  MetricContext ctx;
  ctx.settings["bertscore.models_dir"] = testing::TempRoot().string();
  MetricOrReason m2 = CreateMetric("bertscore", {{"model", "emilyalsentzer/Bio_ClinicalBERT"}}, ctx);
  ASSERT_TRUE(std::holds_alternative<NotComputed>(m2));
  EXPECT_NE(std::get<NotComputed>(m2).reason.find("Bio_ClinicalBERT"), std::string::npos);
}

TEST(BertScoreMetric, BadOptionsAreErrors) {
  EXPECT_THROW(CreateMetric("bertscore", {{"modle", "x"}}, {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("bertscore", {{"layer", "eight"}}, {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("bertscore", {{"model", "my/unknown-bert"}}, {}), std::invalid_argument);
  MetricContext ctx;
  ctx.settings["bertscore.layer"] = "8x";
  EXPECT_THROW(CreateMetric("bertscore", {}, ctx), std::invalid_argument);
  EXPECT_EQ(DefaultBertScoreLayer("allenai/scibert_scivocab_uncased"), 8);
  EXPECT_EQ(DefaultBertScoreLayer("emilyalsentzer/Bio_ClinicalBERT"), 9);
  EXPECT_EQ(DefaultBertScoreLayer("/data/models/scibert_scivocab_uncased/"), 8);
  EXPECT_EQ(DefaultBertScoreLayer("my/unknown-bert"), -1);
}

TEST(BertScoreMetric, ScoresThroughRegistryLikeTheReference) {
  const std::string dir = testing::TinyModel("tiny");
  // The models root layout: <root>/<model basename>/ (here the tiny model under a fake name).
  const fs::path root = testing::TempRoot() / "models";
  fs::create_directories(root);
  if (!fs::exists(root / "tiny_bert")) fs::create_directory_symlink(dir, root / "tiny_bert");
  MetricContext ctx;
  ctx.settings["bertscore.models_dir"] = root.string();
  ctx.settings["bertscore.layer"] = "2";  // overrides the task's layer
  auto metric = Create({{"model", "example/tiny_bert"}, {"layer", 1}, {"lowercase", true}}, ctx);
  ASSERT_TRUE(metric);
  ASSERT_EQ(metric->values().size(), 3u);
  EXPECT_EQ(metric->values()[2].name, "BERT_F1");
  EXPECT_EQ(metric->values()[2].to_percent, 100.0);

  const std::vector<std::string> preds = {"Chest PAIN with fever", "", "sepsis"};
  const std::vector<std::vector<std::string>> refs = {
      {"patient admitted with chest pain"}, {"anemia"}, {}};
  std::vector<MetricInput> in(3);
  for (size_t i = 0; i < 3; ++i) {
    in[i].prediction = preds[i];
    in[i].references = refs[i];
  }
  std::vector<double> stats(9);
  const auto errors = metric->ScoreAll(in, stats.data());
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_NE(errors[2].find("no reference"), std::string::npos);  // error status, not a 0
  // Reference: lowercased text (CLUE 2024 preprocessing), layer 2, the two scorable samples.
  const nlohmann::json ref = testing::Reference(
      dir, {{"cands", {"chest pain with fever", ""}},
            {"refs", {{"patient admitted with chest pain"}, {"anemia"}}},
            {"layer", 2}});
  for (size_t i = 0; i < 2; ++i)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(stats[i * 3 + c], ref["scores"][i][c].get<double>(), 1e-5);

  // Score() on one sample gives the same numbers as the batch.
  std::vector<double> one(3);
  metric->Score(in[0], one.data());
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(one[c], stats[c], 1e-6);
}

TEST(BertScoreMetric, CliStyleOptionsMirroringSettingsAreAccepted) {
  // `clue metrics --set bertscore.model=DIR --set bertscore.layer=2` passes both as options and
  // as settings; a models_dir setting arrives as an option too.
  const std::string dir = testing::TinyModel("tiny");
  MetricContext ctx;
  ctx.settings["bertscore.model"] = dir;
  ctx.settings["bertscore.layer"] = "2";
  MetricOrReason m =
      CreateMetric("bertscore", {{"model", dir}, {"layer", 2}, {"models_dir", "/x"}}, ctx);
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Metric>>(m));
  // A directory of unknown name with no layer anywhere is a clear error.
  MetricContext no_layer;
  no_layer.settings["bertscore.model"] = dir;
  try {
    CreateMetric("bertscore", {{"model", dir}}, no_layer);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--bertscore-layer"), std::string::npos) << e.what();
  }
}

TEST(BertScoreMetric, EnvironmentVariableGivesTheModelDirectory) {
  setenv("CLUE_BERTSCORE_MODEL", testing::TinyModel("tiny").c_str(), 1);
  MetricOrReason m = CreateMetric("bertscore", {{"layer", 2}}, {});
  unsetenv("CLUE_BERTSCORE_MODEL");
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Metric>>(m));
}

}  // namespace
}  // namespace clue::metrics
