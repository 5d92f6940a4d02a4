#pragma once
// The bootstrap's inner loop: uniform cluster indices, and the sum of the matrix rows they pick.
// 10,000 resamples of 10,000 clusters are 10^8 draws per task, so each draw must cost about a
// nanosecond. Both kernels have an AVX2 version and a portable one that computes bit-identical
// results, so intervals do not depend on the machine a run happens on.
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include "clue/stats/resample.h"

namespace clue::stats {

// Uniform indices in [0, n) from four interleaved xoshiro256** lanes seeded from one Rng. Each
// step makes one 64-bit output per lane; the candidates are, in order, the high and then the low
// 32 bits of lane 0's output, then of lane 1's, 2's and 3's. A candidate x becomes the index
// (x * n) >> 32 unless its low product half is below 2^32 mod n (Lemire's multiply-and-reject,
// no modulo bias), in which case it is skipped. Four lanes are what lets AVX2 make eight draws
// in a handful of instructions; Next() and Fill() draw the same sequence and can be mixed.
class IndexDrawer {
 public:
  IndexDrawer(Rng& rng, uint32_t n);
  uint32_t Next();
  // out[0..k) = the next k draws.
  void Fill(uint32_t* out, size_t k);

 private:
  void Step();  // fills prod_ with the next eight candidates' products

  alignas(32) uint64_t s_[4][4];  // s_[word][lane]
  uint64_t prod_[8];              // candidate * n
  unsigned pos_ = 8;              // next unread candidate in prod_
  uint32_t n_, threshold_;
};

// Row storage for SumDrawnRows: 64-byte aligned, so that a row of four doubles never straddles
// two cache lines (the kernel is bound by fetching random rows).
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64})); }
  void deallocate(T* p, size_t n) { ::operator delete(p, n * sizeof(T), std::align_val_t{64}); }
  template <class U>
  bool operator==(const CacheLineAllocator<U>&) const { return true; }
};
using RowMatrix = std::vector<double, CacheLineAllocator<double>>;

// out[0..w) = the sum of `draws` rows of the row-major matrix m (rows of `stride` doubles,
// stride a multiple of 4; only the first w columns are reported) at the indices drawn from
// `draw`. The additions are spread over several accumulators in a fixed order, so the sum is the
// same on every machine but not the naive left-to-right one.
void SumDrawnRows(IndexDrawer& draw, size_t draws, const double* m, size_t stride, size_t w,
                  double* out);

// Adds one bootstrap draw of `clusters` units with replacement (IndexDrawer order) to counts:
// counts must be zeroed by the caller; afterwards they sum to `clusters`. Draws exactly what
// SumDrawnRows draws from the same generator, so the two are interchangeable.
void DrawMultiplicities(Rng& rng, size_t clusters, double* counts);

// Which implementation the kernels use; kAuto picks AVX2 when the CPU has it. For tests and
// benchmarks that compare the two; not thread-safe against kernels running concurrently.
enum class DrawKernel { kAuto, kPortable };
void SetDrawKernel(DrawKernel k);
bool DrawKernelUsesAvx2();

}  // namespace clue::stats
