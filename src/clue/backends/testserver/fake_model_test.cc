#include "clue/backends/testserver/fake_model.h"

#include <gtest/gtest.h>

namespace clue::backends::testserver {
namespace {

using nlohmann::json;

json Chat(const std::string& user, int max_tokens = 100) {
  return {{"model", "m"}, {"max_tokens", max_tokens},
          {"messages", {{{"role", "system"}, {"content", "Be brief."}}, {{"role", "user"}, {"content", user}}}}};
}

TEST(SplitPieces, JoinRestoresText) {
  EXPECT_EQ(SplitPieces("a  b\nc"), (std::vector<std::string>{"a", "  b", "\nc"}));
  EXPECT_EQ(SplitPieces(" x"), (std::vector<std::string>{" x"}));
  EXPECT_TRUE(SplitPieces("").empty());
}

TEST(CanonicalBody, IgnoresStreamFields) {
  json a = Chat("hi");
  json b = a;
  b["stream"] = true;
  b["stream_options"] = {{"include_usage", true}};
  EXPECT_EQ(CanonicalBody(a), CanonicalBody(b));
}

TEST(Answer, LongHealthStyleOptions) {
  json req = Chat("Which drug was given?\nA: Aspirin\nB: Heparin\nC: Insulin\nD: Warfarin\nE: Digoxin");
  FakeCompletion c = Answer(req, true);
  // The choice is Fnv1a(canonical body) % 5; the text must be one of the five options.
  const char* expected[] = {"A: Aspirin", "B: Heparin", "C: Insulin", "D: Warfarin", "E: Digoxin"};
  EXPECT_EQ(c.text, std::string("The correct answer is ") + expected[Fnv1a(CanonicalBody(req)) % 5]);
  EXPECT_EQ(c.finish_reason, "stop");
  EXPECT_EQ(Answer(req, true).text, c.text);  // deterministic
}

TEST(Answer, SummaryIsFirstSentenceAndUsageCounts) {
  FakeCompletion c = Answer(Chat("Patient admitted with chest pain. Troponin negative."), true);
  EXPECT_EQ(c.text, "Patient admitted with chest pain.");
  EXPECT_EQ(c.completion_tokens, 5);
  // "Be brief.\n" + user + "\n": "Be", " brief.", then 7 pieces of the user text each led by
  // its whitespace ("\nPatient" ... " negative."), then the trailing "\n" on its own: 10.
  EXPECT_EQ(c.prompt_tokens, 10);
}

TEST(Answer, MaxTokensTruncatesWithLength) {
  FakeCompletion c = Answer(Chat("one two three four five.", 3), true);
  EXPECT_EQ(c.text, "one two three");
  EXPECT_EQ(c.finish_reason, "length");
}

TEST(Answer, NliLabelsAndMarkers) {
  FakeCompletion c = Answer(json{{"prompt", "Answer entailment, contradiction or neutral: ..."},
                                 {"max_tokens", 5}},
                            false);
  EXPECT_TRUE(c.text == "entailment" || c.text == "contradiction" || c.text == "neutral") << c.text;
  EXPECT_EQ(Answer(Chat("[[filter]] x"), true).finish_reason, "content_filter");
  EXPECT_EQ(Answer(Chat("[[filter]] x"), true).text, "");
  EXPECT_NE(Answer(Chat("[[refuse]] x"), true).text.find("can't help"), std::string::npos);
}

TEST(Vocabulary, RoundTrip) {
  Vocabulary v;
  auto ids = v.Encode("the cat  the dog");
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_EQ(v.Decode(ids), "the cat  the dog");
  EXPECT_EQ(v.Decode({ids[0], ids[1]}), "the cat");
  EXPECT_EQ(v.Decode({999}), "");
}

}  // namespace
}  // namespace clue::backends::testserver
