#include "clue/backends/baseline_backend.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

TEST(FirstSentence, StopsAtSentenceEndOrLineBreak) {
  EXPECT_EQ(FirstSentence("  Pt has CHF. Now improving."), "Pt has CHF.");
  EXPECT_EQ(FirstSentence("SUBJECT: cetirizine\nMESSAGE: who makes it?"), "SUBJECT: cetirizine");
  EXPECT_EQ(FirstSentence("Dose 2.5 mg daily? yes"), "Dose 2.5 mg daily?");  // "2.5" is no end
  EXPECT_EQ(FirstSentence("no terminator"), "no terminator");
  EXPECT_EQ(FirstSentence(""), "");
}

TEST(BaselineBackend, KindsAnswerFromTheSample) {
  GenerationRequest req;
  req.sample = {{"CHQ", "Who makes bromocriptine? I need it."}, {"options", "A: Aspirin\nB: Heparin"}};
  EXPECT_EQ(BaselineBackend::Answer({{"kind", "constant"}, {"text", "neutral"}}, req), "neutral");
  EXPECT_EQ(BaselineBackend::Answer({{"kind", "first_sentence"}, {"field", "CHQ"}}, req),
            "Who makes bromocriptine?");
  EXPECT_EQ(BaselineBackend::Answer(
                {{"kind", "first_line"}, {"field", "options"}, {"prefix", "The correct answer is "}}, req),
            "The correct answer is A: Aspirin");
}

TEST(BaselineBackend, ShotCodesAreTheMostFrequentCodesInTheShots) {
  GenerationRequest req;
  req.messages = {{"user", "letter 1"}, {"assistant", "ICD-10 Codes: E1122, I10, N183"},
                  {"user", "letter 2"}, {"assistant", "ICD-10 Codes: I10, J189"},
                  {"user", "query"}};
  // I10 appears twice; 5 codes over 2 shots rounds to 3 codes; ties keep first appearance.
  EXPECT_EQ(BaselineBackend::Answer({{"kind", "shot_codes"}}, req), "I10, E1122, N183");
  EXPECT_EQ(BaselineBackend::Answer({{"kind", "shot_codes"}, {"top", 1}}, req), "I10");
}

TEST(BaselineBackend, EveryRequestGetsExactlyOneResult) {
  BaselineBackend b({{"t", {{"kind", "constant"}, {"text", "x"}}}}, "baseline");
  std::vector<GenerationRequest> reqs(3);
  reqs[0].task = "t";
  reqs[1].task = "other";  // no baseline for this task: an error result, not a crash
  reqs[2].task = "t";
  std::vector<int> seen(3, 0);
  std::vector<GenerationResult> got(3);
  b.Generate(reqs, [&](size_t i, GenerationResult r) {
    ++seen[i];
    got[i] = std::move(r);
  });
  EXPECT_EQ(seen, (std::vector<int>{1, 1, 1}));
  EXPECT_TRUE(got[0].ok);
  EXPECT_EQ(got[0].text, "x");
  EXPECT_FALSE(got[1].ok);
  EXPECT_EQ(got[1].error, "no baseline defined for task 'other'");
}

}  // namespace
}  // namespace clue::backends
