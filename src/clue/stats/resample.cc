#include "clue/stats/resample.h"

namespace clue::stats {
namespace {

uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = SplitMix(seed);
}

uint32_t Rng::Below(uint32_t n) {
  // Lemire (2019): the high half of a 32x32 product is uniform once the rare low-half
  // collisions are rejected.
  uint64_t m = static_cast<uint64_t>(static_cast<uint32_t>(Next() >> 32)) * n;
  uint32_t low = static_cast<uint32_t>(m);
  if (low < n) {
    const uint32_t threshold = static_cast<uint32_t>(-n) % n;
    while (low < threshold) {
      m = static_cast<uint64_t>(static_cast<uint32_t>(Next() >> 32)) * n;
      low = static_cast<uint32_t>(m);
    }
  }
  return static_cast<uint32_t>(m >> 32);
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t StreamKey(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t ReplicateSeed(uint64_t seed, uint64_t key, uint64_t index) {
  uint64_t x = seed;
  uint64_t a = SplitMix(x) ^ key;
  uint64_t b = SplitMix(a) ^ index;
  return SplitMix(b);
}

void DrawFlips(Rng& rng, size_t clusters, double* flips) {
  size_t i = 0;
  while (i < clusters) {
    uint64_t bits = rng.Next();
    for (int b = 0; b < 64 && i < clusters; ++b, ++i) flips[i] = static_cast<double>((bits >> b) & 1);
  }
}

}  // namespace clue::stats
