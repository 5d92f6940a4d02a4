#pragma once
// A bit-exact re-implementation of the parts of CPython 3's `random` module that CLUE relies on
// (few-shot shuffles with seed 1, MeDiSumCode's seed-44 shuffle, LongHealth's sampling). The
// generator is MT19937 seeded with init_by_array over the seed's 32-bit words, as CPython does;
// integer draws go through getrandbits rejection sampling (`_randbelow_with_getrandbits`).
// Verified against Debian's /usr/bin/python3 (3.11) in py_random_test.cc.
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace clue::data {

class PyRandom {
 public:
  // Same as random.Random(seed).
  explicit PyRandom(int64_t seed = 0) { Seed(seed); }

  // random.seed(n) for an int n: CPython seeds with abs(n) (so seed(-7) == seed(7)).
  void Seed(int64_t seed);
  // random.seed(n) for a non-negative int up to 2**64-1.
  void SeedUnsigned(uint64_t seed);

  // random.getrandbits(k) for 0 <= k <= 64 (CPython allows more; nothing here needs it).
  uint64_t GetRandBits(int k);
  // random._randbelow(n) for n >= 1: draw n.bit_length() bits until the value is below n.
  uint64_t RandBelow(uint64_t n);
  // random.random(): 53-bit float in [0, 1).
  double Random();
  // random.choice(seq) returns seq[Choice(len(seq))]. n must be >= 1.
  size_t Choice(size_t n) { return static_cast<size_t>(RandBelow(n)); }
  // random.sample(range(n), k): k distinct indices in selection order, using the same branch
  // (pool-based for small n, set-based otherwise) CPython picks. Requires k <= n.
  std::vector<size_t> Sample(size_t n, size_t k);
  // random.shuffle(x) on a list of n items, expressed as the swaps it performs; Shuffle() applies
  // them. Fisher-Yates from the end: for i = n-1..1, swap x[i] and x[_randbelow(i+1)].
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i-- > 1;) {
      const size_t j = static_cast<size_t>(RandBelow(i + 1));
      std::swap(items[i], items[j]);
    }
  }
  // The permutation random.shuffle applies to range(n): result[i] = original index at slot i.
  std::vector<size_t> ShuffledIndices(size_t n);

 private:
  void InitGenrand(uint32_t s);
  void InitByArray(const uint32_t* key, size_t key_length);
  uint32_t GenRandUint32();

  static constexpr int kN = 624;
  std::array<uint32_t, kN> mt_{};
  int mti_ = kN + 1;
};

}  // namespace clue::data
