#include "clue/metrics/concepts/tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace clue::metrics::concepts {
namespace {

TEST(TokenizerTest, TokensAndClauseBreaks) {
  const std::string text = "Type-2 diabetes, HTN (stage 1); Müller's";
  auto t = Tokenize(text);
  std::vector<std::string> words;
  std::vector<bool> breaks;
  for (const auto& x : t) {
    words.push_back(text.substr(x.begin, x.end - x.begin));
    breaks.push_back(x.break_before);
  }
  EXPECT_EQ(words, (std::vector<std::string>{"Type", "2", "diabetes", "HTN", "stage", "1", "Müller", "s"}));
  EXPECT_EQ(breaks, (std::vector<bool>{false, false, false, true, true, false, true, false}));
}

TEST(TokenizerTest, NormalizeNameFoldsCaseIncludingNonAscii) {
  EXPECT_EQ(NormalizeName("Diabetes Mellitus, Type 2", true), "diabetes mellitus type 2");
  EXPECT_EQ(NormalizeName("Sjögren-Syndrom ÄRGER", true), "sjögren syndrom ärger");
  EXPECT_EQ(NormalizeName("AIDS", false), "AIDS");
  EXPECT_EQ(NormalizeName(" -- ", true), "");
}

// sklearn char_wb with ngram_range=(3,3) on "cat dog" gives ' ca','cat','at ',' do','dog','og '.
TEST(TokenizerTest, CharWbTrigrams) {
  auto pack = [](const char* s) {
    return uint32_t(uint8_t(s[0])) << 16 | uint32_t(uint8_t(s[1])) << 8 | uint8_t(s[2]);
  };
  std::vector<uint32_t> want = {pack(" ca"), pack("cat"), pack("at "),
                                pack(" do"), pack("dog"), pack("og ")};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(NameTrigrams("cat dog"), want);
  // A one-letter word is one padded gram; repeated grams count once.
  EXPECT_EQ(NameTrigrams("a a"), (std::vector<uint32_t>{pack(" a ")}));
}

}  // namespace
}  // namespace clue::metrics::concepts
