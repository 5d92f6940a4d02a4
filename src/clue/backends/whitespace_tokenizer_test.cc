#include "clue/backends/whitespace_tokenizer.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

TEST(WhitespaceTokenizer, CountsLikePythonSplit) {
  // /usr/bin/python3 -c 'print([len(s.split()) for s in ["", "  ", "a", " a  b\n\tc ", "x\r\ny"]])'
  // -> [0, 0, 1, 3, 2]
  WhitespaceTokenizer t;
  EXPECT_EQ(t.Count(""), 0u);
  EXPECT_EQ(t.Count("  "), 0u);
  EXPECT_EQ(t.Count("a"), 1u);
  EXPECT_EQ(t.Count(" a  b\n\tc "), 3u);
  EXPECT_EQ(t.Count("x\r\ny"), 2u);
  EXPECT_EQ(t.Name(), "whitespace");
}

TEST(WhitespaceTokenizer, TruncateKeepsOriginalSpacing) {
  WhitespaceTokenizer t;
  const std::string s = "  one two\n\nthree  four ";
  EXPECT_EQ(t.Truncate(s, 0), "");
  EXPECT_EQ(t.Truncate(s, 1), "  one");
  EXPECT_EQ(t.Truncate(s, 3), "  one two\n\nthree");
  EXPECT_EQ(t.Truncate(s, 4), s);
  EXPECT_EQ(t.Truncate(s, 99), s);
  EXPECT_EQ(t.Count(t.Truncate(s, 2)), 2u);
}

}  // namespace
}  // namespace clue::backends
