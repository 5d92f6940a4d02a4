#include "clue/data/longhealth.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"

namespace clue::data {
namespace {

std::string WriteTemp(const std::string& name, const std::string& content) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "clue_longhealth_load_test";
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(LongHealthLoad, SampleFileKeepsOrderAndLines) {
  const LongHealthData d = LoadLongHealth("data/samples/longhealth/benchmark_v5.json");
  ASSERT_EQ(d.patients.size(), 4u);
  EXPECT_EQ(d.patients[0].id, "patient_01");
  EXPECT_EQ(d.patients[3].id, "patient_04");
  EXPECT_EQ(d.patients[0].line, 2);
  EXPECT_EQ(d.patients[1].line, 80);
  const auto& p = d.patients[0];
  ASSERT_EQ(p.texts.size(), 4u);
  EXPECT_EQ(p.texts[0].first, "text_0");
  EXPECT_EQ(p.texts[3].first, "text_3");
  ASSERT_EQ(p.questions.size(), 3u);
  EXPECT_EQ(p.questions[0].no, "1");
  EXPECT_EQ(p.questions[0].line, 10);  // the '{' just above "No": 1 on line 11
  EXPECT_EQ(p.questions[1].answer_location, (std::vector<std::string>{"text_1", "text_3"}));
  EXPECT_EQ(p.questions[1].raw.begin().key(), "No");  // file key order kept
  ASSERT_NE(p.FindText("text_2"), nullptr);
  EXPECT_EQ(p.FindText("text_9"), nullptr);
}

// A minimal valid question; tests break one field at a time.
std::string OneQuestion(const std::string& replace_key = "", const std::string& value = "") {
  nlohmann::ordered_json q = {{"No", 7}, {"question", "Q"}, {"answer_a", "a"}, {"answer_b", "b"},
                              {"answer_c", "c"}, {"answer_d", "d"}, {"answer_e", "e"},
                              {"correct", "a"}, {"answer_location", {{"t1", {{"start", {0.1}}, {"end", {0.2}}}}}}};
  if (!replace_key.empty()) {
    if (value.empty()) q.erase(replace_key);
    else q[replace_key] = nlohmann::ordered_json::parse(value);
  }
  nlohmann::ordered_json b = {{"patient_01", {{"texts", {{"t1", "x"}}}, {"questions", {q, q}}}}};
  return b.dump(1);
}

TEST(LongHealthLoad, ErrorsNameFileLineAndField) {
  // dump(1): line 1 "{", line 2 the patient key, texts on 3-5, "questions": [ on 6, the first
  // question's "{" on line 7.
  const std::string missing = WriteTemp("missing.json", OneQuestion("answer_c"));
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(missing); }),
            missing + ":7: patient_01.questions[0].answer_c: missing");
  const std::string wrong = WriteTemp("wrong.json", OneQuestion("correct", "[1]"));
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(wrong); }),
            wrong + ":7: patient_01.questions[0].correct: expected a string, got array");
  const std::string loc = WriteTemp("loc.json", OneQuestion("answer_location", R"({"t9": {}})"));
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(loc); }),
            loc + ":7: patient_01.questions[0].answer_location.t9: no text with this id for patient_01");
  const std::string no = WriteTemp("no.json", OneQuestion("No", "null"));
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(no); }),
            no + ":7: patient_01.questions[0].No: expected a number, got null");
  const std::string texts = WriteTemp("texts.json", R"({"p": {"texts": {"a": 1}, "questions": []}})");
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(texts); }),
            texts + ":1: p.texts.a: expected a string, got number");
  const std::string top = WriteTemp("top.json", "[]");
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(top); }),
            top + ":1: expected an object of patients, got array");
  const std::string trunc = WriteTemp("trunc.json", "{\"p\": {\"texts\": {");
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(trunc); }).rfind(trunc + ": invalid JSON: parse error", 0), 0u);
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth("no/such/benchmark_v5.json"); }),
            "no/such/benchmark_v5.json: cannot open file: No such file or directory");
}

TEST(LongHealthLoad, SecondQuestionLine) {
  // Break only the second question: remove its "question" key via a raw edit of the dump.
  nlohmann::ordered_json q = nlohmann::ordered_json::parse(R"({"No": 1, "question": "Q", "answer_a": "a",
      "answer_b": "b", "answer_c": "c", "answer_d": "d", "answer_e": "e", "correct": "a",
      "answer_location": {}})");
  auto q2 = q;
  q2.erase("question");
  nlohmann::ordered_json b = {{"p1", {{"texts", nlohmann::ordered_json::object()}, {"questions", {q}}}},
                              {"p2", {{"texts", nlohmann::ordered_json::object()}, {"questions", {q, q2}}}}};
  const std::string text = b.dump(1);
  // Find the expected line by counting: the 2nd question object of p2 starts at the third
  // occurrence of a line that is exactly "  {" inside a questions array.
  int line = 1, seen = 0, want = 0;
  for (size_t i = 0, start = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      if (text.compare(start, i - start, "   {") == 0 && ++seen == 3) want = line;
      ++line;
      start = i + 1;
    }
  }
  ASSERT_GT(want, 0);
  const std::string p = WriteTemp("second.json", text);
  EXPECT_EQ(ErrorOf([&] { LoadLongHealth(p); }),
            p + ":" + std::to_string(want) + ": p2.questions[1].question: missing");
}

}  // namespace
}  // namespace clue::data
