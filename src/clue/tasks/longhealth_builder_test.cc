#include "clue/tasks/longhealth_builder.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "clue/backends/whitespace_tokenizer.h"
#include "clue/data/input_error.h"

namespace clue::tasks {
namespace {

std::string WriteTemp(const std::string& name, const std::string& content) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "clue_longhealth_test";
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

// Ten-word documents whose words name their patient and text, e.g. "p1t0w0 ... p1t0w9".
std::string Doc(int p, int t) {
  std::string s;
  for (int w = 0; w < 10; ++w) s += (w ? " " : "") + ("p" + std::to_string(p) + "t" + std::to_string(t) + "w" + std::to_string(w));
  return s;
}

// Three patients with four texts each; question 1 of each has its answer in text 2.
nlohmann::ordered_json Bench() {
  nlohmann::ordered_json b = nlohmann::ordered_json::object();
  for (int p = 1; p <= 3; ++p) {
    nlohmann::ordered_json texts = nlohmann::ordered_json::object();
    for (int t = 0; t < 4; ++t) texts["text_" + std::to_string(t)] = Doc(p, t);
    nlohmann::ordered_json q = {{"No", 1}, {"question", "Q?"}, {"answer_a", "a"}, {"answer_b", "b"},
                                {"answer_c", "c"}, {"answer_d", "d"}, {"answer_e", "e"},
                                {"correct", "c"},
                                {"answer_location", {{"text_2", {{"start", {0.1}}, {"end", {0.2}}}}}}};
    b["patient_" + std::to_string(p)] = {{"texts", texts}, {"questions", {q}}};
  }
  return b;
}

data::LongHealthData Load(const nlohmann::ordered_json& b, const std::string& name = "bench.json") {
  return data::LoadLongHealth(WriteTemp(name, b.dump(2)));
}

// Tiny prompts so the budget arithmetic is easy to follow with the whitespace tokenizer:
// system "sys" = 1 token; template = 4 tokens; question "Q?" = 1; options "A: a".."E: e" = 10;
// the budget separator "-------------- NEW DOCUMENT --------------" = 4; each document = 10.
LongHealthOptions Small(int task, size_t max_len) {
  LongHealthOptions o;
  o.task = task;
  o.max_len = max_len;
  o.system_prompt = "sys";
  o.user_template = "T {{documents}} {{question_text}} {{options}}";
  return o;
}

std::vector<std::string> SplitDocs(const std::string& docs) {
  std::vector<std::string> out;
  const std::string sep = "\n\n--------------\n\n";
  size_t start = 0;
  for (size_t p; (p = docs.find(sep, start)) != std::string::npos; start = p + sep.size())
    out.push_back(docs.substr(start, p - start));
  out.push_back(docs.substr(start));
  return out;
}

TEST(LongHealthBuilder, Task1FivePromptsAllDocsWhenTheyFit) {
  backends::WhitespaceTokenizer tok;
  const auto prompts = BuildLongHealthPrompts(Load(Bench()), Small(1, 10000), tok);
  ASSERT_EQ(prompts.size(), 15u);  // 3 patients x 1 question x 5
  const auto& p = prompts[0];
  EXPECT_EQ(p.id, "patient_1-q1-t1-r0");
  EXPECT_EQ(p.question_id, "1");
  EXPECT_EQ(p.gold, "C");
  EXPECT_EQ(p.fields["question_text"], "Q?");
  EXPECT_EQ(p.fields["options"], "A: a\nB: b\nC: c\nD: d\nE: e");
  const auto docs = SplitDocs(p.fields["documents"]);
  EXPECT_EQ(std::multiset<std::string>(docs.begin(), docs.end()),
            (std::multiset<std::string>{Doc(1, 0), Doc(1, 1), Doc(1, 2), Doc(1, 3)}));
  EXPECT_EQ(prompts[4].repeat, 4);
  EXPECT_EQ(prompts[5].patient, "patient_2");
}

TEST(LongHealthBuilder, AnswerDocFirstThenTruncateAndStop) {
  // budget = 35 - 1 = 34; total = 15 (fixed); answer doc: 15+10 <= 34, total = 15+10+4 = 29;
  // text_0: 29+10 > 34 -> cut to 34-29 = 5 words, stop. text_1 and text_3 are left out.
  backends::WhitespaceTokenizer tok;
  const auto prompts = BuildLongHealthPrompts(Load(Bench()), Small(1, 35), tok);
  const auto docs = SplitDocs(prompts[0].fields["documents"]);
  EXPECT_EQ(std::multiset<std::string>(docs.begin(), docs.end()),
            (std::multiset<std::string>{Doc(1, 2), "p1t0w0 p1t0w1 p1t0w2 p1t0w3 p1t0w4"}));
}

TEST(LongHealthBuilder, OverflowingAnswerDocAddsAnEmptyDocLikeUpstream) {
  // budget = 21 - 1 = 20; answer doc: 15+10 > 20 -> cut to 5 words, total = 20; the other-docs
  // loop still runs: text_0 does not fit and is cut to max(20-20, 0) = 0 tokens -> "".
  backends::WhitespaceTokenizer tok;
  const auto prompts = BuildLongHealthPrompts(Load(Bench()), Small(1, 21), tok);
  const auto docs = SplitDocs(prompts[0].fields["documents"]);
  EXPECT_EQ(std::multiset<std::string>(docs.begin(), docs.end()),
            (std::multiset<std::string>{"p1t2w0 p1t2w1 p1t2w2 p1t2w3 p1t2w4", ""}));
}

TEST(LongHealthBuilder, Tasks2And3UseOtherPatientsDistractors) {
  backends::WhitespaceTokenizer tok;
  const auto data = Load(Bench());
  const auto t2 = BuildLongHealthPrompts(data, Small(2, 100000), tok);
  const auto t3 = BuildLongHealthPrompts(data, Small(3, 100000), tok);
  ASSERT_EQ(t2.size(), 15u);
  ASSERT_EQ(t3.size(), 15u);
  for (const auto& p : t3) {
    EXPECT_EQ(p.gold, "F");
    EXPECT_EQ(p.task, 3);
    const auto docs = SplitDocs(p.fields["documents"]);
    ASSERT_EQ(docs.size(), 8u);  // min(10, 8 texts of the two other patients)
    const std::string own = p.patient == "patient_1" ? "p1" : p.patient == "patient_2" ? "p2" : "p3";
    for (const auto& d : docs) EXPECT_NE(d.substr(0, 2), own) << p.id;
    EXPECT_EQ(std::set<std::string>(docs.begin(), docs.end()).size(), 8u);  // distinct
  }
  for (const auto& p : t2) {
    EXPECT_EQ(p.gold, "C");
    EXPECT_NE(p.fields["options"].get<std::string>().find(
                  "\nF: Question cannot be answered with provided documents"),
              std::string::npos);
    const auto docs = SplitDocs(p.fields["documents"]);
    ASSERT_EQ(docs.size(), 9u);  // the answer document + 8 distractors
    const std::string own = p.patient == "patient_1" ? "p1" : p.patient == "patient_2" ? "p2" : "p3";
    int own_docs = 0;
    for (const auto& d : docs) own_docs += d.substr(0, 2) == own;
    EXPECT_EQ(own_docs, 1) << p.id;
  }
  EXPECT_EQ(t2[0].id, "patient_1-q1-t2-r0");
  EXPECT_EQ(t3[4].id, "patient_1-q1-t3-r4");
}

TEST(LongHealthBuilder, DeterministicPerQuestionAndSeedSensitive) {
  backends::WhitespaceTokenizer tok;
  const auto full = Load(Bench());
  const auto a = BuildLongHealthPrompts(full, Small(1, 10000), tok);
  const auto b = BuildLongHealthPrompts(full, Small(1, 10000), tok);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].fields, b[i].fields);
  // Dropping a patient does not change another patient's task-1 prompts.
  auto bench = Bench();
  bench.erase("patient_1");
  const auto sub = BuildLongHealthPrompts(Load(bench, "sub.json"), Small(1, 10000), tok);
  ASSERT_EQ(sub.size(), 10u);
  for (size_t i = 0; i < sub.size(); ++i) EXPECT_EQ(sub[i].fields, a[i + 5].fields);
  // The five repeats are shuffled differently, and another seed gives other orders.
  std::set<std::string> orders;
  for (int i = 0; i < 5; ++i) orders.insert(a[i].fields["documents"]);
  EXPECT_GT(orders.size(), 1u);
  auto o2 = Small(1, 10000);
  o2.seed = 2;
  const auto c = BuildLongHealthPrompts(full, o2, tok);
  bool any_diff = false;
  for (size_t i = 0; i < a.size(); ++i) any_diff |= a[i].fields != c[i].fields;
  EXPECT_TRUE(any_diff);
}

TEST(LongHealthBuilder, GoldLetterRule) {
  // "4 days" is a substring of "14 days": CLUE (first match) says B here, TGI (last match) D.
  const auto q = nlohmann::ordered_json::parse(
      R"({"No":1,"answer_a":"3 days","answer_b":"14 days","answer_c":"1 day","answer_d":"4 days",)"
      R"("answer_e":"x","correct":"4 days","answer_location":{"4 days":{}}})");
  EXPECT_EQ(LongHealthGoldLetter(q, false), "B");
  EXPECT_EQ(LongHealthGoldLetter(q, true), "D");
  auto none = q;
  none["correct"] = "nowhere";
  EXPECT_EQ(LongHealthGoldLetter(none, false), "");
}

TEST(LongHealthBuilder, BadOptions) {
  backends::WhitespaceTokenizer tok;
  const auto data = Load(Bench());
  EXPECT_THROW(BuildLongHealthPrompts(data, Small(4, 100), tok), std::invalid_argument);
  auto o = Small(1, 100);
  o.prompts_per_question = 0;
  EXPECT_THROW(BuildLongHealthPrompts(data, o, tok), std::invalid_argument);
  auto no_template = Small(1, 100);
  no_template.user_template.clear();
  EXPECT_THROW(BuildLongHealthPrompts(data, no_template, tok), std::invalid_argument);
}

}  // namespace
}  // namespace clue::tasks

namespace clue::tasks {
namespace {

// "patient/text:words" for each document of a built prompt, in prompt order (":0" for an empty,
// fully truncated document), matching scripts/oracles/longhealth_prompts.py's ident().
std::string DocIds(const data::LongHealthData& data, const std::string& documents) {
  backends::WhitespaceTokenizer tok;
  std::string out;
  for (const std::string& doc : SplitDocs(documents)) {
    std::string id = ":0";
    for (const auto& p : data.patients)
      for (const auto& [tid, text] : p.texts)
        if (!doc.empty() && id == ":0" && text.rfind(doc, 0) == 0)
          id = p.id + "/" + tid + ":" + std::to_string(tok.Count(doc));
    out += (out.empty() ? "" : " ") + id;
  }
  return out;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// Golden prompts from CPython: CLUE's create_prompt/sample_distractions retyped, run with Python's
// own random module seeded per question with the same FNV-1a seed. Regenerate with
//   /usr/bin/python3 scripts/oracles/longhealth_prompts.py 1 120 > src/clue/tasks/testdata/longhealth_oracle_t1.txt
//   /usr/bin/python3 scripts/oracles/longhealth_prompts.py 2 200 > src/clue/tasks/testdata/longhealth_oracle_t2.txt
//   /usr/bin/python3 scripts/oracles/longhealth_prompts.py 3 200 > src/clue/tasks/testdata/longhealth_oracle_t3.txt
// Covers budget cuts, the empty overflow document, random.sample's pool branch (n = 12 other
// texts) and the shuffle order of every prompt of the sample file.
TEST(LongHealthBuilder, MatchesCPythonOracleOnSampleFile) {
  const auto data = data::LoadLongHealth("data/samples/longhealth/benchmark_v5.json");
  backends::WhitespaceTokenizer tok;
  for (int task = 1; task <= 3; ++task) {
    const auto want = ReadLines("src/clue/tasks/testdata/longhealth_oracle_t" + std::to_string(task) + ".txt");
    const auto prompts = BuildLongHealthPrompts(data, Small(task, task == 1 ? 120 : 200), tok);
    ASSERT_EQ(want.size(), 60u);
    ASSERT_EQ(prompts.size(), want.size());
    for (size_t i = 0; i < prompts.size(); ++i) {
      const auto& p = prompts[i];
      const std::string got = p.patient + " " + p.question_id + " " + std::to_string(p.repeat) +
                              " " + DocIds(data, p.fields["documents"]);
      EXPECT_EQ(got, want[i]) << "task " << task << " prompt " << i;
    }
  }
}

}  // namespace
}  // namespace clue::tasks
