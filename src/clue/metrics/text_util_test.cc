#include "clue/metrics/text_util.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

TEST(TextUtilTest, PySplitUsesPythonWhitespace) {
  std::vector<std::string_view> out;
  // NBSP (U+00A0), IDEOGRAPHIC SPACE (U+3000) and U+001F split in Python's str.split();
  // ZERO WIDTH SPACE (U+200B) does not.
  PySplit("a\xC2\xA0" "b\xE3\x80\x80" "c\x1F" "d\xE2\x80\x8B" "e  \t\n", out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], "a");
  EXPECT_EQ(out[1], "b");
  EXPECT_EQ(out[2], "c");
  EXPECT_EQ(out[3], "d\xE2\x80\x8B" "e");
  out.clear();
  PySplit("   ", out);
  EXPECT_TRUE(out.empty());
}

TEST(TextUtilTest, RstripAndDecode) {
  EXPECT_EQ(PyRstrip("ab \xC2\x85\xE2\x80\xA8"), "ab");
  EXPECT_EQ(PyRstrip(" x"), " x");
  std::u32string cps;
  DecodeAll("a\xC3\xA9\xF0\x9F\x98\x80", cps);
  EXPECT_EQ(cps, U"a\u00E9\U0001F600");
  std::string back;
  for (char32_t c : cps) AppendUtf8(c, back);
  EXPECT_EQ(back, "a\xC3\xA9\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace clue::metrics
