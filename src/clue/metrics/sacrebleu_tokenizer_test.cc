#include "clue/metrics/sacrebleu_tokenizer.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

std::string Tok(const std::string& s, BleuTokenizer t, bool lc = false) {
  std::string out;
  BleuPreprocess(s, t, lc, out);
  return out;
}

// Worked through tokenizer_13a.py / tokenizer_re.py's substitutions by hand.
TEST(SacrebleuTokenizerTest, Tokenizer13a) {
  const auto t = BleuTokenizer::k13a;
  EXPECT_EQ(Tok("Hello, world!", t), "Hello , world !");
  EXPECT_EQ(Tok("3.14 and 1,000.", t), "3.14 and 1,000 .");  // digit-internal . , stay
  EXPECT_EQ(Tok("well-known 5-year", t), "well-known 5 - year");
  EXPECT_EQ(Tok("pt w/ hx of CHF, s/p CABG", t), "pt w / hx of CHF , s / p CABG");
  EXPECT_EQ(Tok("it's (fine)", t), "it's ( fine )");
  EXPECT_EQ(Tok("a &amp;lt; b &quot;q&quot;", t), "a < b \" q \"");  // replaced in sequence
  EXPECT_EQ(Tok("x<skipped>y line-\nbreak\nz", t), "xy linebreak z");
  EXPECT_EQ(Tok("a..b", t), "a . . b");
  EXPECT_EQ(Tok("caf\xC3\xA9.", t), "caf\xC3\xA9 .");
  EXPECT_EQ(Tok("  \t ", t), "");
}

TEST(SacrebleuTokenizerTest, TokenizerIntlAndNone) {
  const auto t = BleuTokenizer::kIntl;
  EXPECT_EQ(Tok("Hello, world!", t), "Hello , world !");
  EXPECT_EQ(Tok("3.14 costs $5", t), "3.14 costs $ 5");  // Sc is a symbol
  EXPECT_EQ(Tok("a\xC3\xB1o. \xC2\xBFQu\xC3\xA9?", t), "a\xC3\xB1o . \xC2\xBF Qu\xC3\xA9 ?");
  EXPECT_EQ(Tok("year 2024.", t), "year 2024.");  // mteval-v14 quirk kept by sacrebleu
  EXPECT_EQ(Tok("  a  b.  \n", BleuTokenizer::kNone), "  a  b.");  // only rstrip
}

TEST(SacrebleuTokenizerTest, LowercaseAndNames) {
  EXPECT_EQ(Tok("ABC \xC3\x89t\xC3\xA9", BleuTokenizer::kNone, true), "abc \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(ParseBleuTokenizer("intl"), BleuTokenizer::kIntl);
  EXPECT_STREQ(BleuTokenizerName(BleuTokenizer::k13a), "13a");
  EXPECT_THROW(ParseBleuTokenizer("char"), std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
