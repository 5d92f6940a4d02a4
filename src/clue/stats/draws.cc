#include "clue/stats/draws.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define CLUE_DRAWS_AVX2 1
#endif

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

namespace clue::stats {
namespace {

std::atomic<bool> g_portable{false};

bool CpuHasAvx2() {
#ifdef CLUE_DRAWS_AVX2
  __builtin_cpu_init();  // needed if the first call comes from a static initializer
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool UseAvx2() {
  static const bool has_avx2 = CpuHasAvx2();
  return has_avx2 && !g_portable.load(std::memory_order_relaxed);
}

inline uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// One xoshiro256** step of every lane; r[lane] = its output.
inline void StepLanes(uint64_t (*s)[4], uint64_t* r) {
  for (int l = 0; l < 4; ++l) {
    r[l] = Rotl(s[1][l] * 5, 7) * 9;
    const uint64_t t = s[1][l] << 17;
    s[2][l] ^= s[0][l];
    s[3][l] ^= s[1][l];
    s[1][l] ^= s[2][l];
    s[0][l] ^= s[3][l];
    s[2][l] ^= t;
    s[3][l] = Rotl(s[3][l], 45);
  }
}

// Whole steps written straight to out while eight slots remain; returns the draws written. A
// rejected candidate is written and then overwritten, so there is no branch.
size_t FillStepsPortable(uint64_t (*s)[4], uint32_t n, uint32_t thr, uint32_t* out, size_t k) {
  size_t i = 0;
  uint64_t r[4];
  while (i + 8 <= k) {
    StepLanes(s, r);
    for (int l = 0; l < 4; ++l) {
      const uint64_t hi = (r[l] >> 32) * n, lo = (r[l] & 0xFFFFFFFFu) * n;
      out[i] = static_cast<uint32_t>(hi >> 32);
      i += static_cast<uint32_t>(hi) >= thr;
      out[i] = static_cast<uint32_t>(lo >> 32);
      i += static_cast<uint32_t>(lo) >= thr;
    }
  }
  return i;
}

#ifdef CLUE_DRAWS_AVX2
// The same with the four lanes in one register. AVX2 has no 64-bit multiply, hence the shifts
// for *5 and *9, and the 32x32->64 multiply (vpmuludq) is exactly Lemire's product.
__attribute__((target("avx2"))) size_t FillStepsAvx2(uint64_t (*s)[4], uint32_t n, uint32_t thr,
                                                     uint32_t* out, size_t k) {
  __m256i* sv = reinterpret_cast<__m256i*>(s);
  __m256i s0 = _mm256_loadu_si256(sv), s1 = _mm256_loadu_si256(sv + 1);
  __m256i s2 = _mm256_loadu_si256(sv + 2), s3 = _mm256_loadu_si256(sv + 3);
  const __m256i nv = _mm256_set1_epi64x(n);
  const __m256i high = _mm256_set1_epi64x(static_cast<long long>(0xFFFFFFFF00000000ULL));
  const __m256i thrv = _mm256_set1_epi32(static_cast<int>(thr));
  size_t i = 0;
  while (i + 8 <= k) {
    __m256i x = _mm256_add_epi64(s1, _mm256_slli_epi64(s1, 2));
    x = _mm256_or_si256(_mm256_slli_epi64(x, 7), _mm256_srli_epi64(x, 57));
    const __m256i r = _mm256_add_epi64(x, _mm256_slli_epi64(x, 3));
    const __m256i t = _mm256_slli_epi64(s1, 17);
    s2 = _mm256_xor_si256(s2, s0);
    s3 = _mm256_xor_si256(s3, s1);
    s1 = _mm256_xor_si256(s1, s2);
    s0 = _mm256_xor_si256(s0, s3);
    s2 = _mm256_xor_si256(s2, t);
    s3 = _mm256_or_si256(_mm256_slli_epi64(s3, 45), _mm256_srli_epi64(s3, 19));
    const __m256i ph = _mm256_mul_epu32(_mm256_srli_epi64(r, 32), nv);
    const __m256i pl = _mm256_mul_epu32(r, nv);
    // 32-bit lanes in draw order: (hi, lo) of lane 0, then of lanes 1..3.
    const __m256i idx = _mm256_or_si256(_mm256_srli_epi64(ph, 32), _mm256_and_si256(pl, high));
    const __m256i low = _mm256_or_si256(_mm256_andnot_si256(high, ph), _mm256_slli_epi64(pl, 32));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), idx);
    const __m256i ok = _mm256_cmpeq_epi32(_mm256_max_epu32(low, thrv), low);  // low >= thr
    const unsigned mask = static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(ok)));
    if (mask == 0xFF) {
      i += 8;
      continue;
    }
    size_t j = i;  // rare: drop the rejected candidates in place
    for (unsigned c = 0; c < 8; ++c)
      if (mask >> c & 1) out[j++] = out[i + c];
    i = j;
  }
  _mm256_storeu_si256(sv, s0);
  _mm256_storeu_si256(sv + 1, s1);
  _mm256_storeu_si256(sv + 2, s2);
  _mm256_storeu_si256(sv + 3, s3);
  return i;
}
#endif

// Four doubles; element-wise operations, so SSE2 (two registers) and AVX2 (one) round alike.
typedef double D4 __attribute__((vector_size(32), aligned(8), may_alias));

// Accumulator sets per row width V (in D4s): enough independent add chains to hide the add
// latency, few enough to stay in registers. Draw i of a batch goes to set i % S.
template <size_t V>
constexpr size_t kSets = V == 1 ? 8 : V == 2 ? 4 : 2;

template <size_t V>
[[gnu::always_inline]] inline void AddRows(const uint32_t* idx, size_t k, const double* m, D4* acc) {
  constexpr size_t S = kSets<V>;
  D4 a[S * V];
  for (size_t x = 0; x < S * V; ++x) a[x] = acc[x];
  size_t i = 0;
  for (; i + S <= k; i += S)
    for (size_t s = 0; s < S; ++s) {
      const D4* row = reinterpret_cast<const D4*>(m + size_t{idx[i + s]} * 4 * V);
      for (size_t v = 0; v < V; ++v) a[s * V + v] += row[v];
    }
  for (; i < k; ++i) {
    const D4* row = reinterpret_cast<const D4*>(m + size_t{idx[i]} * 4 * V);
    for (size_t v = 0; v < V; ++v) a[(i % S) * V + v] += row[v];
  }
  for (size_t x = 0; x < S * V; ++x) acc[x] = a[x];
}

template <size_t V>
void AddRowsPortable(const uint32_t* idx, size_t k, const double* m, D4* acc) {
  AddRows<V>(idx, k, m, acc);
}

#ifdef CLUE_DRAWS_AVX2
template <size_t V>
__attribute__((target("avx2"))) void AddRowsAvx2(const uint32_t* idx, size_t k, const double* m,
                                                 D4* acc) {
  AddRows<V>(idx, k, m, acc);
}
#else
template <size_t V>
void AddRowsAvx2(const uint32_t* idx, size_t k, const double* m, D4* acc) {
  AddRows<V>(idx, k, m, acc);  // never selected: CpuHasAvx2() is false off x86-64
}
size_t FillStepsAvx2(uint64_t (*s)[4], uint32_t n, uint32_t thr, uint32_t* out, size_t k) {
  return FillStepsPortable(s, n, thr, out, k);
}
#endif

// Wide rows (more than 16 columns, rare): two sets, one implementation for every machine.
void AddRowsWide(const uint32_t* idx, size_t k, const double* m, size_t v_count, D4* acc) {
  for (size_t i = 0; i < k; ++i) {
    const D4* row = reinterpret_cast<const D4*>(m + size_t{idx[i]} * 4 * v_count);
    D4* a = acc + (i % 2) * v_count;
    for (size_t v = 0; v < v_count; ++v) a[v] += row[v];
  }
}

constexpr size_t kBatch = 512;  // a multiple of every kSets, so sets do not shift between batches

// Draws `draws` indices in batches and hands each batch to use(idx, k): drawing and using each
// run as a tight loop.
template <typename Use>
void ForEachBatch(IndexDrawer& draw, size_t draws, Use&& use) {
  uint32_t idx[kBatch];
  for (size_t done = 0; done < draws;) {
    const size_t k = std::min(kBatch, draws - done);
    draw.Fill(idx, k);
    use(idx, k);
    done += k;
  }
}

template <size_t V>
void SumFixedWidth(IndexDrawer& draw, size_t draws, const double* m, size_t w, double* out) {
  constexpr size_t S = kSets<V>;
  D4 acc[S * V] = {};
  const bool avx2 = UseAvx2();
  ForEachBatch(draw, draws, [&](const uint32_t* idx, size_t k) {
    if (avx2)
      AddRowsAvx2<V>(idx, k, m, acc);
    else
      AddRowsPortable<V>(idx, k, m, acc);
  });
  for (size_t j = 0; j < w; ++j) {
    double sum = 0;
    for (size_t s = 0; s < S; ++s) sum += acc[s * V + j / 4][j % 4];
    out[j] = sum;
  }
}

void SumWide(IndexDrawer& draw, size_t draws, const double* m, size_t v_count, size_t w, double* out) {
  std::vector<double> acc_storage(8 * v_count, 0.0);
  D4* acc = reinterpret_cast<D4*>(acc_storage.data());
  ForEachBatch(draw, draws, [&](const uint32_t* idx, size_t k) { AddRowsWide(idx, k, m, v_count, acc); });
  for (size_t j = 0; j < w; ++j) out[j] = acc[j / 4][j % 4] + acc[v_count + j / 4][j % 4];
}

}  // namespace

IndexDrawer::IndexDrawer(Rng& rng, uint32_t n) : n_(n) {
  if (n == 0) throw std::invalid_argument("IndexDrawer: no clusters to draw from");
  threshold_ = static_cast<uint32_t>(-n) % n;
  for (auto& word : s_)
    for (auto& x : word) x = rng.Next();
  for (int l = 0; l < 4; ++l)  // all zeros is the one state xoshiro never leaves
    if ((s_[0][l] | s_[1][l] | s_[2][l] | s_[3][l]) == 0) s_[0][l] = 1;
}

void IndexDrawer::Step() {
  uint64_t r[4];
  StepLanes(s_, r);
  for (int l = 0; l < 4; ++l) {
    prod_[2 * l] = (r[l] >> 32) * n_;
    prod_[2 * l + 1] = (r[l] & 0xFFFFFFFFu) * n_;
  }
  pos_ = 0;
}

uint32_t IndexDrawer::Next() {
  for (;;) {
    if (pos_ == 8) Step();
    const uint64_t p = prod_[pos_++];
    if (static_cast<uint32_t>(p) >= threshold_) return static_cast<uint32_t>(p >> 32);
  }
}

void IndexDrawer::Fill(uint32_t* out, size_t k) {
  size_t i = 0;
  while (i < k && pos_ < 8) {  // the rest of a step Next() began
    const uint64_t p = prod_[pos_++];
    if (static_cast<uint32_t>(p) >= threshold_) out[i++] = static_cast<uint32_t>(p >> 32);
  }
  if (i < k)
    i += UseAvx2() ? FillStepsAvx2(s_, n_, threshold_, out + i, k - i)
                   : FillStepsPortable(s_, n_, threshold_, out + i, k - i);
  while (i < k) out[i++] = Next();
}

void SumDrawnRows(IndexDrawer& draw, size_t draws, const double* m, size_t stride, size_t w,
                  double* out) {
  if (stride % 4 != 0 || w > stride) throw std::invalid_argument("SumDrawnRows: bad row layout");
  switch (stride / 4) {
    case 1: return SumFixedWidth<1>(draw, draws, m, w, out);
    case 2: return SumFixedWidth<2>(draw, draws, m, w, out);
    case 3: return SumFixedWidth<3>(draw, draws, m, w, out);
    case 4: return SumFixedWidth<4>(draw, draws, m, w, out);
    default: return SumWide(draw, draws, m, stride / 4, w, out);
  }
}

void DrawMultiplicities(Rng& rng, size_t clusters, double* counts) {
  if (clusters == 0) return;
  IndexDrawer draw(rng, static_cast<uint32_t>(clusters));
  ForEachBatch(draw, clusters, [&](const uint32_t* idx, size_t k) {
    for (size_t i = 0; i < k; ++i) counts[idx[i]] += 1.0;
  });
}

void SetDrawKernel(DrawKernel k) { g_portable.store(k == DrawKernel::kPortable); }

bool DrawKernelUsesAvx2() { return UseAvx2(); }

}  // namespace clue::stats
