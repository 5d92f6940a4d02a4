#include "clue/metrics/rouge_tokenizer.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

using V = std::vector<std::string>;

// rouge-score 0.1.2 rouge_score/tokenize_test.py.
TEST(RougeTokenizerTest, PublishedCases) {
  EXPECT_EQ(RougeTokenize("one Two three", false), (V{"one", "two", "three"}));
  EXPECT_EQ(RougeTokenize("one\n Two \nthree", false), (V{"one", "two", "three"}));
}

TEST(RougeTokenizerTest, NonAlphanumericSeparates) {
  EXPECT_EQ(RougeTokenize("pt w/ hx of CHF, s/p CABG", false),
            (V{"pt", "w", "hx", "of", "chf", "s", "p", "cabg"}));
  EXPECT_EQ(RougeTokenize("BP 120/80, HbA1c 7.2%", false),
            (V{"bp", "120", "80", "hba1c", "7", "2"}));
  EXPECT_TRUE(RougeTokenize("  \t\n ", false).empty());
  EXPECT_TRUE(RougeTokenize("", true).empty());
}

// Python's str.lower() maps U+212A KELVIN SIGN to ASCII 'k' and U+0130 to "i" + U+0307;
// everything else outside ASCII becomes a separator.
TEST(RougeTokenizerTest, UnicodeFollowsPythonLower) {
  EXPECT_EQ(RougeTokenize("caf\xC3\xA9 na\xC3\xAFve", false), (V{"caf", "na", "ve"}));
  EXPECT_EQ(RougeTokenize("\xE2\x84\xAA" "elvin", false), (V{"kelvin"}));
  EXPECT_EQ(RougeTokenize("\xC4\xB0stanbul", false), (V{"i", "stanbul"}));
  EXPECT_TRUE(RougeTokenize("\xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87", false).empty());
}

// Only tokens longer than 3 characters are stemmed (tokenize.py); "was" would otherwise
// become "wa".
TEST(RougeTokenizerTest, StemsOnlyLongTokens) {
  EXPECT_EQ(RougeTokenize("Patients was running dies", true), (V{"patient", "was", "run", "die"}));
}

TEST(RougeTokenizerTest, VocabIdsAndSentences) {
  RougeVocab vocab;
  RougeTokens t;
  vocab.Tokenize("Running cats.\n\nRun cat!", true, t);
  ASSERT_EQ(t.ids.size(), 4u);
  EXPECT_EQ(t.ids[0], t.ids[2]);  // running -> run
  EXPECT_EQ(t.ids[1], t.ids[3]);  // cats -> cat
  EXPECT_EQ(t.sent_start, (std::vector<uint32_t>{0, 2, 2, 4}));
}

}  // namespace
}  // namespace clue::metrics
