// Agreement with the reference implementations on ../shared/metric-cases: 463 prediction /
// reference pairs scored by rouge-score 0.1.2 (with and without stemming), sacrebleu 2.6.0
// sentence BLEU / chrF, and the corpus BLEU / chrF line with its signatures. Tolerance 1e-9.
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/metrics/bleu.h"
#include "clue/metrics/chrf.h"
#include "clue/metrics/rouge.h"

namespace clue::metrics {
namespace {

using nlohmann::json;

constexpr double kTol = 1e-9;

std::vector<json> ReadJsonl(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path << " (tests run from the repo root)";
  std::vector<json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

struct Cases {
  std::vector<json> cases, expected;
  std::vector<std::vector<std::string>> refs;
};

const Cases& Load() {
  static const Cases c = [] {
    Cases c;
    c.cases = ReadJsonl("../shared/metric-cases/cases.jsonl");
    c.expected = ReadJsonl("../shared/metric-cases/expected.jsonl");
    for (const auto& x : c.cases) {
      const auto& r = x.at("reference");
      c.refs.push_back(r.is_string() ? std::vector<std::string>{r.get<std::string>()}
                                     : r.get<std::vector<std::string>>());
    }
    return c;
  }();
  return c;
}

// Every case as the Metric interface takes it.
std::vector<MetricInput> Inputs(const Cases& c) {
  std::vector<MetricInput> inputs(c.cases.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    inputs[i].prediction = c.cases[i]["prediction"].get_ref<const std::string&>();  // Load() keeps it alive
    inputs[i].references = c.refs[i];
  }
  return inputs;
}

TEST(MetricCasesTest, FilesLineUp) {
  const Cases& c = Load();
  ASSERT_EQ(c.cases.size(), 463u);
  ASSERT_EQ(c.expected.size(), 464u);
  for (size_t i = 0; i < c.cases.size(); ++i) ASSERT_EQ(c.cases[i]["id"], c.expected[i]["id"]);
}

void CheckRouge(bool stem, const char* key) {
  const Cases& c = Load();
  ASSERT_EQ(c.expected.size(), c.cases.size() + 1);
  const std::vector<std::string> types = {"rouge1", "rouge2", "rougeL", "rougeLsum"};
  RougeScorer scorer(types, stem);
  std::vector<RougeScore> got(types.size());
  int failures = 0;
  for (size_t i = 0; i < c.cases.size(); ++i) {
    scorer.ScoreMulti(c.refs[i], c.cases[i]["prediction"].get<std::string>(), got.data());
    for (size_t k = 0; k < types.size(); ++k) {
      const json& e = c.expected[i][key][types[k]];
      const double want[3] = {e["precision"], e["recall"], e["fmeasure"]};
      const double have[3] = {got[k].precision, got[k].recall, got[k].fmeasure};
      for (int j = 0; j < 3; ++j) {
        if (std::fabs(want[j] - have[j]) > kTol && ++failures <= 10)
          ADD_FAILURE() << c.cases[i]["id"] << " " << key << " " << types[k] << " [" << j
                        << "] want " << want[j] << " got " << have[j];
      }
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(MetricCasesTest, RougeNoStem) { CheckRouge(false, "rouge_nostem"); }
TEST(MetricCasesTest, RougeStem) { CheckRouge(true, "rouge_stem"); }

TEST(MetricCasesTest, SentenceBleu) {
  const Cases& c = Load();
  ASSERT_EQ(c.expected.size(), c.cases.size() + 1);
  BleuMetric bleu(json::object(), MetricContext{});
  std::vector<double> stats(bleu.stat_count());
  int failures = 0;
  auto check = [&](const json& id, const char* what, double want, double have) {
    if (std::fabs(want - have) > kTol && ++failures <= 10)
      ADD_FAILURE() << id << " " << what << " want " << want << " got " << have;
  };
  for (size_t i = 0; i < c.cases.size(); ++i) {
    BleuSegmentStats(c.cases[i]["prediction"].get<std::string>(), c.refs[i], bleu.options(),
                     stats.data());
    const BleuResult r = bleu.FromStats(stats.data(), true);
    const json& e = c.expected[i]["sentence_bleu"];
    const json& id = c.cases[i]["id"];
    check(id, "score", e["score"], r.score);
    check(id, "bp", e["bp"], r.bp);
    check(id, "sys_len", e["sys_len"], r.sys_len);
    check(id, "ref_len", e["ref_len"], r.ref_len);
    for (size_t n = 0; n < 4; ++n) {
      check(id, "counts", e["counts"][n], r.counts[n]);
      check(id, "totals", e["totals"][n], r.totals[n]);
      check(id, "precisions", e["precisions"][n], r.precisions[n]);
    }
    double v = 0;
    bleu.SampleValues(stats.data(), &v);
    check(id, "SampleValues", e["score"], v);
  }
  EXPECT_EQ(failures, 0);
}

TEST(MetricCasesTest, SentenceChrf) {
  const Cases& c = Load();
  ASSERT_EQ(c.expected.size(), c.cases.size() + 1);
  ChrfMetric chrf("chrf", json::object(), MetricContext{});
  std::vector<double> stats(chrf.stat_count());
  int failures = 0;
  for (size_t i = 0; i < c.cases.size(); ++i) {
    ChrfSegmentStats(c.cases[i]["prediction"].get<std::string>(), c.refs[i], chrf.options(),
                     stats.data());
    double v = 0;
    chrf.SampleValues(stats.data(), &v);
    const double want = c.expected[i]["sentence_chrf"]["score"];
    if (std::fabs(want - v) > kTol && ++failures <= 10)
      ADD_FAILURE() << c.cases[i]["id"] << " chrf want " << want << " got " << v;
  }
  EXPECT_EQ(failures, 0);
}

// The corpus line goes through the Metric interface (ScoreAll + CorpusValues), as `clue` does.
TEST(MetricCasesTest, CorpusBleuAndChrfWithSignatures) {
  const Cases& c = Load();
  ASSERT_EQ(c.expected.size(), c.cases.size() + 1);
  const json& corpus = c.expected.back();
  ASSERT_EQ(corpus["id"], "__corpus__");
  const std::vector<MetricInput> inputs = Inputs(c);
  MetricContext ctx;
  ctx.settings["threads"] = "2";
  BleuMetric bleu(json::object(), ctx);
  std::vector<double> bstats(inputs.size() * bleu.stat_count());
  for (const auto& err : bleu.ScoreAll(inputs, bstats.data())) ASSERT_EQ(err, "");
  std::vector<double> sum(bleu.stat_count(), 0.0);
  for (size_t i = 0; i < inputs.size(); ++i)
    for (size_t j = 0; j < sum.size(); ++j) sum[j] += bstats[i * sum.size() + j];
  const BleuResult r = bleu.FromStats(sum.data(), false);
  const json& eb = corpus["corpus_bleu"];
  EXPECT_NEAR(r.score, eb["score"].get<double>(), kTol);
  EXPECT_NEAR(r.bp, eb["bp"].get<double>(), kTol);
  EXPECT_EQ(r.sys_len, eb["sys_len"].get<double>());
  EXPECT_EQ(r.ref_len, eb["ref_len"].get<double>());
  for (size_t n = 0; n < 4; ++n) {
    EXPECT_EQ(r.counts[n], eb["counts"][n].get<double>());
    EXPECT_EQ(r.totals[n], eb["totals"][n].get<double>());
    EXPECT_NEAR(r.precisions[n], eb["precisions"][n].get<double>(), kTol);
  }
  double corpus_value = 0;
  bleu.CorpusValues(bstats.data(), inputs.size(), nullptr, &corpus_value);
  EXPECT_NEAR(corpus_value, eb["score"].get<double>(), kTol);

  ChrfMetric chrf("chrf", json::object(), ctx);
  std::vector<double> cstats(inputs.size() * chrf.stat_count());
  for (const auto& err : chrf.ScoreAll(inputs, cstats.data())) ASSERT_EQ(err, "");
  chrf.CorpusValues(cstats.data(), inputs.size(), nullptr, &corpus_value);
  EXPECT_NEAR(corpus_value, corpus["corpus_chrf"]["score"].get<double>(), kTol);

  EXPECT_EQ(bleu.Signature("var", false), corpus["signatures"]["bleu"]);
  EXPECT_EQ(bleu.Signature("per-example", true), corpus["signatures"]["sentence_bleu"]);
  EXPECT_EQ(chrf.Signature("var"), corpus["signatures"]["chrf"]);
}

// ROUGE through the Metric interface on all cores must equal the direct scorer.
TEST(MetricCasesTest, RougeMetricScoreAllMatchesExpected) {
  const Cases& c = Load();
  const std::vector<MetricInput> inputs = Inputs(c);
  MetricContext ctx;
  ctx.settings["threads"] = "3";
  RougeMetric rouge(json{{"types", {"rougeL", "rouge1", "rouge2"}}, {"stem", true}}, ctx);
  ASSERT_EQ(rouge.values()[0].name, "rougeL_p");
  ASSERT_EQ(rouge.values()[2].name, "rougeL_f");
  std::vector<double> stats(inputs.size() * rouge.stat_count());
  for (const auto& err : rouge.ScoreAll(inputs, stats.data())) ASSERT_EQ(err, "");
  const char* types[] = {"rougeL", "rouge1", "rouge2"};
  for (size_t i = 0; i < inputs.size(); ++i)
    for (size_t k = 0; k < 3; ++k)
      ASSERT_NEAR(stats[i * 9 + 3 * k + 2],
                  c.expected[i]["rouge_stem"][types[k]]["fmeasure"].get<double>(), kTol)
          << c.cases[i]["id"] << " " << types[k];
}

}  // namespace
}  // namespace clue::metrics
