#include "clue/runner/answer.h"

#include <gtest/gtest.h>

#include "clue/data/input_error.h"

namespace clue::runner {
namespace {

backends::GenerationResult Ok(std::string text, std::string finish = "stop") {
  backends::GenerationResult r;
  r.ok = true;
  r.text = std::move(text);
  r.finish_reason = std::move(finish);
  return r;
}

tasks::TaskSpec LongHealthLike() {
  tasks::TaskSpec t;
  t.file = "lh.yaml";
  t.parse_regex = "The correct answer is (\\w):";
  t.refusal_patterns = {"^\\s*I (cannot|can't)"};
  return t;
}

TEST(AnswerParser, ParsesTheFirstMatchLikeFindall) {
  const AnswerParser p(LongHealthLike());
  const Answer a = p.Parse(Ok("  The correct answer is B: x. Or The correct answer is C: y.\n"));
  EXPECT_EQ(a.parsed, "B");
  EXPECT_EQ(a.status, Status::kScored);
  EXPECT_EQ(a.prediction, "The correct answer is B: x. Or The correct answer is C: y.");
}

TEST(AnswerParser, NoMatchIsUnparseableNotWrong) {
  const AnswerParser p(LongHealthLike());
  // Case-sensitive and the colon is required, as in CLUE.
  for (const char* text : {"the correct answer is B: x", "The correct answer is B.", ""}) {
    const Answer a = p.Parse(Ok(text));
    EXPECT_TRUE(a.parsed.is_null()) << text;
    EXPECT_EQ(a.status, Status::kUnparseable) << text;
  }
}

TEST(AnswerParser, StatusPrecedence) {
  const AnswerParser p(LongHealthLike());
  backends::GenerationResult err;
  err.error = "HTTP 503 after 6 attempts";
  EXPECT_EQ(p.Parse(err).status, Status::kError);
  EXPECT_EQ(p.Parse(err).error, "HTTP 503 after 6 attempts");
  EXPECT_EQ(p.Parse(Ok("", "content_filter")).status, Status::kFiltered);
  EXPECT_EQ(p.Parse(Ok("The correct answer is", "length")).status, Status::kTruncated);
  EXPECT_EQ(p.Parse(Ok("I cannot answer medical questions.")).status, Status::kRefused);
}

TEST(AnswerParser, RemovesCleanupPatternsToEndOfLine) {
  tasks::TaskSpec t;
  t.remove_patterns = {"(You are an AI.*)|(\\[INST\\].*)|((<\\|user\\|>).*)"};
  const AnswerParser p(t);
  EXPECT_EQ(p.PostProcess("Who makes X?\n<|user|> more text\nlast"), "Who makes X?\n\nlast");
  EXPECT_EQ(p.PostProcess("answer [INST] next turn"), "answer");
}

TEST(AnswerParser, InvalidRegexNamesTheTaskField) {
  tasks::TaskSpec t;
  t.file = "bad.yaml";
  t.parse_regex = "(unclosed";
  try {
    AnswerParser p(t);
    FAIL();
  } catch (const data::InputError& e) {
    EXPECT_EQ(e.file(), "bad.yaml");
    EXPECT_EQ(e.field(), "parse.regex");
  }
}

}  // namespace
}  // namespace clue::runner

namespace clue::runner {
namespace {

TEST(AnswerParser, DefaultRefusalPatternsOnlyMatchAnOpeningRefusal) {
  const AnswerParser p{tasks::TaskSpec{}};
  EXPECT_EQ(p.Parse(Ok("I'm sorry, but I can't provide medical advice.")).status, Status::kRefused);
  EXPECT_EQ(p.Parse(Ok("As an AI language model, I cannot diagnose.")).status, Status::kRefused);
  // A clinical answer that mentions inability later is not a refusal.
  EXPECT_EQ(p.Parse(Ok("Patient is unable to ambulate; I cannot exclude PE.")).status,
            Status::kScored);
}

}  // namespace
}  // namespace clue::runner
