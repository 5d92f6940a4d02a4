#include "clue/runner/instances.h"

#include <gtest/gtest.h>

#include "clue/data/input_error.h"
#include "clue/data/sha256.h"
#include "clue/tasks/suite.h"

namespace clue::runner {
namespace {

const char* kMeqsum = "../shared/datasets/meqsum/meqsum.jsonl";

tasks::TaskSpec ClueTask(const std::string& name, const std::string& profile) {
  const auto catalog = tasks::TaskCatalog::Default("");
  return tasks::LoadTaskFile(catalog.TaskPath(name), profile);
}

std::vector<std::string> MessageHashes(const Instance& inst) {
  std::vector<std::string> out;
  for (const auto& m : inst.prompt.messages) out.push_back(m.role + " " + data::Sha256Hex(m.content));
  return out;
}

// Golden values come from CLUE's own code path run in CPython 3.11 (Debian /usr/bin/python3):
//   rows = [json.loads(l) for l in open('../shared/datasets/meqsum/meqsum.jsonl')]
//   random.seed(1); random.shuffle(rows)            # clue-2025 only; clue-2024 keeps file order
//   shots, ev = rows[:3], rows[3:]
//   msgs = [system] + [user_t.format(**s), asst_t.format(**s) for s in shots] + [user_t.format(**ev[0])]
//   print(hashlib.sha256(m["content"].encode()).hexdigest() for m in msgs)
// with user_t = "--------------PATIENT INQUIRY--------------\n{CHQ}\n--------------END PATIENT
// INQUIRY--------------" and asst_t = "{Summary}" (2025) or "Question: {Summary}" (2024).
TEST(MeqsumGolden, FirstPromptUnderClue2025MatchesCPython) {
  const TaskInstances ti = BuildInstances(ClueTask("meqsum", "clue-2025"), kMeqsum, nullptr, 0);
  ASSERT_EQ(ti.shots.size(), 3u);
  EXPECT_EQ(ti.shots[0]["File"], "12479.txt");
  EXPECT_EQ(ti.shots[1]["File"], "1-135820815.xml.txt");
  EXPECT_EQ(ti.shots[2]["File"], "10263.xml.txt");
  ASSERT_EQ(ti.items.size(), 997u);
  EXPECT_EQ(ti.items[0].id, "16019.txt");
  const std::vector<std::string> expected = {
      "system 42c0eb2cbc0e01e2d21ca3f80240e4fa61c84e7c98825fccf2e099960989e69f",
      "user 45fdd7895c5372c4857abd080ff43011ef6e830d5734e8676fc31a59a0005f53",
      "assistant 0c13875ef004a0034b02c432237b8231609895e2732d7b4f1a2c52af7b383dd8",
      "user 6d5aa708fe547e4b425f04066c16735f61fe52ca12f42c8a5cbda11fca43af0a",
      "assistant 5bbbf5e9538bfc921dbe6cee67fb054872265c1fead749172c2390056ec91845",
      "user 28e88ac4b7b91f4ff58033758143cef8f037d61c4fced7965700faeb2d4171a1",
      "assistant 34cfe0ff25851d7598768dc71d64d0d076d803ecbdd659ca85784f8f4e1a6090",
      "user 6d679194f768c5b7be35a23247780c433953e2951ba78d6a6956f93e21611335"};
  EXPECT_EQ(MessageHashes(ti.items[0]), expected);
  EXPECT_EQ(ti.items[0].prompt.assistant_prefix, "");
}

TEST(MeqsumGolden, FirstPromptUnderClue2024MatchesCPython) {
  const TaskInstances ti = BuildInstances(ClueTask("meqsum", "clue-2024"), kMeqsum, nullptr, 0);
  EXPECT_EQ(ti.shots[0]["File"], "1-131188152.xml.txt");
  EXPECT_EQ(ti.shots[1]["File"], "14348.txt");
  EXPECT_EQ(ti.shots[2]["File"], "1-131985747.xml.txt");
  EXPECT_EQ(ti.items[0].id, "15410.txt");
  const std::vector<std::string> expected = {
      "system 42c0eb2cbc0e01e2d21ca3f80240e4fa61c84e7c98825fccf2e099960989e69f",
      "user d50612944c5e915ca39ca9c68d60c0b3dd34e2e551db3b6bee7ede52e7bc4e2b",
      "assistant 40f5d077ca4d8fb144341b605508ad750084fbea74756c0356ccd1c25ef95ee4",
      "user ee22c32c4240e131438de7f21dc88e0f012b02098121feaff2826be044175799",
      "assistant a32d0ccb15ab963893a060e8a4d0fcdd913727f88890add6698efdfeda7b8fb7",
      "user 2e64fc90977a38421809490d2eb7fe25d9777ea887e250797e6b7578b8424191",
      "assistant a32f2c247b61ea11400e3e9864990c87cd88d238b75905435b9e3592ca2290cb",
      "user 30daee97622537cefc85ef03803984308e190683363f94ecc902789c8b4329a4"};
  EXPECT_EQ(MessageHashes(ti.items[0]), expected);
  const Instance& q = ti.items[0];
  EXPECT_EQ(q.prompt.assistant_prefix, "Question: ");
  // The plain-text form for base models: the same pieces joined by blank lines, then the prefix.
  EXPECT_TRUE(q.prompt.completion_prompt.starts_with(q.prompt.messages[0].content + "\n\n"));
  EXPECT_TRUE(q.prompt.completion_prompt.ends_with(q.prompt.messages.back().content +
                                                    "\n\nQuestion: "));
}

TEST(Instances, LimitKeepsTheFirstSamplesAfterShotSelection) {
  const TaskInstances ti = BuildInstances(ClueTask("meqsum", "clue-2025"), kMeqsum, nullptr, 5);
  EXPECT_EQ(ti.items.size(), 5u);
  EXPECT_EQ(ti.available, 997u);
  EXPECT_EQ(ti.items[0].id, "16019.txt");
}

TEST(Instances, TransformsAndGoldForMedisumcode) {
  const TaskInstances ti =
      BuildInstances(ClueTask("medisumcode", "clue-2024"),
                     "data/samples/medisumcode/medisumcode.json", nullptr, 0);
  ASSERT_FALSE(ti.items.empty());
  // Gold is the list of undotted codes; the shot's answer lists them joined by ", ".
  const auto& shot = ti.shots[0];
  std::string joined;
  for (const auto& c : shot["icd_codes"]) joined += (joined.empty() ? "" : ", ") + c["code"].get<std::string>();
  EXPECT_EQ(ti.items[0].prompt.messages[2].content, "ICD-10 Codes: " + joined);
  EXPECT_TRUE(ti.items[0].gold.is_array());
}

TEST(Instances, LongHealthClustersThePromptsOfAQuestion) {
  const TaskInstances ti =
      BuildInstances(ClueTask("longhealth_task1", "clue-2024"),
                     "data/samples/longhealth/benchmark_v5.json", nullptr, 0);
  ASSERT_GE(ti.items.size(), 5u);
  // Five prompts per question, all in one resampling cluster.
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(ti.items[i].cluster, ti.items[0].cluster);
  EXPECT_NE(ti.items[5].cluster, ti.items[0].cluster);
  EXPECT_EQ(ti.items[0].prompt.messages.size(), 2u);  // system + user, zero-shot
}

TEST(Instances, MissingDataFileIsAClearError) {
  try {
    BuildInstances(ClueTask("meqsum", "clue-2025"), "/nonexistent/meqsum.jsonl", nullptr, 0);
    FAIL();
  } catch (const data::InputError& e) {
    EXPECT_EQ(e.file(), "/nonexistent/meqsum.jsonl");
  }
}

}  // namespace
}  // namespace clue::runner
