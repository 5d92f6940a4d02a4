#include "clue/metrics/rouge.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

RougeScore One(const std::string& type, const std::string& target, const std::string& pred,
               bool stem = false) {
  RougeScorer s({type}, stem);
  RougeScore out;
  s.Score(target, pred, &out);
  return out;
}

void ExpectScore(const RougeScore& s, double p, double r, double f) {
  EXPECT_NEAR(s.precision, p, 1e-12);
  EXPECT_NEAR(s.recall, r, 1e-12);
  EXPECT_NEAR(s.fmeasure, f, 1e-12);
}

// rouge-score 0.1.2 rouge_score/rouge_scorer_test.py.
TEST(RougeTest, PublishedTypes) {
  for (const char* bad : {"rougen", "rouge0", "rouge10", "rougeX"})
    EXPECT_THROW(RougeScorer({bad}, false), std::invalid_argument) << bad;
  for (const char* ok : {"rouge1", "rouge9", "rougeL", "rougeLsum"})
    EXPECT_NO_THROW(RougeScorer({ok}, false));
}

TEST(RougeTest, PublishedScores) {
  ExpectScore(One("rouge1", "testing one two", "testing"), 1, 1.0 / 3, 0.5);
  ExpectScore(One("rouge2", "testing one two", "testing one"), 1, 0.5, 2.0 / 3);
  ExpectScore(One("rougeL", "testing one two", "testing one"), 1, 2.0 / 3, 0.8);
  ExpectScore(One("rougeL", "testing one two", "testing two"), 1, 2.0 / 3, 0.8);
  for (const char* t : {"rouge1", "rouge2", "rougeL", "rougeLsum"})
    ExpectScore(One(t, "testing one two", ""), 0, 0, 0);
  // testRougeLsum: union LCS over candidate sentences.
  ExpectScore(One("rougeLsum", "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5"), 0.4, 0.8,
              2 * 0.4 * 0.8 / 1.2);
  ExpectScore(One("rougeLsum", "", "w1"), 0, 0, 0);
  ExpectScore(One("rougeLsum", "w1 w2 w3 w4 w5", "/"), 0, 0, 0);
  // testRougeLSumSentenceSplitting (split_summaries=False, the default).
  EXPECT_NEAR(One("rougeLsum", "First sentence.\nSecond Sentence.",
                  "Second sentence.\nFirst Sentence.", true).fmeasure, 1.0, 1e-12);
  EXPECT_NEAR(One("rougeLsum", "First sentence. Second Sentence.",
                  "Second sentence. First Sentence.", true).fmeasure, 0.5, 1e-12);
}

TEST(RougeTest, PublishedMulti) {
  RougeScorer s({"rouge1", "rouge2", "rougeL"}, false);
  std::vector<std::string> refs = {"first text", "first something"};
  RougeScore out[3];
  s.ScoreMulti(refs, "text first", out);
  EXPECT_NEAR(out[0].fmeasure, 1, 1e-12);
  EXPECT_NEAR(out[1].fmeasure, 0, 1e-12);
  EXPECT_NEAR(out[2].fmeasure, 0.5, 1e-12);
  EXPECT_THROW(s.ScoreMulti({}, "x", out), std::invalid_argument);
}

// Hand-worked: target tokens pt w hx of chf s p cabg (8); prediction tokens
// pt with history of chf s p cabg x2 (9). Unigram overlap 6; bigram overlap 4 of 7 / 8
// (of-chf, chf-s, s-p, p-cabg); LCS 6.
TEST(RougeTest, ClinicalAbbreviations) {
  const std::string t = "pt w/ hx of CHF, s/p CABG";
  const std::string p = "Pt with history of CHF s/p CABG x2";
  ExpectScore(One("rouge1", t, p), 6.0 / 9, 6.0 / 8, 12.0 / 17);
  ExpectScore(One("rouge2", t, p), 0.5, 4.0 / 7, 2 * 0.5 * (4.0 / 7) / (0.5 + 4.0 / 7));
  ExpectScore(One("rougeL", t, p), 6.0 / 9, 6.0 / 8, 12.0 / 17);
}

TEST(RougeTest, RepeatedTokensAreClipped) {
  // "the" x4 vs "the cat": overlap min(4, 1) = 1.
  ExpectScore(One("rouge1", "the the the the", "the cat"), 0.5, 0.25, 1.0 / 3);
  ExpectScore(One("rougeL", "the the the the", "the cat"), 0.5, 0.25, 1.0 / 3);
  // rougeLsum caps hits by token counts: both candidate lines match the one "a" of the target.
  ExpectScore(One("rougeLsum", "a b", "a\na"), 0.5, 0.5, 0.5);
}

TEST(RougeTest, EmptyAndWhitespaceOnly) {
  for (const char* t : {"rouge1", "rouge3", "rougeL", "rougeLsum"}) {
    ExpectScore(One(t, "", ""), 0, 0, 0);
    ExpectScore(One(t, " \n\t ", "some text"), 0, 0, 0);
    ExpectScore(One(t, "some text", "\xF0\x9F\x98\x80 !!"), 0, 0, 0);
  }
}

TEST(RougeTest, StemmingChangesMatches) {
  ExpectScore(One("rouge1", "patients running", "patient runs", false), 0, 0, 0);
  ExpectScore(One("rouge1", "patients running", "patient runs", true), 1, 1, 1);
  // "was" (3 chars) is not stemmed, so it does not meet "wa".
  ExpectScore(One("rouge1", "was", "wa", true), 0, 0, 0);
}

TEST(RougeTest, LongDocuments) {
  // 6,000 tokens; the prediction drops every 10th token: LCS 5400, unigram overlap 5400.
  std::string t, p;
  for (int i = 0; i < 6000; ++i) {
    const std::string w = "w" + std::to_string((i * 7) % 97) + " ";
    t += w;
    if (i % 10 != 0) p += w;
  }
  ExpectScore(One("rougeL", t, p), 1, 0.9, 2 * 0.9 / 1.9);
  ExpectScore(One("rouge1", t, p), 1, 0.9, 2 * 0.9 / 1.9);
  ExpectScore(One("rougeLsum", t, p), 1, 0.9, 2 * 0.9 / 1.9);
}

TEST(RougeTest, MetricOptionsAndValues) {
  RougeMetric m(nlohmann::json{{"types", {"rougeL", "rouge1", "rouge2"}}}, MetricContext{});
  ASSERT_EQ(m.values().size(), 9u);
  EXPECT_EQ(m.values()[2].name, "rougeL_f");
  EXPECT_EQ(m.values()[5].name, "rouge1_f");
  EXPECT_EQ(m.values()[8].name, "rouge2_f");
  EXPECT_EQ(m.values()[8].to_percent, 100.0);
  RougeMetric d(nlohmann::json::object(), MetricContext{});
  EXPECT_EQ(d.values().size(), 12u);
  EXPECT_FALSE(d.scorer().use_stemmer());
  EXPECT_THROW(RougeMetric(nlohmann::json{{"types", {"rouge0"}}}, MetricContext{}),
               std::invalid_argument);
  EXPECT_THROW(RougeMetric(nlohmann::json{{"stemm", true}}, MetricContext{}),
               std::invalid_argument);
  EXPECT_THROW(RougeMetric(nlohmann::json{{"stem", "yes"}}, MetricContext{}),
               std::invalid_argument);
  std::vector<std::string> none;
  MetricInput in;
  in.prediction = "x";
  in.references = none;
  double stats[9];
  auto errors = m.ScoreAll(std::span<const MetricInput>(&in, 1), stats);
  EXPECT_EQ(errors[0], "no reference text");
}

}  // namespace
}  // namespace clue::metrics
