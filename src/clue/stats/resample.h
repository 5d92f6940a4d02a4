#pragma once
// The resampling machinery shared by the bootstrap, the paired bootstrap and the permutation test:
// a fast seeded generator whose stream depends only on (seed, stream key, replicate index), so
// results do not depend on the thread count. The draws themselves are in draws.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace clue::stats {

// xoshiro256** (Blackman & Vigna), seeded through splitmix64. Small state, ~1 ns per draw.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).
  uint32_t Below(uint32_t n);
  double Uniform();  // [0, 1)

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// A 64-bit key for a named stream (e.g. a task name), FNV-1a; stable across platforms.
uint64_t StreamKey(std::string_view name);

// The seed of replicate `index` of stream `key` under the user's `seed`.
uint64_t ReplicateSeed(uint64_t seed, uint64_t key, uint64_t index);

// Sets flips[c] to 0 or 1 with probability 1/2 each (a random sign flip per cluster).
void DrawFlips(Rng& rng, size_t clusters, double* flips);

}  // namespace clue::stats
