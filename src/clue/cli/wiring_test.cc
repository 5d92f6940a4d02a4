// End-to-end checks that the pieces meet in `clue run`: optional metrics appear exactly when
// their resources are configured, and `clue compare` works on two server runs.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/backends/testserver/server_process.h"

namespace {

namespace fs = std::filesystem;
using clue::backends::testserver::ClueBinDir;
using clue::backends::testserver::ServerProcess;

struct Output {
  int code;
  std::string text;
};

Output Sh(const std::string& cmd) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

Output Clue(const std::string& args) { return Sh(ClueBinDir() + "/clue " + args); }

nlohmann::json ReadJson(const fs::path& p) {
  std::ifstream f(p);
  return nlohmann::json::parse(f);
}

class WiringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("clue_wiring_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
            "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const std::string kData = "--data-dir ../shared/datasets --data-dir data/samples";

TEST_F(WiringTest, ConceptF1IsReportedOnlyWhenADictionaryIsConfigured) {
  const std::string tasks = "--tasks problem_summary,medisumqa --model baseline -q " + kData;
  ASSERT_EQ(Clue("run " + tasks + " --out " + (dir_ / "without").string()).code, 0);
  const auto without = ReadJson(dir_ / "without" / "results.json");
  for (const char* t : {"problem_summary", "medisumqa"}) {
    EXPECT_FALSE(without["tasks"][t]["values"].contains("UMLS_F1")) << t;
    EXPECT_TRUE(without["tasks"][t]["not_computed"].contains("entity_f1")) << t;
  }
  const Output o = Clue("run " + tasks + " --set concepts.cache_dir=off" +
                        " --set concepts.dict=../shared/datasets/vocab_disease_ontology/doid_lexicon.tsv" +
                        " --out " + (dir_ / "with").string());
  ASSERT_EQ(o.code, 0) << o.text;
  const auto with = ReadJson(dir_ / "with" / "results.json");
  for (const char* t : {"problem_summary", "medisumqa"}) {
    ASSERT_TRUE(with["tasks"][t]["values"].contains("UMLS_F1")) << t;
    const double f = with["tasks"][t]["values"]["UMLS_F1"]["value"];
    EXPECT_GE(f, 0.0);
    EXPECT_LE(f, 100.0);
    EXPECT_FALSE(with["tasks"][t].contains("not_computed") &&
                 with["tasks"][t]["not_computed"].contains("entity_f1")) << t;
  }
}

TEST_F(WiringTest, BertScoreIsReportedWhenAModelDirectoryIsGiven) {
  const fs::path model = dir_ / "tiny_bert";
  const Output made = Sh("/usr/bin/python3 scripts/make_tiny_bert.py --out " + model.string() +
                         " --max-pos 512");
  ASSERT_EQ(made.code, 0) << made.text;
  const Output o = Clue("run --tasks meqsum --limit 3 --model baseline -q " + kData +
                        " --bertscore-model " + model.string() + " --bertscore-layer 1 --out " +
                        (dir_ / "run").string());
  ASSERT_EQ(o.code, 0) << o.text;
  const auto r = ReadJson(dir_ / "run" / "results.json");
  ASSERT_TRUE(r["tasks"]["meqsum"]["values"].contains("BERT_F1")) << r.dump(1);
  EXPECT_FALSE(r["tasks"]["meqsum"]["score"]["partial"].get<bool>());

  // The same model through `clue metrics`: an identical pair scores F1 = 1.
  const fs::path pairs = dir_ / "pairs.jsonl";
  std::ofstream(pairs) << R"({"prediction": "the patient has fever", "reference": "the patient has fever"})"
                       << "\n";
  const Output m = Clue("metrics --metrics bertscore --bertscore-model " + model.string() +
                        " --bertscore-layer 1 < " + pairs.string());
  ASSERT_EQ(m.code, 0) << m.text;
  const auto line = nlohmann::json::parse(m.text.substr(0, m.text.find('\n')));
  EXPECT_NEAR(line["bertscore"]["BERT_F1"].get<double>(), 1.0, 1e-6) << m.text;
}

TEST_F(WiringTest, CompareWorksOnTwoServerRunsWithDifferentAnswers) {
  // The test server derives answers from the request, model name included, so two served names
  // answer the same prompts differently.
  ServerProcess server({"--model", "model-a", "--model", "model-b"});
  const std::string common = "run --suite clue --limit 8 -q " + kData + " --base-url " + server.BaseUrl();
  ASSERT_EQ(Clue(common + " --model openai:model-a --out " + (dir_ / "a").string()).code, 0);
  ASSERT_EQ(Clue(common + " --model openai:model-b --out " + (dir_ / "b").string()).code, 0);

  int differing = 0;
  std::ifstream fa(dir_ / "a" / "longhealth_task1" / "samples.jsonl"),
      fb(dir_ / "b" / "longhealth_task1" / "samples.jsonl");
  for (std::string la, lb; std::getline(fa, la) && std::getline(fb, lb);)
    differing += nlohmann::json::parse(la)["answer"] != nlohmann::json::parse(lb)["answer"];
  EXPECT_GT(differing, 0);

  const Output o = Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string() +
                        " --format json");
  ASSERT_EQ(o.code, 0) << o.text;
  const auto j = nlohmann::json::parse(o.text);
  EXPECT_NE(j.dump().find("longhealth"), std::string::npos) << o.text;
  EXPECT_NE(j.dump().find("L2"), std::string::npos) << o.text;
  const Output table = Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string());
  ASSERT_EQ(table.code, 0) << table.text;
  EXPECT_TRUE(table.text.find("better") != std::string::npos ||
              table.text.find("worse") != std::string::npos ||
              table.text.find("no detectable difference") != std::string::npos) << table.text;
}

}  // namespace
