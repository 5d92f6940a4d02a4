// Every expected value below was printed by Debian's CPython 3.11 (/usr/bin/python3); the exact
// command is in the comment above each assertion.
#include "clue/data/py_random.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace clue::data {
namespace {

std::vector<size_t> ShuffleFirst(int64_t seed, size_t n, size_t take) {
  PyRandom rng(seed);
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  rng.Shuffle(v);
  v.resize(take);
  return v;
}

TEST(PyRandom, ShuffleSeed1Range1000) {
  // /usr/bin/python3 -c 'import random; random.seed(1); x=list(range(1000)); random.shuffle(x); print(x[:20])'
  const std::vector<size_t> want = {852, 836, 280, 575, 208, 609, 932, 725, 47, 985,
                                    337, 581, 155, 692, 862, 790, 572, 241, 992, 788};
  EXPECT_EQ(ShuffleFirst(1, 1000, 20), want);
}

TEST(PyRandom, ShuffleCorpusSizes) {
  // MedNLI test size: /usr/bin/python3 -c 'import random; random.seed(1); x=list(range(1422)); random.shuffle(x); print(x[:3])'
  EXPECT_EQ(ShuffleFirst(1, 1422, 3), (std::vector<size_t>{360, 544, 1303}));
  // MeQSum size: /usr/bin/python3 -c 'import random; random.seed(1); x=list(range(1000)); random.shuffle(x); print(x[:3])'
  EXPECT_EQ(ShuffleFirst(1, 1000, 3), (std::vector<size_t>{852, 836, 280}));
  // MeDiSumCode generation seed: /usr/bin/python3 -c 'import random; random.seed(44); x=list(range(1000)); random.shuffle(x); print(x[:10])'
  EXPECT_EQ(ShuffleFirst(44, 1000, 10),
            (std::vector<size_t>{103, 186, 913, 930, 85, 790, 223, 505, 925, 979}));
}

TEST(PyRandom, ShuffledIndicesMatchesShuffle) {
  PyRandom a(1);
  const auto idx = a.ShuffledIndices(1000);
  EXPECT_EQ(std::vector<size_t>(idx.begin(), idx.begin() + 3), (std::vector<size_t>{852, 836, 280}));
}

TEST(PyRandom, GetRandBits32) {
  // /usr/bin/python3 -c 'import random; random.seed(1); print([random.getrandbits(32) for _ in range(5)])'
  PyRandom rng(1);
  const std::vector<uint64_t> want = {577090037, 2444712010, 3639700191, 3445702192, 3280387012};
  for (uint64_t w : want) EXPECT_EQ(rng.GetRandBits(32), w);
}

TEST(PyRandom, GetRandBitsOtherWidthsSeed44) {
  // /usr/bin/python3 -c 'import random; random.seed(44); print([random.getrandbits(32) for _ in range(3)], random.getrandbits(64), random.getrandbits(7), random.getrandbits(40))'
  PyRandom rng(44);
  EXPECT_EQ(rng.GetRandBits(32), 1754648232u);
  EXPECT_EQ(rng.GetRandBits(32), 2233470993u);
  EXPECT_EQ(rng.GetRandBits(32), 2327752056u);
  EXPECT_EQ(rng.GetRandBits(64), 15901768966484065611ull);
  EXPECT_EQ(rng.GetRandBits(7), 14u);
  EXPECT_EQ(rng.GetRandBits(40), 417370600875ull);
  EXPECT_EQ(rng.GetRandBits(0), 0u);
}

TEST(PyRandom, SeedWordsSignAndZero) {
  // Two-word key: /usr/bin/python3 -c 'import random; random.seed(2**40+5); print([random.getrandbits(32) for _ in range(3)])'
  PyRandom big(0);
  big.SeedUnsigned((1ull << 40) + 5);
  EXPECT_EQ(big.GetRandBits(32), 2166296868u);
  EXPECT_EQ(big.GetRandBits(32), 2220160828u);
  EXPECT_EQ(big.GetRandBits(32), 1153647273u);
  // Sign is dropped: /usr/bin/python3 -c 'import random; random.seed(-7); print([random.getrandbits(32) for _ in range(2)])'
  PyRandom neg(-7);
  EXPECT_EQ(neg.GetRandBits(32), 1390851128u);
  EXPECT_EQ(neg.GetRandBits(32), 4071050724u);
  // /usr/bin/python3 -c 'import random; random.seed(0); print([random.getrandbits(32) for _ in range(2)])'
  PyRandom zero(0);
  EXPECT_EQ(zero.GetRandBits(32), 3626764237u);
  EXPECT_EQ(zero.GetRandBits(32), 1654615998u);
}

TEST(PyRandom, RandomFloats) {
  // /usr/bin/python3 -c 'import random; random.seed(1); print([repr(random.random()) for _ in range(3)])'
  PyRandom rng(1);
  EXPECT_EQ(rng.Random(), 0.13436424411240122);
  EXPECT_EQ(rng.Random(), 0.8474337369372327);
  EXPECT_EQ(rng.Random(), 0.763774618976614);
}

TEST(PyRandom, SamplePoolBranch) {
  // n=20 <= setsize 85 -> pool branch.
  // /usr/bin/python3 -c 'import random; random.seed(1); print(random.sample(range(20),10))'
  PyRandom rng(1);
  EXPECT_EQ(rng.Sample(20, 10), (std::vector<size_t>{4, 18, 2, 8, 3, 7, 12, 14, 13, 10}));
}

TEST(PyRandom, SampleSetBranch) {
  // n=1000 > 85 -> set branch.
  // /usr/bin/python3 -c 'import random; random.seed(1); print(random.sample(range(1000),10))'
  PyRandom rng(1);
  EXPECT_EQ(rng.Sample(1000, 10),
            (std::vector<size_t>{137, 582, 867, 821, 782, 64, 261, 120, 507, 779}));
}

TEST(PyRandom, SampleBranchBoundaries) {
  // k=10: setsize = 21 + 4**ceil(log(30,4)) = 85. n=90 -> set, n=85 -> pool, n=12 -> pool;
  // k=3: setsize = 21, n=100 -> set.
  // /usr/bin/python3 -c 'import random; random.seed(3); print(random.sample(range(90),10), random.sample(range(85),10), random.sample(range(12),10), random.sample(range(100),3))'
  PyRandom rng(3);
  EXPECT_EQ(rng.Sample(90, 10), (std::vector<size_t>{30, 75, 69, 16, 47, 77, 60, 80, 74, 8}));
  EXPECT_EQ(rng.Sample(85, 10), (std::vector<size_t>{77, 1, 60, 33, 70, 29, 24, 82, 69, 80}));
  EXPECT_EQ(rng.Sample(12, 10), (std::vector<size_t>{7, 6, 2, 3, 9, 10, 4, 8, 0, 11}));
  EXPECT_EQ(rng.Sample(100, 3), (std::vector<size_t>{99, 8, 20}));
  EXPECT_THROW(rng.Sample(3, 4), std::invalid_argument);
}

TEST(PyRandom, Choice) {
  // /usr/bin/python3 -c 'import random; random.seed(1); print([random.choice("abcdefghij") for _ in range(8)])'
  PyRandom rng(1);
  const std::string letters = "abcdefghij";
  std::string got;
  for (int i = 0; i < 8; ++i) got += letters[rng.Choice(letters.size())];
  EXPECT_EQ(got, "cjbebhhh");
}

TEST(PyRandom, ShuffleStrings) {
  // Generic over element type; same permutation as the index shuffle.
  // /usr/bin/python3 -c 'import random; random.seed(1); x=list("abcdefghij"); random.shuffle(x); print("".join(x))'
  PyRandom rng(1);
  std::vector<std::string> v = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  rng.Shuffle(v);
  std::string got;
  for (const auto& s : v) got += s;
  EXPECT_EQ(got, "gijhfdaebc");
}

}  // namespace
}  // namespace clue::data
