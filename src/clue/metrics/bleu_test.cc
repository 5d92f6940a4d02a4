#include "clue/metrics/bleu.h"

#include <cmath>

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

using nlohmann::json;

// Corpus BLEU through the Metric interface; refs[k] is the k-th reference stream.
double Corpus(const std::vector<std::string>& hyps,
              const std::vector<std::vector<std::string>>& streams, const json& opts) {
  BleuMetric m(opts, MetricContext{});
  std::vector<std::vector<std::string>> refs(hyps.size());
  for (const auto& s : streams)
    for (size_t i = 0; i < hyps.size(); ++i) refs[i].push_back(s[i]);
  std::vector<MetricInput> in(hyps.size());
  for (size_t i = 0; i < hyps.size(); ++i) {
    in[i].prediction = hyps[i];
    in[i].references = refs[i];
  }
  std::vector<double> stats(hyps.size() * m.stat_count());
  for (const auto& e : m.ScoreAll(in, stats.data())) EXPECT_EQ(e, "");
  double v = 0;
  m.CorpusValues(stats.data(), hyps.size(), nullptr, &v);
  return v;
}

// sacrebleu compat.raw_corpus_bleu: floor smoothing, no tokenizer, effective order.
json Raw(double floor) {
  return {{"tokenize", "none"}, {"smooth_method", "floor"}, {"smooth_value", floor},
          {"effective_order", true}};
}

const std::vector<std::string> kHyps = {"The dog bit the man.", "It wasn't surprising.",
                                        "The man had just bitten him."};
const std::vector<std::vector<std::string>> kRefs = {
    {"The dog bit the man.", "It was not unexpected.", "The man bit him first."},
    {"The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."}};

// sacrebleu test/test_bleu.py test_corpus_bleu_cases (tolerance 1e-8 there too).
TEST(BleuTest, PublishedCorpusCases) {
  EXPECT_NEAR(Corpus(kHyps, kRefs, json::object()), 48.530827, 1e-6);
  EXPECT_NEAR(Corpus({"", "", ""}, kRefs, json::object()), 0.0, 1e-8);
  EXPECT_NEAR(Corpus(kHyps, kRefs, {{"tokenize", "none"}}), 49.1919566, 1e-6);
  EXPECT_NEAR(Corpus(kHyps, kRefs, {{"tokenize", "13a"}}), 48.530827, 1e-6);
  EXPECT_NEAR(Corpus(kHyps, kRefs, {{"tokenize", "intl"}}), 43.91623493, 1e-6);
  EXPECT_NEAR(Corpus(kHyps, kRefs, {{"smooth_method", "none"}}), 48.530827, 1e-6);
}

// test_bleu_max_order: formatted to two decimals.
TEST(BleuTest, PublishedMaxOrder) {
  const char* want[] = {"77.65", "60.50", "53.93", "48.53", "46.14", "43.28"};
  for (int order = 1; order <= 6; ++order) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", Corpus(kHyps, kRefs, {{"max_ngram_order", order}}));
    EXPECT_STREQ(buf, want[order - 1]) << order;
  }
}

// test_raw_bleu, test_effective_order, test_offset, test_statistics.
TEST(BleuTest, PublishedRawCases) {
  EXPECT_NEAR(Corpus({"this is a test", "another test"}, {{"ref1", "ref2"}}, Raw(0.01)), 0, 1e-6);
  EXPECT_NEAR(Corpus({"this is a test"}, {{"this is a test"}}, Raw(0.01)) / 100, 1.0, 1e-8);
  EXPECT_NEAR(Corpus({"this is a fest"}, {{"this is a test"}}, Raw(0.01)) / 100,
              0.223606797749979, 1e-8);
  EXPECT_NEAR(Corpus({"test"}, {{"a test"}}, Raw(0.01)) / 100, 0.3678794411714425, 1e-8);
  EXPECT_NEAR(Corpus({"a test"}, {{"a test"}}, Raw(0.01)) / 100, 1.0, 1e-8);
  EXPECT_NEAR(Corpus({"a little test"}, {{"a test"}}, Raw(0.01)) / 100, 0.03218297948685433,
              1e-8);
  const std::vector<std::string> h = {"am I am a character sequence"};
  const std::vector<std::vector<std::string>> r = {{"I am a symbol string sequence a a"}};
  EXPECT_NEAR(Corpus(h, r, Raw(0.0)) / 100, 0, 1e-8);
  EXPECT_NEAR(Corpus(h, r, Raw(0.1)) / 100, 0.1555722182, 1e-8);
  BleuOptions opt;
  opt.tokenizer = BleuTokenizer::kNone;
  double stats[10];
  std::vector<std::string> refs = {r[0][0]};
  BleuSegmentStats(h[0], refs, opt, stats);
  const double counts[] = {4, 2, 1, 0}, totals[] = {6, 5, 4, 3};
  for (int n = 0; n < 4; ++n) {
    EXPECT_EQ(stats[2 + n], counts[n]);
    EXPECT_EQ(stats[6 + n], totals[n]);
  }
}

// test_scoring and test_degenerate_statistics (BLEU.compute_bleu on given statistics).
TEST(BleuTest, PublishedComputeBleu) {
  const double c[] = {9, 7, 5, 3}, t[] = {10, 8, 6, 4};
  EXPECT_NEAR(ComputeBleu(c, t, 11, 11, BleuSmooth::kNone, -1, false, 4).score / 100,
              0.8375922397, 1e-8);
  struct Case {
    double c[4], t[4], sys, ref, floor;
  } cases[] = {{{0, 0, 0, 0}, {4, 4, 2, 1}, 0, 1, 0.0},   {{0, 0, 0, 0}, {10, 11, 12, 0}, 14, 10, 0.0},
               {{0, 0, 0, 0}, {0, 0, 0, 0}, 0, 0, 0.0},   {{6, 5, 4, 0}, {6, 5, 4, 3}, 6, 6, 0.0},
               {{0, 0, 0, 0}, {0, 0, 0, 0}, 0, 0, 0.1},   {{0, 0, 0, 0}, {0, 0, 0, 0}, 1, 5, 0.01}};
  for (const auto& k : cases)
    EXPECT_EQ(ComputeBleu(k.c, k.t, k.sys, k.ref, BleuSmooth::kFloor, k.floor, false, 4).score, 0.0);
}

double Sentence(const std::string& hyp, const std::string& ref, const json& opts) {
  BleuMetric m(opts, MetricContext{});
  std::vector<double> stats(m.stat_count());
  std::vector<std::string> refs = {ref};
  MetricInput in;
  in.prediction = hyp;
  in.references = refs;
  m.Score(in, stats.data());
  double v = 0;
  m.SampleValues(stats.data(), &v);
  return v;
}

// sacrebleu test/test_sentence_bleu.py (tolerance 1e-3 there; the 'char' tokenizer is not
// supported here).
TEST(BleuTest, PublishedSentenceCases) {
  const std::string ref = "produc\xC5\xA3ia de zah\xC4\x83r brut se exprim\xC4\x83 \xC3\xAEn zah\xC4\x83r alb;";
  const std::string sys = "Produc\xC8\x9Bia de zah\xC4\x83r prim\xC4\x83 va fi exprimat\xC4\x83 \xC3\xAEn ceea ce "
                          "prive\xC8\x99te zah\xC4\x83rul alb;";
  struct Case {
    const char* smooth;
    double value;
    const char* tok;
    double want;
  } cases[] = {{"exp", -1, "13a", 8.493},     {"none", -1, "13a", 0.0},
               {"floor", -1, "13a", 4.51688}, {"floor", 0.1, "13a", 4.51688},
               {"floor", 0.5, "13a", 10.10},  {"add-k", -1, "13a", 14.882},
               {"add-k", 1, "13a", 14.882},   {"add-k", 2, "13a", 21.389},
               {"exp", -1, "none", 7.347},    {"exp", -1, "intl", 8.493}};
  for (const auto& k : cases) {
    json o = {{"smooth_method", k.smooth}, {"tokenize", k.tok}};
    if (k.value >= 0) o["smooth_value"] = k.value;
    EXPECT_NEAR(Sentence(sys, ref, o), k.want, 1e-3) << k.smooth << " " << k.value << " " << k.tok;
  }
  for (const char* smooth : {"exp", "none", "floor", "add-k"})
    EXPECT_EQ(Sentence("this is a cat", "okay thanks", {{"smooth_method", smooth}}), 0.0);
}

// Hand-worked: hypothesis "pt w / hx of CHF , s / p CABG" (after 13a) equals the reference, so
// BLEU is 100; an empty hypothesis has brevity penalty 0.
TEST(BleuTest, HandWorked) {
  EXPECT_NEAR(Sentence("pt w/ hx of CHF, s/p CABG", "pt w/ hx of CHF, s/p CABG", json::object()),
              100.0, 1e-12);
  EXPECT_EQ(Sentence("", "text here", json::object()), 0.0);
  // Effective order: 2 tokens, one bigram, both matched -> geometric mean over 2 orders = 100.
  EXPECT_NEAR(Sentence("a test", "a test", json::object()), 100.0, 1e-12);
  // Closest reference length: hyp 3 tokens, refs 2 and 4 tokens tie at distance 1 -> 2 wins.
  BleuOptions opt;
  double stats[10];
  std::vector<std::string> refs = {"a b c d", "a b"};
  BleuSegmentStats("a b c", refs, opt, stats);
  EXPECT_EQ(stats[0], 3);
  EXPECT_EQ(stats[1], 2);
  EXPECT_EQ(stats[2], 3);  // unigrams matched against the per-n-gram max over references
}

TEST(BleuTest, SignatureAndOptions) {
  BleuMetric m(json::object(), MetricContext{});
  EXPECT_EQ(m.Signature("1", false), "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
  BleuMetric f({{"smooth_method", "floor"}, {"tokenize", "intl"}, {"lowercase", true}},
               MetricContext{});
  EXPECT_EQ(f.Signature("var", true),
            "nrefs:var|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0");
  BleuMetric k({{"smooth_method", "add-k"}, {"smooth_value", 2}}, MetricContext{});
  EXPECT_EQ(k.Signature("2", false),
            "nrefs:2|case:mixed|eff:no|tok:13a|smooth:add-k[2.00]|version:2.6.0");
  EXPECT_THROW(BleuMetric({{"smooth_method", "bogus"}}, MetricContext{}), std::invalid_argument);
  EXPECT_THROW(BleuMetric({{"tokenize", "zh"}}, MetricContext{}), std::invalid_argument);
  EXPECT_THROW(BleuMetric({{"colour", 1}}, MetricContext{}), std::invalid_argument);
  EXPECT_EQ(m.values()[0].name, "bleu");
  EXPECT_EQ(m.stat_count(), 10u);
}

// Weighted corpus values equal repeating samples (what the bootstrap relies on).
TEST(BleuTest, WeightsRepeatSamples) {
  BleuMetric m(json::object(), MetricContext{});
  std::vector<std::vector<std::string>> refs = {{kRefs[0][0]}, {kRefs[0][1]}, {kRefs[0][2]}};
  std::vector<MetricInput> in(3);
  for (size_t i = 0; i < 3; ++i) {
    in[i].prediction = kHyps[i];
    in[i].references = refs[i];
  }
  std::vector<double> stats(3 * m.stat_count());
  m.ScoreAll(in, stats.data());
  std::vector<double> rep;
  for (int i : {0, 0, 2}) rep.insert(rep.end(), stats.begin() + i * 10, stats.begin() + i * 10 + 10);
  const double w[] = {2, 0, 1};
  double a = 0, b = 0;
  m.CorpusValues(stats.data(), 3, w, &a);
  m.CorpusValues(rep.data(), 3, nullptr, &b);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace clue::metrics
