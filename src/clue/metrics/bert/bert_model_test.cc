#include "clue/metrics/bert/bert_model.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/metrics/bert/tiny_bert_testing.h"
#include "clue/metrics/bert/wordpiece.h"

namespace clue::metrics::bert {
namespace {

namespace fs = std::filesystem;

// Texts covering lowercasing, accents, punctuation, unknown words, a literal [MASK], CJK and
// an empty string; the NumPy reference tokenizes them independently.
const std::vector<std::string> kTexts = {
    "The patient was admitted with chest pain.",
    "Pneumonia, treated with antibiotics; discharged home!",
    "  What is the TREATMENT for my daughter's fever?  ",
    "Acute kidney injury on chronic kidney disease (type 2) [MASK] zzqx",
    "Hypertension\u00A0h\u00E9llo \u535A cough",
    ""};

void ExpectHiddenMatches(const BertModel& model, const WordPieceTokenizer& tok,
                         const nlohmann::json& ref) {
  std::vector<std::vector<int32_t>> ids;
  for (const auto& t : kTexts) ids.push_back(tok.Encode(t));
  for (size_t i = 0; i < kTexts.size(); ++i)
    ASSERT_EQ(ids[i], ref["ids"][i].get<std::vector<int32_t>>()) << kTexts[i];
  // One batch of mixed lengths: packing/padding must not change any sequence.
  const auto hidden = model.Forward(ids);
  const int H = model.config().hidden_size;
  double worst = 0;
  for (size_t i = 0; i < kTexts.size(); ++i) {
    const auto& rows = ref["hidden"][i];
    ASSERT_EQ(hidden[i].size(), rows.size() * H);
    for (size_t r = 0; r < rows.size(); ++r)
      for (int j = 0; j < H; ++j)
        worst = std::max(worst, std::abs(hidden[i][r * H + j] - rows[r][j].get<double>()));
  }
  EXPECT_LT(worst, 1e-4);
  EXPECT_GT(worst, 0.0);  // float32 against float64: identical would mean we compared to ourselves
}

TEST(BertModel, HiddenStatesMatchNumpyReferenceForEveryFormatAndLayer) {
  const std::string dir = testing::TinyModel("tiny");
  const std::string legacy = testing::TinyModel("tiny_legacy", "--formats legacy-bin");
  const auto tok = WordPieceTokenizer::FromDirectory(dir, 64);
  nlohmann::json ref2;
  for (int layer : {0, 1, 2}) {
    const nlohmann::json ref = testing::Reference(dir, {{"texts", kTexts}, {"layer", layer}});
    if (layer == 2) ref2 = ref;
    SCOPED_TRACE("layer " + std::to_string(layer));
    ExpectHiddenMatches(BertModel::Load(dir, layer), tok, ref);  // model.safetensors
    ExpectHiddenMatches(BertModel::Load(legacy, layer), tok, ref);  // legacy pytorch_model.bin
  }
  // Zip pytorch_model.bin only (safetensors removed from a copy).
  const fs::path zip_only = testing::TempRoot() / "tiny_zip_only";
  fs::create_directories(zip_only);
  for (const char* f : {"config.json", "vocab.txt", "tokenizer_config.json", "pytorch_model.bin"})
    fs::copy_file(fs::path(dir) / f, zip_only / f, fs::copy_options::overwrite_existing);
  ExpectHiddenMatches(BertModel::Load(zip_only.string(), 2), tok, ref2);
}

std::string LoadError(const std::string& dir, int layer) {
  try {
    BertModel::Load(dir, layer);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// A copy of the tiny model with config.json edited by `edit`.
std::string EditedModel(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  const std::string src = testing::TinyModel("tiny");
  const fs::path dst = testing::TempRoot() / name;
  fs::create_directories(dst);
  for (const char* f : {"vocab.txt", "model.safetensors"})
    fs::copy_file(fs::path(src) / f, dst / f, fs::copy_options::overwrite_existing);
  nlohmann::json cfg = nlohmann::json::parse(std::ifstream(fs::path(src) / "config.json"));
  edit(cfg);
  std::ofstream(dst / "config.json") << cfg.dump();
  return dst.string();
}

TEST(BertModel, ClearErrorsForUnsupportedOrInconsistentModels) {
  EXPECT_NE(LoadError(EditedModel("roberta", [](auto& c) { c["model_type"] = "roberta"; }), 1)
                .find("field 'model_type': unsupported architecture \"roberta\""),
            std::string::npos);
  EXPECT_NE(LoadError(EditedModel("gelu_new", [](auto& c) { c["hidden_act"] = "gelu_new"; }), 1)
                .find("field 'hidden_act'"),
            std::string::npos);
  EXPECT_NE(LoadError(EditedModel("wide", [](auto& c) { c["intermediate_size"] = 64; }), 1)
                .find("tensor 'encoder.layer.0.intermediate.dense.weight' has shape [128, 32], "
                      "expected [64, 32]"),
            std::string::npos);
  EXPECT_NE(LoadError(EditedModel("deep", [](auto& c) { c["num_hidden_layers"] = 3; }), 3)
                .find("missing tensor 'encoder.layer.2.attention.self.query.weight'"),
            std::string::npos);
  EXPECT_NE(LoadError(testing::TinyModel("tiny"), 5).find("layer 5 requested but the model has 2"),
            std::string::npos);
  EXPECT_NE(LoadError((testing::TempRoot() / "nowhere").string(), 1).find("config.json: cannot open"),
            std::string::npos);
}

}  // namespace
}  // namespace clue::metrics::bert
