#include "clue/metrics/ngram_ids.h"

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

TEST(NgramIdsTest, PairMapAssignsDenseIdsAndResets) {
  IdPairMap m;
  m.Reset(2);
  EXPECT_EQ(m.Intern(42), 0u);
  EXPECT_EQ(m.Intern(7), 1u);
  EXPECT_EQ(m.Intern(42), 0u);
  for (uint64_t k = 100; k < 1100; ++k) m.Intern(k);  // forces growth
  EXPECT_EQ(m.size(), 1002u);
  EXPECT_EQ(m.Intern(7), 1u);
  EXPECT_EQ(m.Intern(500), 402u);
  m.Reset(4);
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.Intern(500), 0u);
}

TEST(NgramIdsTest, TokenInterner) {
  TokenInterner t;
  t.Reset(1);
  std::vector<std::string> words;
  for (int i = 0; i < 300; ++i) words.push_back("w" + std::to_string(i % 150));
  for (int i = 0; i < 300; ++i) EXPECT_EQ(t.Intern(words[i]), static_cast<uint32_t>(i % 150));
  EXPECT_EQ(t.size(), 150u);
}

TEST(NgramIdsTest, MultisetOverlapClipsCounts) {
  std::vector<int32_t> scratch;
  const uint32_t a[] = {0, 0, 0, 1, 2}, b[] = {0, 1, 1, 3};
  EXPECT_EQ(MultisetOverlap(a, 5, b, 4, 4, scratch), 2u);
  EXPECT_EQ(MultisetOverlap(a, 0, b, 4, 4, scratch), 0u);
}

}  // namespace
}  // namespace clue::metrics
