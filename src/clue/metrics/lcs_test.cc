#include "clue/metrics/lcs.h"

#include <random>

#include <gtest/gtest.h>

namespace clue::metrics {
namespace {

using V = std::vector<uint32_t>;

// rouge-score 0.1.2 rouge_scorer_test.py testLcsTable.
TEST(LcsTest, PublishedTable) {
  LcsWorkspace ws;
  const V ref = {1, 2, 3, 4, 5}, c1 = {2, 5, 3, 4}, c2 = {8, 9};
  EXPECT_EQ(LcsLength(ref, c1, ws), 3u);
  V idx;
  LcsRefIndices(ref, c1, idx, ws);
  EXPECT_EQ(idx, (V{1, 2, 3}));
  EXPECT_EQ(LcsLength(ref, c2, ws), 0u);
  LcsRefIndices(ref, c2, idx, ws);
  EXPECT_TRUE(idx.empty());
}

// testUnionLcs: c1's LCS is [1, 2] (indices 0, 1), c2's is [1, 3, 5] (indices 0, 2, 4).
TEST(LcsTest, PublishedUnionPieces) {
  LcsWorkspace ws;
  const V ref = {1, 2, 3, 4, 5};
  V idx;
  LcsRefIndices(ref, V{1, 2, 6, 7, 8}, idx, ws);
  EXPECT_EQ(idx, (V{0, 1}));
  LcsRefIndices(ref, V{1, 3, 8, 9, 5}, idx, ws);
  EXPECT_EQ(idx, (V{0, 2, 4}));
}

// Bit-parallel length and read-out agree with the DP table on random pairs, including lengths
// around word boundaries and a small alphabet (many ties, where the read-out rule matters).
TEST(LcsTest, MatchesDynamicProgrammingOnRandomPairs) {
  std::mt19937 rng(7);
  LcsWorkspace ws;
  const size_t lens[] = {0, 1, 2, 13, 63, 64, 65, 127, 128, 129, 300};
  for (size_t la : lens) {
    for (size_t lb : lens) {
      for (uint32_t alphabet : {2u, 5u, 40u}) {
        V a(la), b(lb);
        for (auto& x : a) x = rng() % alphabet;
        for (auto& x : b) x = rng() % alphabet;
        ASSERT_EQ(LcsLength(a, b, ws), LcsLengthDp(a, b)) << la << "x" << lb;
        V fast, slow;
        LcsRefIndices(a, b, fast, ws);
        LcsRefIndicesDp(a, b, slow);
        ASSERT_EQ(fast, slow) << la << "x" << lb << " alphabet " << alphabet;
      }
    }
  }
}

TEST(LcsTest, LongDocuments) {
  // 6,000 tokens; the prediction drops every 10th token, so the LCS is the prediction itself.
  V ref(6000), pred;
  for (size_t i = 0; i < ref.size(); ++i) ref[i] = static_cast<uint32_t>((i * 7) % 97);
  for (size_t i = 0; i < ref.size(); ++i)
    if (i % 10 != 0) pred.push_back(ref[i]);
  LcsWorkspace ws;
  EXPECT_EQ(LcsLength(ref, pred, ws), 5400u);
  EXPECT_EQ(LcsLength(pred, ref, ws), 5400u);
}

}  // namespace
}  // namespace clue::metrics
