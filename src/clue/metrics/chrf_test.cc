#include "clue/metrics/chrf.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

using nlohmann::json;

double Corpus(const std::vector<std::string>& hyps, const std::vector<std::string>& refs,
              const json& opts, const std::string& name = "chrf") {
  ChrfMetric m(name, opts, MetricContext{});
  std::vector<std::vector<std::string>> r(hyps.size());
  std::vector<MetricInput> in(hyps.size());
  for (size_t i = 0; i < hyps.size(); ++i) {
    r[i] = {refs[i]};
    in[i].prediction = hyps[i];
    in[i].references = r[i];
  }
  std::vector<double> stats(hyps.size() * m.stat_count());
  for (const auto& e : m.ScoreAll(in, stats.data())) EXPECT_EQ(e, "");
  double v = 0;
  m.CorpusValues(stats.data(), hyps.size(), nullptr, &v);
  return v;
}

// sacrebleu test/test_chrf.py test_cases: beta 3 with eps smoothing (tolerance 1e-4 there).
TEST(ChrfTest, PublishedEpsSmoothing) {
  const json o = {{"beta", 3}, {"eps_smoothing", true}};
  struct Case {
    std::vector<std::string> h, r;
    double want;
  } cases[] = {
      {{"abcdefg"}, {"hijklmnop"}, 0.0},
      {{"a"}, {"b"}, 0.0},
      {{""}, {"b"}, 0.0},
      {{""}, {"ref"}, 0.0},
      {{""}, {"reference"}, 0.0},
      {{"aa"}, {"ab"}, 8.3333},
      {{"a", "b"}, {"a", "c"}, 8.3333},
      {{"a"}, {"a"}, 16.6667},
      {{"a b c"}, {"a b c"}, 50.0},
      {{"a b c"}, {"abc"}, 50.0},
      {{" risk assessment must be made of those who are qualified and expertise in the sector - "
        "these are the scientists ."},
       {"risk assessment has to be undertaken by those who are qualified and expert in that area "
        "- that is the scientists ."},
       63.361730},
      {{" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "},
       {"Das Verh\xC3\xA4ltnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."},
       64.1302698},
      {{"Niemand hat die Absicht, eine Mauer zu errichten"},
       {"Niemand hat die Absicht, eine Mauer zu errichten"},
       100.0},
  };
  for (const auto& k : cases) EXPECT_NEAR(Corpus(k.h, k.r, o), k.want, 1e-4) << k.h[0];
}

// test_cases_effective_order (sacreBLEU < 2.0 style, the default).
TEST(ChrfTest, PublishedEffectiveOrder) {
  const json o = {{"beta", 3}};
  EXPECT_NEAR(Corpus({"a"}, {"a"}, o), 100.0, 1e-4);
  EXPECT_NEAR(Corpus({""}, {"reference"}, o), 0.0, 1e-4);
  EXPECT_NEAR(Corpus({"a b c"}, {"a b c"}, o), 100.0, 1e-4);
  EXPECT_NEAR(Corpus({"a b c"}, {"abc"}, o), 100.0, 1e-4);
  EXPECT_NEAR(Corpus({""}, {"c"}, o), 0.0, 1e-4);
  EXPECT_NEAR(Corpus({"a", "b"}, {"a", "c"}, o), 50.0, 1e-4);
  EXPECT_NEAR(Corpus({"aa"}, {"ab"}, o), 25.0, 1e-4);
}

// test_cases_keep_whitespace and test_chrf_sentence_level.
TEST(ChrfTest, PublishedWhitespaceAndSentence) {
  const json o = {{"beta", 3}, {"whitespace", true}};
  EXPECT_NEAR(Corpus({"Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."},
                     {"Das Verh\xC3\xA4ltnis zwischen Obama und Netanyahu ist nicht gerade "
                      "freundschaftlich."},
                     o),
              67.3481606, 1e-4);
  EXPECT_NEAR(Corpus({"risk assessment must be made of those who are qualified and expertise in "
                      "the sector - these are the scientists ."},
                     {"risk assessment has to be undertaken by those who are qualified and expert "
                      "in that area - that is the scientists ."},
                     o),
              65.2414427, 1e-4);
  const json eps = {{"eps_smoothing", true}};
  EXPECT_NEAR(Corpus({"Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."},
                     {"Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo "
                      "zemře."},
                     eps),
              39.14078509, 1e-4);
}

// Hand-worked chrF++ word n-grams: "(hi)" splits into "(hi" and ")" (sacrebleu issue #124).
TEST(ChrfTest, ChrfPlusPlusAndHandWorked) {
  ChrfMetric pp("chrf++", json::object(), MetricContext{});
  EXPECT_EQ(pp.stat_count(), 24u);
  EXPECT_EQ(pp.values()[0].name, "chrf++");
  EXPECT_EQ(pp.Signature("1"), "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0");
  // Identical texts score 100 under chrF and chrF++.
  EXPECT_NEAR(Corpus({"pt w/ hx of CHF, s/p CABG"}, {"pt w/ hx of CHF, s/p CABG"}, json::object(),
                     "chrf++"), 100.0, 1e-12);
  // Word unigram stats: hyp words "(hi" ")" vs ref words "hi" ")" -> 1 of 2 match.
  double stats[24];
  std::vector<std::string> refs = {"hi )"};
  ChrfSegmentStats("(hi)", refs, pp.options(), stats);
  EXPECT_EQ(stats[18], 2);  // hyp word unigrams
  EXPECT_EQ(stats[19], 2);  // ref word unigrams
  EXPECT_EQ(stats[20], 1);  // matches
  // Unicode: characters are code points ("é" is one character, whitespace is dropped).
  ChrfMetric c("chrf", json::object(), MetricContext{});
  double s6[18];
  refs = {"caf\xC3\xA9"};
  ChrfSegmentStats("c a f \xC3\xA9", refs, c.options(), s6);
  EXPECT_EQ(s6[0], 4);  // hyp unigrams
  EXPECT_EQ(s6[2], 4);  // all matched
  EXPECT_EQ(s6[15], 0); // no 6-grams in the reference, so hyp 6-grams count 0
  // Multi-reference: the best-F reference is kept, the first on ties.
  refs = {"zzz", "caf\xC3\xA9", "caf\xC3\xA9"};
  ChrfSegmentStats("caf\xC3\xA9", refs, c.options(), s6);
  double v = 0;
  c.SampleValues(s6, &v);
  EXPECT_NEAR(v, 100.0, 1e-12);
  EXPECT_THROW(ChrfMetric("chrf", {{"beta", "2"}}, MetricContext{}), std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
