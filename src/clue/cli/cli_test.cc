// End-to-end tests of the `clue` program as a user runs it.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

std::string ClueBin() {
  const char* dir = std::getenv("CLUE_BIN");
  return std::string(dir && *dir ? dir : CLUE_BINARY_DIR) + "/clue";
}

struct Output {
  int code;
  std::string text;  // stdout and stderr
};

Output Clue(const std::string& args) {
  const std::string cmd = ClueBin() + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

nlohmann::json ReadJson(const fs::path& p) {
  std::ifstream f(p);
  return nlohmann::json::parse(f);
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() /
           ("clue_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(out_);
  }
  void TearDown() override { fs::remove_all(out_); }
  fs::path out_;
};

const char* kData = "--data-dir ../shared/datasets --data-dir data/samples";

TEST_F(CliTest, MainJobPrintsTheClueTableForBaselines) {
  const Output o = Clue(std::string("run --suite clue --model baseline --limit 20 -q ") + kData +
                        " --out " + out_.string());
  ASSERT_EQ(o.code, 0) << o.text;
  EXPECT_NE(o.text.find("L1"), std::string::npos);
  EXPECT_NE(o.text.find("L2"), std::string::npos);
  const nlohmann::json r = ReadJson(out_ / "results.json");
  EXPECT_EQ(r["model"], "baseline");
  EXPECT_EQ(r["profile"], "clue-2024");
  EXPECT_EQ(r["tasks"].size(), 8u);
  // MedNLI's constant "neutral" baseline: 3 of the 9 evaluated synthetic rows are neutral.
  EXPECT_NEAR(r["tasks"]["mednli"]["values"]["ACCURACY"]["value"].get<double>(), 100.0 * 3 / 9, 1e-9);
  // LongHealth task 3's gold is always F; "first option" never picks it.
  EXPECT_EQ(r["tasks"]["longhealth_task3"]["values"]["ACCURACY"]["value"].get<double>(), 0.0);
  // Every sample line carries a status from the fixed set.
  for (const auto& task : r["tasks"].items()) {
    std::ifstream f(out_ / task.key() / "samples.jsonl");
    std::string line;
    size_t n = 0;
    while (std::getline(f, line)) {
      const auto j = nlohmann::json::parse(line);
      EXPECT_TRUE(j["status"] == "scored" || j["status"] == "unparseable" ||
                  j["status"] == "truncated" || j["status"] == "refused")
          << line;
      EXPECT_EQ(j["prompt_hash"].get<std::string>().size(), 64u);
      ++n;
    }
    EXPECT_EQ(n, task.value()["n"].get<size_t>()) << task.key();
  }
}

TEST_F(CliTest, LegacyDoubleCountIsOptIn) {
  const Output o = Clue(std::string("run --tasks mednli --model baseline -q --legacy-double-count ") +
                        kData + " --out " + out_.string());
  ASSERT_EQ(o.code, 0) << o.text;
  // The first evaluated row (entailment) is wrong and counts twice: 3 / 10.
  const nlohmann::json r = ReadJson(out_ / "results.json");
  EXPECT_NEAR(r["tasks"]["mednli"]["values"]["ACCURACY"]["value"].get<double>(), 30.0, 1e-9);
}

TEST_F(CliTest, ScoreReplaysARunToTheSameNumbers) {
  ASSERT_EQ(Clue(std::string("run --suite clue --model baseline --limit 10 -q ") + kData +
                 " --out " + out_.string()).code, 0);
  const fs::path again = out_.string() + "_again";
  const Output o = Clue("score " + out_.string() + " --out " + again.string());
  ASSERT_EQ(o.code, 0) << o.text;
  const nlohmann::json a = ReadJson(out_ / "results.json"), b = ReadJson(again / "results.json");
  for (const auto& t : a["tasks"].items())
    EXPECT_EQ(t.value()["values"], b["tasks"][t.key()]["values"]) << t.key();
  EXPECT_EQ(a["levels"], b["levels"]);
  fs::remove_all(again);
}

TEST_F(CliTest, FileModelWithMissingPredictionsReportsErrorsApart) {
  const fs::path preds = out_.string() + ".jsonl";
  std::ofstream(preds) << "{\"id\": \"synthetic-0004\", \"prediction\": \"entailment\"}\n";
  const Output o = Clue("run --tasks mednli -q --model file:" + preds.string() + " " + kData +
                        " --out " + out_.string());
  EXPECT_EQ(o.code, 3) << o.text;  // completed, but some samples are errors
  const nlohmann::json r = ReadJson(out_ / "results.json");
  const auto& t = r["tasks"]["mednli"];
  EXPECT_EQ(t["n"], 9);
  EXPECT_EQ(t["n_counted"], 1);
  EXPECT_EQ(t["status_counts"]["error"], 8);
  fs::remove(preds);
}

TEST_F(CliTest, DryRunWritesEveryPromptWithoutAModel) {
  const Output o = Clue(std::string("run --tasks meqsum,longhealth_task2 --dry-run --limit 4 ") +
                        kData + " --out " + out_.string());
  ASSERT_EQ(o.code, 0) << o.text;
  std::ifstream f(out_ / "meqsum" / "prompts.jsonl");
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["messages"].size(), 8u);  // system + 3 shots x 2 + query
    ++n;
  }
  EXPECT_EQ(n, 4);
  EXPECT_FALSE(fs::exists(out_ / "results.json"));
}

TEST_F(CliTest, BadTaskFileExitsNonZeroNamingFileAndLine) {
  fs::create_directories(out_);
  const fs::path task = out_ / "bad.yaml";
  std::ofstream(task) << "name: bad\ndataset: {path: x.jsonl}\nprompt: {user: u}\ngold: g\n"
                         "metrics: [{name: label_once}]\nscore: [ACCURACY]\nshots: {count: three}\n";
  const Output o = Clue("run --tasks " + task.string() + " --model baseline --out " + out_.string());
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.text.find(task.string() + ":7: shots.count: expected an integer, got 'three'"),
            std::string::npos) << o.text;
}

TEST_F(CliTest, MissingDataNamesThePathItExpected) {
  const Output o = Clue("run --tasks mednli --model baseline --data-dir /nonexistent --out " +
                        out_.string());
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.text.find("/nonexistent/mednli/mli_test_v1.jsonl"), std::string::npos) << o.text;
}

TEST_F(CliTest, UnknownBaselineIsAClearError) {
  const Output o = Clue(std::string("run --tasks mednli --model baseline:oracle ") + kData +
                        " --out " + out_.string());
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.text.find("task 'mednli' has no baseline 'oracle' (it has: constant)"),
            std::string::npos) << o.text;
}

}  // namespace
