#include "clue/metrics/bert/bert_scorer.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/metrics/bert/tiny_bert_testing.h"

namespace clue::metrics::bert {
namespace {

const std::vector<std::string> kCands = {
    "the patient was admitted with chest pain",
    "What is the treatment for fever?",
    "",
    "pneumonia treated with antibiotics",
    "heart failure, atrial fibrillation and anemia",
    "cough"};
const std::vector<std::vector<std::string>> kRefs = {
    {"Patient admitted with chest pain and shortness of breath."},
    {"how can i get rid of my daughter's fever", "What is the treatment for fever?"},
    {"sepsis"},
    {"Pneumonia, treated with antibiotics; discharged home.", ""},
    {"history of heart failure and atrial fibrillation", "anemia", "chronic kidney disease"},
    {"acute kidney injury on chronic kidney disease with hypertension and diabetes mellitus"}};

std::shared_ptr<BertScorer> TinyScorer(int layer) {
  return BertScorer::FromDirectory(testing::TinyModel("tiny"), layer);
}

void ExpectScoresMatch(const std::vector<Prf>& got, const nlohmann::json& ref) {
  ASSERT_EQ(got.size(), ref["scores"].size());
  for (size_t i = 0; i < got.size(); ++i)
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(got[i][c], ref["scores"][i][c].get<double>(), 1e-5) << "cand " << i << " col " << c;
}

TEST(BertScorer, MatchesNumpyReferenceWithMultiRefsAndEmptyInputs) {
  auto scorer = TinyScorer(2);
  const auto got = scorer->Score(kCands, kRefs);
  ExpectScoresMatch(got, testing::Reference(testing::TinyModel("tiny"),
                                            {{"cands", kCands}, {"refs", kRefs}, {"layer", 2}}));
  // bert_score's empty-input rule: an empty candidate scores 0 on all three.
  EXPECT_EQ(got[2], (Prf{0, 0, 0}));
  // Candidate 1 equals one of its references: that pair's P = R = F = 1 wins the max.
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[1][c], 1.0, 1e-6);
}

TEST(BertScorer, IdfSmallBatchesAndLayerOneMatchReference) {
  auto scorer = TinyScorer(1);
  BertScoreOptions opt;
  opt.idf = true;
  opt.batch_size = 2;  // exercises the 0-padding quirk across batch members
  ExpectScoresMatch(scorer->Score(kCands, kRefs, opt),
                    testing::Reference(testing::TinyModel("tiny"), {{"cands", kCands},
                                                                    {"refs", kRefs},
                                                                    {"layer", 1},
                                                                    {"idf", true},
                                                                    {"batch_size", 2}}));
}

TEST(BertScorer, BaselineRescalingMatchesReference) {
  const auto path = testing::TempRoot() / "baseline.tsv";
  // bert_score's format: comma-separated despite the name, rows selected by position = layer.
  std::ofstream(path) << "LAYER,P,R,F\n0,0.1,0.2,0.3\n1,0.5,0.6,0.7\n2,0.75,0.7,0.72\n";
  const auto b = ReadBaseline(path.string(), 2);
  EXPECT_EQ(b, (std::array<float, 3>{0.75f, 0.7f, 0.72f}));
  BertScoreOptions opt;
  opt.baseline = b;
  ExpectScoresMatch(TinyScorer(2)->Score(kCands, kRefs, opt),
                    testing::Reference(testing::TinyModel("tiny"),
                                       {{"cands", kCands}, {"refs", kRefs}, {"layer", 2},
                                        {"baseline", {0.75f, 0.7f, 0.72f}}}));
  EXPECT_THROW(ReadBaseline(path.string(), 3), std::runtime_error);
}

TEST(BertScorer, CasedTokenizerMatchesReference) {
  // do_lower_case false: no lowercasing and no accent stripping ("HÉllo" keeps its É).
  const std::string dir = testing::TinyModel("tiny_cased", "--cased");
  auto scorer = BertScorer::FromDirectory(dir, 2);
  const std::vector<std::string> cands = {"The Patient was admitted", "H\u00E9llo THE patient"};
  const std::vector<std::vector<std::string>> refs = {{"the patient was admitted"}, {"HÉllo the Patient"}};
  const nlohmann::json ref = testing::Reference(
      dir, {{"texts", {cands[1], refs[1][0]}}, {"cands", cands}, {"refs", refs}, {"layer", 2}});
  EXPECT_EQ(scorer->tokenizer().Encode(cands[1]), ref["ids"][0].get<std::vector<int32_t>>());
  EXPECT_EQ(scorer->tokenizer().Encode(refs[1][0]), ref["ids"][1].get<std::vector<int32_t>>());
  EXPECT_NE(scorer->tokenizer().Encode("The"), scorer->tokenizer().Encode("the"));
  ExpectScoresMatch(scorer->Score(cands, refs), ref);
}

TEST(BertScorer, IdenticalTextsAreEmbeddedOnce) {
  auto scorer = TinyScorer(2);
  scorer->Score({"a b", "a b", "c"}, {{"c"}, {"c", "a b"}, {"a b"}});
  EXPECT_EQ(scorer->forward_count(), 2u);
  scorer->Score({"c"}, {{"a b"}});
  EXPECT_EQ(scorer->forward_count(), 2u);  // cached across calls
}

// A hand-made encoder for which every cosine is exactly +1 or -1: layer 0 of a model with
// hidden size 2, where LayerNorm maps every embedding to +-(1, -1). "a", [CLS] and [SEP] point
// one way, "b" the other.
std::shared_ptr<BertScorer> SignScorer() {
  BertConfig c;
  c.vocab_size = 6;
  c.hidden_size = 2;
  c.num_attention_heads = 1;
  c.intermediate_size = 2;
  c.max_position_embeddings = 8;
  TensorMap t;
  t["embeddings.word_embeddings.weight"] = {{6, 2}, {0, 0, 0, 0, 1, -1, 1, -1, 1, -1, -1, 1}};
  t["embeddings.position_embeddings.weight"] = {{8, 2}, std::vector<float>(16, 0.0f)};
  t["embeddings.token_type_embeddings.weight"] = {{2, 2}, {0, 0, 0, 0}};
  t["embeddings.LayerNorm.weight"] = {{2}, {1, 1}};
  t["embeddings.LayerNorm.bias"] = {{2}, {0, 0}};
  WordPieceTokenizer tok({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "b"}, BasicTokenizerOptions{});
  return std::make_shared<BertScorer>(std::move(tok), BertModel::FromTensors(c, t, 0, "test"));
}

TEST(BertScorer, ZeroPaddingQuirkOfBertScoreBatches) {
  // Pair 0: cand "b" = [CLS] b [SEP], ref "a" = [CLS] a [SEP]. The only weighted cand token, b,
  // has cosine -1 with every ref token, so P = -1 ... unless the batch pads the ref side: pair 1's
  // ref "a a a" has 5 tokens, the padded cells are 0, and bert_score's max then gives P = 0.
  // R: ref token a matches cand [CLS] with cosine 1, so R = 1. F = 2PR/(P+R).
  auto scorer = SignScorer();
  const std::vector<std::string> cands = {"b", "a"};
  const std::vector<std::vector<std::string>> refs = {{"a"}, {"a a a"}};
  BertScoreOptions together;  // batch_size 64: both pairs in one batch
  const auto got = scorer->Score(cands, refs, together);
  EXPECT_NEAR(got[0][0], 0.0, 1e-6);
  EXPECT_NEAR(got[0][1], 1.0, 1e-6);
  EXPECT_NEAR(got[0][2], 0.0, 1e-6);
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(got[1][c], 1.0, 1e-6);
  BertScoreOptions alone;
  alone.batch_size = 1;  // no padding: P = -1, R = 1, F = 2(-1)(1)/0 = -inf (not NaN, so kept)
  const auto solo = scorer->Score(cands, refs, alone);
  EXPECT_NEAR(solo[0][0], -1.0, 1e-6);
  EXPECT_NEAR(solo[0][1], 1.0, 1e-6);
  EXPECT_TRUE(std::isinf(solo[0][2]) && solo[0][2] < 0) << solo[0][2];
}

}  // namespace
}  // namespace clue::metrics::bert
