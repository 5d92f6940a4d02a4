// Runs the real `clue` binary on run directories in the results.json/samples.jsonl format.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/report/test_runs.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
};

Result Clue(const std::string& args) {
  const char* bin = std::getenv("CLUE_BIN");
  const std::string cmd = std::string(bin ? bin : CLUE_BINARY_DIR) + "/clue " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class CompareCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("clue_compare_cmd_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    clue::report::testing::WriteRun(dir_ / "a", "model-a", 0.30, 0.40, 100);
    clue::report::testing::WriteRun(dir_ / "b", "model-b", 0.75, 0.40, 100, 1);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CompareCmdTest, TwoRunsAsJsonAndTable) {
  const auto r = Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string() +
                      " --format json --resamples 200 --permutations 200");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["a"], "model-a");
  EXPECT_EQ(j["entries"][0]["name"], "mednli");
  EXPECT_EQ(j["entries"][0]["verdict"], "worse");
  EXPECT_EQ(j["levels"][0]["name"], "L1");
  const auto t = Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string() + " --resamples 200");
  ASSERT_EQ(t.code, 0) << t.out;
  EXPECT_NE(t.out.find("L1: A is worse than B"), std::string::npos) << t.out;
}

TEST_F(CompareCmdTest, FamiliesAsMarkdown) {
  std::ofstream(dir_ / "fam.yaml") << "families:\n  - {biomedical: a, base: b}\n";
  const auto r = Clue("compare --families " + (dir_ / "fam.yaml").string() + " --format markdown --resamples 200");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("| model-a | model-b |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 of 1 significantly worse on Level 1"), std::string::npos) << r.out;
}

TEST_F(CompareCmdTest, MismatchedSampleIdsFailNamingThem) {
  std::ofstream(dir_ / "b" / "mednli" / "samples.jsonl", std::ios::app)
      << R"({"id":"extra-1","status":"scored","values":{"accuracy":1}})" << "\n";
  const auto r = Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string() + " --resamples 50");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.out.find("task mednli: sample ids differ: only in A (0):; only in B (1): extra-1"), std::string::npos)
      << r.out;
}

TEST_F(CompareCmdTest, BadUsageFails) {
  EXPECT_NE(Clue("compare " + (dir_ / "a").string()).code, 0);
  EXPECT_NE(Clue("compare " + (dir_ / "a").string() + " " + (dir_ / "b").string() + " --format xls").code, 0);
}

TEST_F(CompareCmdTest, PowerFromPilot) {
  const auto r = Clue("power " + (dir_ / "a").string() + " --task mednli --delta 5 --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["tasks"][0]["task"], "mednli");
  EXPECT_EQ(j["tasks"][0]["paired"], false);
  // Pilot: 30 of 100 correct -> unit sd = 100*sqrt(0.3*0.7*100/99) = 46.056; rho 0.5 keeps it;
  // n = ceil((2.8015852 * 46.0566 / 5)^2) = 666 (python3: statistics.NormalDist, math.ceil).
  EXPECT_EQ(j["tasks"][0]["samples_needed"], 666);
  const auto p = Clue("power " + (dir_ / "a").string() + " --against " + (dir_ / "b").string() + " --task mednli");
  ASSERT_EQ(p.code, 0) << p.out;
  EXPECT_NE(p.out.find("paired pilot"), std::string::npos) << p.out;
}

}  // namespace
