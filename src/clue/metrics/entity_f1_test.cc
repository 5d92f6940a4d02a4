#include "clue/metrics/entity_f1.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path TempDir() {
  fs::path p = fs::temp_directory_path() / ("clue_ef1_" + std::to_string(::getpid()));
  fs::create_directories(p);
  return p;
}

std::string Write(const std::string& name, const std::string& body) {
  std::string path = (TempDir() / name).string();
  std::ofstream(path, std::ios::binary) << body;
  return path;
}

std::unique_ptr<Metric> Must(MetricOrReason m) {
  if (auto* nc = std::get_if<NotComputed>(&m)) ADD_FAILURE() << nc->reason;
  return std::move(std::get<std::unique_ptr<Metric>>(m));
}

// Scores (prediction, reference) pairs and returns the corpus values.
std::vector<double> Corpus(const Metric& m, const std::vector<std::pair<std::string, std::string>>& xs,
                           std::vector<double>* per_sample = nullptr) {
  std::vector<std::vector<std::string>> refs;
  std::vector<std::string> ids;
  for (size_t i = 0; i < xs.size(); ++i) {
    refs.push_back({xs[i].second});
    ids.push_back("s" + std::to_string(i));
  }
  std::vector<MetricInput> in(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    in[i].id = ids[i];
    in[i].prediction = xs[i].first;
    in[i].references = refs[i];
  }
  std::vector<double> stats(xs.size() * m.stat_count());
  auto errors = m.ScoreAll(in, stats.data());
  for (const auto& e : errors) EXPECT_EQ(e, "");
  if (per_sample) *per_sample = stats;
  std::vector<double> out(m.values().size());
  m.CorpusValues(stats.data(), xs.size(), nullptr, out.data());
  return out;
}

TEST(EntityF1Test, SetPrfHandWorked) {
  double v[3];
  // pred {a,b,c}, gold {b,c,d,e}: P = 2/3, R = 2/4, F1 = 2PR/(P+R) = (2/3)/(7/6) = 4/7.
  SetPrf({"a", "b", "c"}, {"b", "c", "d", "e"}, v);
  EXPECT_DOUBLE_EQ(v[0], 2.0 / 3);
  EXPECT_DOUBLE_EQ(v[1], 0.5);
  EXPECT_DOUBLE_EQ(v[2], 4.0 / 7);
  SetPrf({}, {"a"}, v);  // P = 0 for an empty prediction set
  EXPECT_EQ(v[0], 0);
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[2], 0);
  SetPrf({"a"}, {}, v);  // R = 0 for an empty gold set
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[2], 0);
  SetPrf({}, {}, v);  // both empty: 0, not 1
  EXPECT_EQ(v[2], 0);
}

const char* kTsv =
    "C1\tmyocardial infarction\theart attack\n"
    "C2\thypertension\thigh blood pressure\n"
    "C3\tdiabetes mellitus\n"
    "C4\tasthma\n"
    "C5\tcold\tcommon cold\n"
    "C6\tcold\tlow temperature\n";

json Opts(json extra = json::object()) {
  json o = {{"dictionaries", {Write("ef1.tsv", kTsv)}}, {"cache_dir", "off"}};
  o.update(extra);
  return o;
}

TEST(EntityF1Test, MeanOverSamplesHandWorked) {
  auto m = Must(CreateMetric("entity_f1", Opts(), MetricContext{}));
  ASSERT_EQ(m->values().size(), 3u);
  EXPECT_EQ(m->values()[2].name, "UMLS_F1");
  EXPECT_EQ(m->values()[2].to_percent, 100);
  std::vector<double> per;
  // 1: pred {hypertension, myocardial infarction}; gold {myocardial infarction, hypertension,
  //    diabetes mellitus} -> P 1, R 2/3, F1 0.8.   2: pred {} ; gold {asthma} -> 0, 0, 0.
  // Mean: P 0.5, R 1/3, F1 0.4.
  auto v = Corpus(*m, {{"Patient has hypertension and a heart attack.",
                        "Known myocardial infarction and high blood pressure; also diabetes mellitus."},
                       {"No findings.", "asthma"}},
                  &per);
  EXPECT_DOUBLE_EQ(per[0], 1.0);
  EXPECT_DOUBLE_EQ(per[1], 2.0 / 3);
  EXPECT_DOUBLE_EQ(per[2], 0.8);
  EXPECT_DOUBLE_EQ(v[0], 0.5);
  EXPECT_DOUBLE_EQ(v[1], 1.0 / 3);
  EXPECT_DOUBLE_EQ(v[2], 0.4);
}

TEST(EntityF1Test, NamesVersusIds) {
  // "low temperature" -> C6 and "common cold" -> C5 share the canonical name "cold".
  auto by_name = Must(CreateMetric("entity_f1", Opts(), MetricContext{}));
  EXPECT_DOUBLE_EQ(Corpus(*by_name, {{"low temperature", "common cold"}})[2], 1.0);
  auto by_id = Must(CreateMetric("entity_f1", Opts({{"compare", "ids"}}), MetricContext{}));
  EXPECT_DOUBLE_EQ(Corpus(*by_id, {{"low temperature", "common cold"}})[2], 0.0);
}

TEST(EntityF1Test, DiseaseOntologyFromContextSettingAndPrefix) {
  MetricContext ctx;
  ctx.settings["concepts.dict"] = "../shared/datasets/vocab_disease_ontology/doid_lexicon.tsv";
  ctx.settings["concepts.cache_dir"] = (TempDir() / "cache").string();
  auto m = Must(CreateMetric("entity_f1", json{{"prefix", "DO"}}, ctx));
  EXPECT_EQ(m->values()[0].name, "DO_P");
  // pred {type 2 diabetes mellitus, hypertension}; gold adds obesity -> P 1, R 2/3, F1 0.8.
  auto v = Corpus(*m, {{"Patient with type 2 diabetes mellitus and hypertension.",
                        "Type 2 diabetes mellitus; hypertension; obesity."}});
  EXPECT_DOUBLE_EQ(v[0], 1.0);
  EXPECT_DOUBLE_EQ(v[1], 2.0 / 3);
  EXPECT_DOUBLE_EQ(v[2], 0.8);
}

TEST(EntityF1Test, NotComputedWithoutDictionaryOrPlugin) {
  ::unsetenv("CLUE_CONCEPT_DICT");
  auto m = CreateMetric("entity_f1", json::object(), MetricContext{});
  ASSERT_TRUE(std::holds_alternative<NotComputed>(m));
  const std::string& why = std::get<NotComputed>(m).reason;
  EXPECT_NE(why.find("--set concepts.dict="), std::string::npos);
  EXPECT_NE(why.find("entity_f1.plugin"), std::string::npos);
  ::setenv("CLUE_CONCEPT_DICT", Write("env.tsv", kTsv).c_str(), 1);
  auto env = CreateMetric("entity_f1", json{{"cache_dir", "off"}}, MetricContext{});
  ::unsetenv("CLUE_CONCEPT_DICT");
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Metric>>(env));
}

TEST(EntityF1Test, BadOptionsAndBadDictionary) {
  EXPECT_THROW(CreateMetric("entity_f1", Opts({{"compare", "cuis"}}), {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("entity_f1", Opts({{"threshold", 1.5}}), {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("entity_f1", Opts({{"similarity", "dice"}}), {}),
               std::invalid_argument);
  json bad = {{"dictionaries", Write("bad_ef1.tsv", "K1\tok\nK2\n")}, {"cache_dir", "off"}};
  try {
    CreateMetric("entity_f1", bad, {});
    ADD_FAILURE() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("bad_ef1.tsv:2: canonical:"), std::string::npos) << e.what();
  }
}

TEST(EntityF1Test, PluginSettingDelegatesToExternalScorer) {
  const std::string script = Write(
      "umls_plugin.py",
      "import json, sys\n"
      "for line in sys.stdin:\n"
      "    r = json.loads(line)\n"
      "    s = float(r['prediction'] == r['reference'])\n"
      "    print(json.dumps({'id': r['id'], 'UMLS_P': s, 'UMLS_R': s, 'UMLS_F1': s}), flush=True)\n");
  MetricContext ctx;
  ctx.settings["entity_f1.plugin"] = "/usr/bin/python3 " + script;
  auto m = Must(CreateMetric("entity_f1", json::object(), ctx));
  EXPECT_EQ(m->values()[2].name, "UMLS_F1");
  auto v = Corpus(*m, {{"same", "same"}, {"a", "b"}});
  EXPECT_DOUBLE_EQ(v[2], 0.5);
}

}  // namespace
}  // namespace clue::metrics
