#include "clue/stats/draws.h"

#include <cstring>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace clue::stats {
namespace {

// Runs every test body under both kernels where the CPU has AVX2 (restoring kAuto after).
class KernelGuard {
 public:
  explicit KernelGuard(DrawKernel k) { SetDrawKernel(k); }
  ~KernelGuard() { SetDrawKernel(DrawKernel::kAuto); }
};

bool CpuHasAvx2() {
  KernelGuard guard(DrawKernel::kAuto);
  return DrawKernelUsesAvx2();
}

std::vector<uint32_t> DrawMixed(uint64_t seed, uint32_t n, size_t k) {
  // Next() and Fill() of odd sizes interleaved: every boundary case of the candidate buffer.
  Rng rng(seed);
  IndexDrawer d(rng, n);
  std::vector<uint32_t> out(k);
  size_t i = 0, chunk = 1;
  while (i < k) {
    out[i++] = d.Next();
    const size_t c = std::min(chunk, k - i);
    d.Fill(out.data() + i, c);
    i += c;
    chunk = chunk * 3 + 1;
  }
  return out;
}

std::vector<uint32_t> DrawFill(uint64_t seed, uint32_t n, size_t k) {
  Rng rng(seed);
  IndexDrawer d(rng, n);
  std::vector<uint32_t> out(k);
  d.Fill(out.data(), k);
  return out;
}

// Expected sequences printed by the independent oracle written from the spec in draws.h:
//   /usr/bin/python3 scripts/oracles/index_drawer.py 1 10000 24
//   /usr/bin/python3 scripts/oracles/index_drawer.py 7 3221225472 24  (2^32 mod n = 2^30: a
//     quarter of all candidates are rejected)
//   /usr/bin/python3 scripts/oracles/index_drawer.py 3 7 40
const std::vector<uint32_t> kSeed1N10000 = {7476, 948, 9749, 7937, 2204, 390, 6224, 1365,
                                            3117, 8282, 4617, 6989, 3281, 7446, 1218, 561,
                                            2947, 8593, 5940, 3343, 7052, 337, 6820, 29};
const std::vector<uint32_t> kSeed7NBig = {
    1144198867, 1236547639, 573014688,  3055505686, 3002110881, 877824640,
    1772144432, 2543018557, 1051999200, 1154300787, 692400649,  2002623618,
    475217521,  312409628,  2226713448, 358107950,  1805751346, 1492663493,
    2381973349, 712487692,  1898494941, 1799291597, 3209258812, 1233027303};
const std::vector<uint32_t> kSeed3N7 = {4, 1, 1, 6, 3, 3, 4, 2, 4, 4, 3, 1, 5, 4, 2, 5, 2, 6, 3, 5,
                                        0, 1, 1, 6, 6, 2, 4, 5, 0, 0, 5, 4, 2, 0, 2, 0, 3, 1, 2, 4};

TEST(IndexDrawerTest, MatchesTheOracleUnderBothKernels) {
  for (DrawKernel k : {DrawKernel::kAuto, DrawKernel::kPortable}) {
    KernelGuard guard(k);
    EXPECT_EQ(DrawFill(1, 10000, 24), kSeed1N10000);
    EXPECT_EQ(DrawMixed(1, 10000, 24), kSeed1N10000);
    EXPECT_EQ(DrawFill(7, 3221225472u, 24), kSeed7NBig);
    EXPECT_EQ(DrawMixed(7, 3221225472u, 24), kSeed7NBig);
    EXPECT_EQ(DrawFill(3, 7, 40), kSeed3N7);
    EXPECT_EQ(DrawMixed(3, 7, 40), kSeed3N7);
  }
}

TEST(IndexDrawerTest, KernelsAgreeOnLongSequences) {
  if (!CpuHasAvx2()) GTEST_SKIP() << "no AVX2 on this CPU: only the portable kernel exists here";
  for (uint32_t n : {1u, 2u, 7u, 10000u, 65536u, 3221225472u, 4294967295u}) {
    std::vector<uint32_t> fast, portable;
    {
      KernelGuard guard(DrawKernel::kAuto);
      ASSERT_TRUE(DrawKernelUsesAvx2());
      fast = DrawMixed(n, n, 5000);
    }
    {
      KernelGuard guard(DrawKernel::kPortable);
      ASSERT_FALSE(DrawKernelUsesAvx2());
      portable = DrawMixed(n, n, 5000);
    }
    EXPECT_EQ(fast, portable) << "n = " << n;
    for (uint32_t x : fast) ASSERT_LT(x, n);
  }
}

TEST(IndexDrawerTest, DrawsAreUniform) {
  // 70,000 draws over 7 cells: each expects 10,000 (sd ~93); 5 sd bounds.
  auto draws = DrawFill(11, 7, 70000);
  std::vector<int> hist(7, 0);
  for (uint32_t x : draws) ++hist[x];
  for (int h : hist) EXPECT_NEAR(h, 10000, 465);
}

TEST(DrawMultiplicitiesTest, SumToClusterCount) {
  Rng rng(1);
  std::vector<double> counts(7, 0.0);
  DrawMultiplicities(rng, counts.size(), counts.data());
  EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), 0.0), 7.0);
}

TEST(IndexDrawerTest, RejectsZeroClusters) {
  Rng rng(1);
  EXPECT_THROW(IndexDrawer(rng, 0), std::invalid_argument);
}

// Rows of small integers make every partial sum exact, so the kernel's sum must equal the
// multiplicity-weighted row sum whatever the order of additions.
TEST(SumDrawnRowsTest, EqualsMultiplicityWeightedRowsForEveryWidth) {
  for (size_t stride : {4u, 8u, 12u, 16u, 20u}) {
    const size_t rows = 37, w = stride - 1;
    std::vector<double> m(rows * stride);
    for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<double>((i * 7919) % 101);
    for (size_t draws : {1u, 7u, 37u, 513u, 1000u}) {
      Rng a(draws + stride), b(draws + stride);
      IndexDrawer da(a, rows), db(b, rows);
      std::vector<double> got(w);
      SumDrawnRows(da, draws, m.data(), stride, w, got.data());
      std::vector<double> want(w, 0.0);
      for (size_t i = 0; i < draws; ++i) {
        const uint32_t r = db.Next();
        for (size_t j = 0; j < w; ++j) want[j] += m[r * stride + j];
      }
      EXPECT_EQ(got, want) << "stride " << stride << ", draws " << draws;
    }
  }
}

TEST(SumDrawnRowsTest, KernelsGiveBitIdenticalSums) {
  if (!CpuHasAvx2()) GTEST_SKIP() << "no AVX2 on this CPU: only the portable kernel exists here";
  // Values whose sums round: any difference in the order of additions would show.
  for (size_t stride : {4u, 8u, 12u, 16u, 24u}) {
    const size_t rows = 1000, w = stride;
    std::vector<double> m(rows * stride);
    Rng fill(stride);
    for (double& x : m) x = fill.Uniform() * 1e3;
    std::vector<double> got[2];
    for (int pass = 0; pass < 2; ++pass) {
      KernelGuard guard(pass == 0 ? DrawKernel::kAuto : DrawKernel::kPortable);
      Rng rng(99);
      IndexDrawer d(rng, rows);
      got[pass].resize(w);
      SumDrawnRows(d, 4099, m.data(), stride, w, got[pass].data());
    }
    EXPECT_EQ(std::memcmp(got[0].data(), got[1].data(), w * sizeof(double)), 0) << "stride " << stride;
  }
}

TEST(SumDrawnRowsTest, RejectsARowLayoutThatIsNotWholeVectors) {
  Rng rng(1);
  IndexDrawer d(rng, 3);
  std::vector<double> m(15), out(5);
  EXPECT_THROW(SumDrawnRows(d, 3, m.data(), 5, 5, out.data()), std::invalid_argument);
}

}  // namespace
}  // namespace clue::stats
