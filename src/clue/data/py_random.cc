#include "clue/data/py_random.h"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace clue::data {
namespace {

constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

}  // namespace

void PyRandom::InitGenrand(uint32_t s) {
  mt_[0] = s;
  for (int i = 1; i < kN; ++i) {
    mt_[i] = 1812433253U * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  }
  mti_ = kN;
}

void PyRandom::InitByArray(const uint32_t* key, size_t key_length) {
  InitGenrand(19650218U);
  size_t i = 1, j = 0;
  for (size_t k = (kN > key_length ? kN : key_length); k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525U)) + key[j] +
             static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= static_cast<size_t>(kN)) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (size_t k = kN - 1; k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941U)) -
             static_cast<uint32_t>(i);
    ++i;
    if (i >= static_cast<size_t>(kN)) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000U;  // guarantees a non-zero initial state, as in the reference
}

uint32_t PyRandom::GenRandUint32() {
  static constexpr uint32_t mag01[2] = {0U, kMatrixA};
  if (mti_ >= kN) {
    int kk = 0;
    for (; kk < kN - kM; ++kk) {
      const uint32_t y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + kM] ^ (y >> 1) ^ mag01[y & 1U];
    }
    for (; kk < kN - 1; ++kk) {
      const uint32_t y = (mt_[kk] & kUpperMask) | (mt_[kk + 1] & kLowerMask);
      mt_[kk] = mt_[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 1U];
    }
    const uint32_t y = (mt_[kN - 1] & kUpperMask) | (mt_[0] & kLowerMask);
    mt_[kN - 1] = mt_[kM - 1] ^ (y >> 1) ^ mag01[y & 1U];
    mti_ = 0;
  }
  uint32_t y = mt_[mti_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

void PyRandom::Seed(int64_t seed) {
  // abs() of INT64_MIN does not fit in int64_t but does in uint64_t.
  const uint64_t mag = seed < 0 ? 0 - static_cast<uint64_t>(seed) : static_cast<uint64_t>(seed);
  SeedUnsigned(mag);
}

void PyRandom::SeedUnsigned(uint64_t seed) {
  // CPython splits |seed| into little-endian 32-bit words, dropping high zero words but keeping
  // at least one (seed 0 -> key [0]).
  uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  InitByArray(key, key[1] != 0 ? 2 : 1);
}

uint64_t PyRandom::GetRandBits(int k) {
  if (k < 0 || k > 64) throw std::invalid_argument("GetRandBits: k must be in [0, 64]");
  if (k == 0) return 0;
  if (k <= 32) return GenRandUint32() >> (32 - k);
  // Words are filled least significant first; the last (partial) word keeps its high bits.
  const uint64_t low = GenRandUint32();
  const uint64_t high = GenRandUint32() >> (64 - k);
  return low | (high << 32);
}

uint64_t PyRandom::RandBelow(uint64_t n) {
  if (n == 0) throw std::invalid_argument("RandBelow: n must be positive");
  // n.bit_length(), not (n-1).bit_length(): CPython wastes a bit for powers of two, and so must we.
  const int k = std::bit_width(n);
  uint64_t r = GetRandBits(k);
  while (r >= n) r = GetRandBits(k);
  return r;
}

double PyRandom::Random() {
  const uint32_t a = GenRandUint32() >> 5;
  const uint32_t b = GenRandUint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::vector<size_t> PyRandom::Sample(size_t n, size_t k) {
  if (k > n) throw std::invalid_argument("Sample larger than population");
  std::vector<size_t> result(k);
  // CPython compares the memory of an n-list against a k-set: setsize = 21, plus the hash table
  // size 4**ceil(log(3k, 4)) when k > 5. math.log(x, base) is log(x)/log(base) in doubles.
  size_t setsize = 21;
  if (k > 5) {
    const double e = std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0));
    setsize += static_cast<size_t>(std::pow(4.0, e));
  }
  if (n <= setsize) {
    std::vector<size_t> pool(n);
    for (size_t i = 0; i < n; ++i) pool[i] = i;
    for (size_t i = 0; i < k; ++i) {
      const size_t j = static_cast<size_t>(RandBelow(n - i));
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];  // move the unselected last item into the vacancy
    }
  } else {
    std::unordered_set<size_t> selected;
    for (size_t i = 0; i < k; ++i) {
      size_t j = static_cast<size_t>(RandBelow(n));
      while (selected.count(j)) j = static_cast<size_t>(RandBelow(n));
      selected.insert(j);
      result[i] = j;
    }
  }
  return result;
}

std::vector<size_t> PyRandom::ShuffledIndices(size_t n) {
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i) idx[i] = i;
  Shuffle(idx);
  return idx;
}

}  // namespace clue::data
