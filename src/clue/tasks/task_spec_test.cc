#include "clue/tasks/task_spec.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"
#include "clue/tasks/suite.h"

namespace clue::tasks {
namespace {

namespace fs = std::filesystem;

class TaskFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("clue_task_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  // Expects LoadTaskFile to fail with exactly this message.
  void ExpectError(const std::string& path, const std::string& profile, const std::string& msg) {
    try {
      LoadTaskFile(path, profile);
      FAIL() << "expected an error: " << msg;
    } catch (const data::InputError& e) {
      EXPECT_EQ(e.what(), msg);
    }
  }
  fs::path dir_;
};

constexpr const char* kMinimal =
    "name: t\n"
    "dataset: {path: t/t.jsonl}\n"
    "prompt:\n"
    "  user: \"Q: {{q}}\"\n"
    "gold: a\n"
    "metrics:\n"
    "  - name: label_once\n"
    "score: [ACCURACY]\n";

TEST_F(TaskFileTest, MinimalTaskGetsDefaults) {
  const TaskSpec t = LoadTaskFile(Write("t.yaml", kMinimal), "clue-2024");
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.profile, "");  // no profiles in the file: the profile does not apply
  EXPECT_EQ(t.shot_count, 0);
  EXPECT_EQ(t.max_tokens, 512);
  EXPECT_EQ(t.temperature, 0.0);
  ASSERT_EQ(t.metrics.size(), 1u);
  EXPECT_EQ(t.metrics[0].line, 7);
  EXPECT_EQ(t.hash.size(), 64u);
}

TEST_F(TaskFileTest, UnknownTopLevelKeyNamesItsLine) {
  const std::string p = Write("t.yaml", std::string(kMinimal) + "temprature: 0\n");
  ExpectError(p, "", p + ":9: temprature: unknown key (expected one of: name, description, "
                         "dataset, transforms, builder, longhealth, prompt, shots, generation, "
                         "postprocess, parse, gold, metrics, score, legacy_double_count, "
                         "baselines, default_baseline, profiles, default_profile, extends)");
}

TEST_F(TaskFileTest, UnknownNestedKeyNamesItsPathAndLine) {
  const std::string p = Write("t.yaml", std::string(kMinimal) + "generation:\n  max_token: 5\n");
  ExpectError(p, "", p + ":10: generation.max_token: unknown key (expected one of: max_tokens, "
                         "temperature, top_p, stop)");
}

TEST_F(TaskFileTest, BadTypeNamesItsLine) {
  const std::string p = Write("t.yaml", std::string(kMinimal) + "generation:\n  max_tokens: lots\n");
  ExpectError(p, "", p + ":10: generation.max_tokens: expected an integer, got 'lots'");
  const std::string q = Write("u.yaml", std::string(kMinimal) + "shots: {count: 1, select: random}\n");
  ExpectError(q, "", q + ":9: shots.select: expected 'first' or 'shuffle'");
}

TEST_F(TaskFileTest, UnknownKeyInsideAProfileNamesItsLine) {
  const std::string p =
      Write("t.yaml", std::string(kMinimal) + "profiles:\n  a:\n    shots: {cnt: 3}\n");
  ExpectError(p, "a", p + ":11: profiles.a.shots.cnt: unknown key (expected one of: count, "
                          "select, seed)");
}

TEST_F(TaskFileTest, UnknownProfileIsAnError) {
  const std::string p = Write("t.yaml", std::string(kMinimal) + "profiles:\n  a: {}\n");
  ExpectError(p, "b", p + ": profiles: task 't' has no profile 'b'");
}

TEST_F(TaskFileTest, ProfileOverridesMergeDeeply) {
  const std::string p = Write(
      "t.yaml", std::string(kMinimal) +
                    "generation: {max_tokens: 512, temperature: 0}\n"
                    "profiles:\n  short: {generation: {max_tokens: 20}}\n");
  const TaskSpec t = LoadTaskFile(p, "short");
  EXPECT_EQ(t.max_tokens, 20);
  EXPECT_EQ(t.temperature, 0.0);
  EXPECT_EQ(t.user_template, "Q: {{q}}");
  EXPECT_NE(t.hash, LoadTaskFile(p, "").hash);
}

TEST_F(TaskFileTest, ExtendsLaysAFileOverItsBase) {
  Write("base.yaml", kMinimal);
  const std::string p = Write("child.yaml", "extends: base\nname: child\ngeneration: {max_tokens: 7}\n");
  const TaskSpec t = LoadTaskFile(p, "");
  EXPECT_EQ(t.name, "child");
  EXPECT_EQ(t.max_tokens, 7);
  EXPECT_EQ(t.gold_field, "a");
  const std::string q = Write("orphan.yaml", "extends: nothere\nname: x\n");
  ExpectError(q, "", q + ":1: extends: no task file " + (dir_ / "nothere.yaml").string());
}

TEST_F(TaskFileTest, MissingRequiredKeysAreNamed) {
  const std::string p = Write("t.yaml", "name: t\ndataset: {path: x}\nprompt: {user: u}\n"
                                        "metrics: [{name: label_once}]\nscore: [ACCURACY]\n");
  ExpectError(p, "", p + ":1: gold: missing");
}

TEST(ClueTasks, EveryTaskLoadsUnderBothProfiles) {
  const TaskCatalog catalog = TaskCatalog::Default("");
  const SuiteSpec suite = LoadSuiteFile(catalog.SuitePath("clue"));
  ASSERT_EQ(suite.levels.size(), 2u);
  EXPECT_EQ(suite.AllTasks().size(), 8u);  // LongHealth is three tasks grouped as one entry
  for (const auto& name : suite.AllTasks())
    for (const char* profile : {"clue-2024", "clue-2025"}) {
      const TaskSpec t = LoadTaskFile(catalog.TaskPath(name), profile);
      EXPECT_EQ(t.profile, profile) << name;
      EXPECT_FALSE(t.score_values.empty()) << name;
    }
}

TEST(ClueTasks, ProfilesEncodeThePublishedDifferences) {
  const TaskCatalog catalog = TaskCatalog::Default("");
  const TaskSpec old_q = LoadTaskFile(catalog.TaskPath("meqsum"), "clue-2024");
  const TaskSpec new_q = LoadTaskFile(catalog.TaskPath("meqsum"), "clue-2025");
  EXPECT_EQ(old_q.max_tokens, 200);
  EXPECT_EQ(old_q.shot_select, "first");
  EXPECT_EQ(old_q.assistant_prefix, "Question: ");
  EXPECT_EQ(new_q.max_tokens, 512);
  EXPECT_EQ(new_q.shot_select, "shuffle");
  EXPECT_EQ(new_q.assistant_prefix, "");
  // MeDiSumQA is shuffled with seed 1 in both eras.
  EXPECT_EQ(LoadTaskFile(catalog.TaskPath("medisumqa"), "clue-2024").shot_select, "shuffle");
  const TaskSpec ps = LoadTaskFile(catalog.TaskPath("problem_summary"), "clue-2024");
  EXPECT_EQ(ps.metrics[1].options["model"], "emilyalsentzer/Bio_ClinicalBERT");
  EXPECT_EQ(ps.metrics[1].options["layer"], 9);
  const TaskSpec t3 = LoadTaskFile(catalog.TaskPath("longhealth_task3"), "clue-2025");
  EXPECT_EQ(t3.builder_options["task"], 3);
  EXPECT_EQ(t3.max_tokens, 50);
  EXPECT_EQ(t3.parse_regex, "The correct answer is (\\w):");
}

}  // namespace
}  // namespace clue::tasks
