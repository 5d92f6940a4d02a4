// ConceptIndex::Search, the exact approximate lookup; the search layout of the postings
// (BuildSearchLayout, run when the index is built) and the per-name signatures derived when it
// is bound.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "clue/metrics/concepts/concept_search.h"

#include "clue/metrics/concepts/concept_index.h"

namespace clue::metrics::concepts {
namespace {

// Bit of a mapped (known) gram in the 256-bit per-term signature.
inline uint32_t SigBit(uint32_t mapped) {
  return static_cast<uint32_t>((mapped * 0x9E3779B97F4A7C15ull) >> 56);
}

// Bit (0..55) of a mapped gram in the 56-bit per-posting signature.
inline uint32_t SigBit56(uint32_t mapped) {
  const uint64_t h = (mapped * 0xD6E8FEB86659FD93ull) >> 32;
  return static_cast<uint32_t>((h * 56) >> 32);
}

// Hash of a sorted gram-rank set (ExactTerm's table).
inline uint64_t SetHash(std::span<const uint32_t> ranks) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ ranks.size();
  for (uint32_t r : ranks) h = (h ^ r) * 0xD6E8FEB86659FD93ull, h ^= h >> 32;
  return h;
}

// Portable popcount for CPUs without the POPCNT instruction (the default x86-64 target lacks it
// and the library call is slow in the hot loop).
inline uint32_t PopCountPortable(uint64_t v) {
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<uint32_t>((v * 0x0101010101010101ull) >> 56);
}

template <bool kHw>
[[gnu::always_inline]] inline uint32_t Pop(uint64_t v) {
  if constexpr (kHw) return static_cast<uint32_t>(__builtin_popcountll(v));
  else return PopCountPortable(v);
}

// What the posting scan needs, as plain pointers (kept in registers across the push_backs).
struct ScanArgs {
  const uint32_t* grams;
  uint32_t x, lmin, lmax;
  const uint32_t* blk_off;
  const uint32_t* blk_start;
  const uint8_t* blk_size;
  const uint8_t* blk_min_pos;
  const uint64_t* word;
  const uint32_t* postings;
  const uint32_t* tau_of;
  const SuffixBound* suffix;  // per X position i: the bound for X's grams after i
  const uint64_t* layer;      // layer[s.layer + d]: bits hit by more than d of those grams
  const uint64_t* term_sig;   // 256-bit per-term signatures, checked after the scan
  const uint8_t* term_size;   // read with the signature after the scan
  const uint32_t* tg_off;     // where each term's gram list starts, for the merge
};

// Blocks are read ahead of use: most are short and start on a cache line not yet loaded.
constexpr size_t kPrefetchAhead = 8;

// Candidate generation. For each known query gram at X position i, the size blocks of its
// posting list from lmin on: each block holds the terms of one size l, sorted by the gram's
// position j in the term. A match's first common gram (both prefixes are rank-closed, X is read
// in rank order) at (i, j) leaves at most min(x - i - 1, l - j - 1) more (PPJoin positional
// filter): the X side needs i <= x - tau(l) (false for every larger l too, as tau grows with l),
// the Y side j <= l - tau(l), which once false stays false for the rest of the block. A later
// sighting of the same term has larger i and j, so a term rejected at its first sighting is
// rejected at every one (the signature bound does not depend on the sighting): only a term's
// first sighting (seen[t] != epoch) is kept.
//
// First the blocks to read, as block << 32 | i, in scan order.
[[gnu::always_inline]] inline void CollectBlocks(const ScanArgs& a, std::vector<uint64_t>* tasks) {
  tasks->clear();
  for (uint32_t i = 0; i < a.x; ++i) {
    if (a.grams[i] < kKnownGramBase) continue;
    const uint32_t r = a.grams[i] - kKnownGramBase;
    const uint32_t be = a.blk_off[r + 1];
    uint32_t b = static_cast<uint32_t>(
        std::lower_bound(a.blk_size + a.blk_off[r], a.blk_size + be, a.lmin) - a.blk_size);
    for (; b < be; ++b) {
      const uint32_t l = a.blk_size[b];
      if (l > a.lmax) break;
      const uint32_t tau = a.tau_of[l];
      if (tau > a.x - i) break;
      // A block whose first position is already too late holds nothing to read.
      if (tau <= l && a.blk_min_pos[b] <= l - tau) tasks->push_back(uint64_t{b} << 32 | i);
    }
  }
}

// At a sighting (i, j) of a term the overlap is at most 1 + |X[i+1..] n Y[j+1..]| (exactly that
// at the first common gram, the sighting that must pass): each posting word holds the signature
// of Y[j+1..], suffix[i] that of X[i+1..]. A posting that passed the one-popcount check gets the
// layered sum (exactly sum_b of X[i+1..]'s grams on bit b over the common bits), then the
// first-sighting rule.
template <bool kHw>
[[gnu::always_inline]] inline void Admit(const ScanArgs& a, SearchScratch* sc, uint64_t w,
                                         uint32_t k, uint32_t i, uint32_t tau) {
  const SuffixBound& s = a.suffix[i];
  const uint64_t common = w & s.mask;
  uint32_t bound = 1 + Pop<kHw>(common);
  for (uint32_t d = 1; d < s.depth; ++d) bound += Pop<kHw>(common & a.layer[s.layer + d]);
  if (bound < tau) return;
  const uint32_t t = a.postings[k];
  if (sc->seen[t] == sc->epoch) return;
  sc->seen[t] = sc->epoch;
  sc->starts.push_back({t, i << 8 | static_cast<uint32_t>(w & 0xFF)});
  // Cache misses otherwise, each waited for after the scan.
  __builtin_prefetch(a.term_sig + size_t{t} * 4);
  __builtin_prefetch(a.term_size + t);
  __builtin_prefetch(a.tg_off + t);
}

template <bool kHw>
[[gnu::always_inline]] inline void ScanScalar(const ScanArgs& a, SearchScratch* sc) {
  CollectBlocks(a, &sc->tasks);
  const uint64_t* word = a.word;
  const uint32_t *blk_start = a.blk_start, *tau_of = a.tau_of;
  const uint8_t* blk_size = a.blk_size;
  const uint64_t* tasks = sc->tasks.data();
  const size_t n = sc->tasks.size();
  for (size_t q = 0; q < n; ++q) {
    if (q + kPrefetchAhead < n) __builtin_prefetch(word + blk_start[tasks[q + kPrefetchAhead] >> 32]);
    const uint32_t b = static_cast<uint32_t>(tasks[q] >> 32), i = static_cast<uint32_t>(tasks[q]);
    const uint32_t l = blk_size[b], tau = tau_of[l];
    const uint64_t jmax = l - tau, qmask = a.suffix[i].mask;
    const uint32_t extra = a.suffix[i].extra;
    for (uint32_t k = blk_start[b], ke = blk_start[b + 1]; k < ke; ++k) {
      const uint64_t w = word[k];
      if ((w & 0xFF) > jmax) break;
      // One popcount plus the most that colliding query grams can add first.
      if (1 + Pop<kHw>(w & qmask) + extra >= tau) Admit<kHw>(a, sc, w, k, i, tau);
    }
  }
}

#if defined(__x86_64__) || defined(__i386__)
#define CLUE_X86 1
#endif

#ifdef CLUE_X86
__attribute__((target("popcnt")))
#endif
void ScanPopcnt(const ScanArgs& a, SearchScratch* sc) {
  ScanScalar<true>(a, sc);
}

void ScanPortable(const ScanArgs& a, SearchScratch* sc) { ScanScalar<false>(a, sc); }

#ifdef CLUE_X86
// The same scan eight postings at a time (AVX-512 with VPOPCNTDQ): positions and the
// one-popcount check as lane masks; the lanes that pass go through Admit in order.
__attribute__((target("avx512f,avx512vpopcntdq,popcnt"))) void ScanAvx512(const ScanArgs& a,
                                                                          SearchScratch* sc) {
  CollectBlocks(a, &sc->tasks);
  const uint64_t* word = a.word;
  const uint32_t *blk_start = a.blk_start, *tau_of = a.tau_of;
  const uint8_t* blk_size = a.blk_size;
  const __m512i vpos = _mm512_set1_epi64(0xFF);
  const uint64_t* tasks = sc->tasks.data();
  const size_t n = sc->tasks.size();
  for (size_t q = 0; q < n; ++q) {
    if (q + kPrefetchAhead < n) __builtin_prefetch(word + blk_start[tasks[q + kPrefetchAhead] >> 32]);
    const uint32_t b = static_cast<uint32_t>(tasks[q] >> 32), i = static_cast<uint32_t>(tasks[q]);
    const uint32_t l = blk_size[b], tau = tau_of[l];
    const __m512i vjmax = _mm512_set1_epi64(l - tau);
    const SuffixBound& s = a.suffix[i];
    const __m512i vq = _mm512_set1_epi64(static_cast<long long>(s.mask));
    const __m512i vneed = _mm512_set1_epi64(static_cast<long long>(tau) - 1 - s.extra);
    for (uint32_t k = blk_start[b], ke = blk_start[b + 1]; k < ke; k += 8) {
      const __mmask8 in = ke - k >= 8 ? __mmask8(0xFF) : __mmask8((1u << (ke - k)) - 1);
      const __m512i w = _mm512_maskz_loadu_epi64(in, word + k);
      // Positions are sorted within the block, so the lanes within jmax are a prefix.
      const __mmask8 near = _mm512_mask_cmple_epu64_mask(in, _mm512_and_si512(w, vpos), vjmax);
      const __m512i pc = _mm512_popcnt_epi64(_mm512_and_si512(w, vq));
      for (uint32_t pass = _mm512_mask_cmpge_epi64_mask(near, pc, vneed); pass; pass &= pass - 1) {
        const uint32_t lane = static_cast<uint32_t>(__builtin_ctz(pass));
        Admit<true>(a, sc, word[k + lane], k + lane, i, tau);
      }
      if (near != in) break;
    }
  }
}
#endif

bool Supported(SearchKernel k) {
#ifdef CLUE_X86
  __builtin_cpu_init();  // g_kernel is initialised by a static constructor, maybe before libgcc's
  switch (k) {
    case SearchKernel::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    case SearchKernel::kPopcnt: return __builtin_cpu_supports("popcnt");
    default: return true;
  }
#else
  return k != SearchKernel::kAvx512;  // elsewhere __builtin_popcountll needs no runtime check
#endif
}

SearchKernel BestKernel() {
  for (SearchKernel k : {SearchKernel::kAvx512, SearchKernel::kPopcnt})
    if (Supported(k)) return k;
  return SearchKernel::kPortable;
}

std::atomic<SearchKernel> g_kernel{BestKernel()};

}  // namespace

SearchLayout BuildSearchLayout(std::span<const uint32_t> post_off, std::span<const uint32_t> postings,
                               std::span<const uint8_t> post_pos, std::span<const uint8_t> term_size,
                               std::span<const uint32_t> tg_off, std::span<const uint32_t> tg) {
  std::vector<uint8_t> bit56(tg.size());
  for (size_t p = 0; p < tg.size(); ++p) bit56[p] = static_cast<uint8_t>(SigBit56(tg[p]));
  const uint32_t ng = static_cast<uint32_t>(post_off.size() - 1), np = post_off[ng];
  const auto bad = [] { throw std::runtime_error("inconsistent concept index postings"); };
  if (postings.size() != np || post_pos.size() != np) bad();
  SearchLayout out;
  out.word.resize(np);
  out.blk_off.assign(ng + 1, 0);
  for (uint32_t r = 0; r < ng; ++r) {
    out.blk_off[r] = static_cast<uint32_t>(out.blk_size.size());
    for (uint32_t k = post_off[r]; k < post_off[r + 1]; ++k) {
      const uint32_t t = postings[k], j = post_pos[k];
      if (t >= term_size.size() || j >= term_size[t]) bad();
      const uint8_t l = term_size[t];
      uint64_t sig = 0;
      for (uint32_t p = tg_off[t] + j + 1; p < tg_off[t + 1]; ++p) sig |= uint64_t{1} << bit56[p];
      out.word[k] = sig << 8 | j;
      if (k == post_off[r] || l != out.blk_size.back()) {
        if (k != post_off[r] && l < out.blk_size.back()) bad();
        out.blk_size.push_back(l);
        out.blk_start.push_back(k);
        out.blk_min_pos.push_back(static_cast<uint8_t>(j));
      }
    }
  }
  out.blk_off[ng] = static_cast<uint32_t>(out.blk_size.size());
  out.blk_start.push_back(np);
  // Terms in id order, so that of several names with the same gram set the lowest is kept (the
  // one Search's callers prefer among equal scores).
  const uint32_t nt = static_cast<uint32_t>(term_size.size());
  uint32_t slots = 1024;
  while (slots < 2 * nt) slots <<= 1;
  out.exact.assign(slots, 0);
  auto ranks = [&](uint32_t t) { return tg.subspan(tg_off[t], tg_off[t + 1] - tg_off[t]); };
  for (uint32_t t = 0; t < nt; ++t) {
    const auto y = ranks(t);
    uint32_t s = static_cast<uint32_t>(SetHash(y)) & (slots - 1);
    for (; out.exact[s] != 0; s = (s + 1) & (slots - 1)) {
      const auto other = ranks(out.exact[s] - 1);
      if (std::equal(y.begin(), y.end(), other.begin(), other.end())) break;
    }
    if (out.exact[s] == 0) out.exact[s] = t + 1;
  }
  return out;
}

bool UseSearchKernel(SearchKernel k) {
  if (!Supported(k)) return false;
  g_kernel.store(k, std::memory_order_relaxed);
  return true;
}

SearchKernel CurrentSearchKernel() { return g_kernel.load(std::memory_order_relaxed); }

void ConceptIndex::BindSearch() {
  sig_.assign(size_t{nt_} * kSigWords, 0);
  for (uint32_t t = 0; t < nt_; ++t) {
    uint64_t* sig = &sig_[size_t{t} * kSigWords];
    for (uint32_t g : term_gram_ranks(t)) {
      const uint32_t b = SigBit(g);
      sig[b >> 6] |= uint64_t{1} << (b & 63);
    }
  }
}

uint32_t ConceptIndex::ExactTerm(std::span<const uint32_t> mapped) const {
  // Unknown grams sort first, and no name has one.
  if (mapped.empty() || mapped[0] < kKnownGramBase) return UINT32_MAX;
  for (uint32_t s = static_cast<uint32_t>(SetHash(mapped)) & exact_mask_; exact_[s] != 0;
       s = (s + 1) & exact_mask_) {
    const uint32_t t = exact_[s] - 1;
    if (t >= nt_) return UINT32_MAX;  // only a corrupt table; the checksum makes it unreachable
    const auto y = term_gram_ranks(t);
    if (std::equal(mapped.begin(), mapped.end(), y.begin(), y.end())) return t;
  }
  return UINT32_MAX;
}

void ConceptIndex::Search(std::span<const uint32_t> grams, double threshold, Similarity sim,
                          SearchScratch* sc, std::vector<SearchHit>* hits) const {
  hits->clear();
  if (threshold + 1e-12 < min_threshold())
    throw std::invalid_argument("search threshold below the index's min_threshold");
  const uint32_t x = static_cast<uint32_t>(grams.size());
  if (x == 0 || nt_ == 0) return;
  const double a = threshold, eps = 1e-9;
  // Sizes |Y| that can reach the threshold and the least overlap any match needs (Okazaki &
  // Tsujii, table 1): cosine a^2|X| <= |Y| <= |X|/a^2, overlap >= a^2|X|; Jaccard a|X| <= |Y| <=
  // |X|/a, overlap >= a|X|.
  const double shrink = sim == Similarity::kCosine ? a * a : a;
  const uint32_t lmin = std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(shrink * x - eps)));
  const uint32_t lmax =
      static_cast<uint32_t>(std::min<double>(kMaxTermGrams, std::floor(x / shrink + eps)));
  if (lmin > lmax) return;
  // Query signatures: bit b set iff some known query gram hashes to b; bit_count[b] says how
  // many. Every gram common to X and Y is a known gram of X whose bit is also set in Y's
  // signature, so |X n Y| <= sum of bit_count[b] over the bits set in both signatures (an exact
  // upper bound; collisions only loosen it). A 256-bit one per term checks the candidates; the
  // scan uses 56-bit ones of the grams after the sighting (see Admit).
  uint64_t qsig[kSigWords] = {};
  std::fill(std::begin(sc->bit_count), std::end(sc->bit_count), uint16_t{0});
  for (uint32_t g : grams) {
    if (g < kKnownGramBase) continue;
    const uint32_t b = SigBit(g);
    qsig[b >> 6] |= uint64_t{1} << (b & 63);
    ++sc->bit_count[b];
  }
  // The 56-bit bound for X[i+1..], for every i (built from the end): layer d = the bits hit by
  // more than d of those grams, so sum_b count[b] over common bits is a sum of popcounts.
  std::fill(std::begin(sc->bit_count56), std::end(sc->bit_count56), uint16_t{0});
  sc->suffix.resize(x);
  sc->layer.clear();
  sc->cur.clear();
  uint32_t known_after = 0;
  for (uint32_t i = x; i-- > 0;) {
    SuffixBound& s = sc->suffix[i];
    s.mask = sc->cur.empty() ? 0 : sc->cur[0];
    s.depth = static_cast<uint32_t>(sc->cur.size());
    s.layer = static_cast<uint32_t>(sc->layer.size());
    s.extra = known_after - PopCountPortable(s.mask);
    sc->layer.insert(sc->layer.end(), sc->cur.begin(), sc->cur.end());
    if (grams[i] < kKnownGramBase) continue;
    const uint32_t b = SigBit56(grams[i]), d = sc->bit_count56[b]++;
    if (d == sc->cur.size()) sc->cur.push_back(0);
    sc->cur[d] |= uint64_t{1} << (8 + b);
    ++known_after;
  }
  // Per candidate size l (a contiguous term-id range), the least overlap tau(l): cosine
  // a*sqrt(|X| l), Jaccard a(|X|+l)/(1+a). Any match shares a gram with X's rarest |X|-tau(l)+1
  // grams, and (index side) with its own posted prefix.
  uint32_t* tau_of = sc->tau_of;
  for (uint32_t l = lmin; l <= lmax; ++l) {
    const double tv = sim == Similarity::kCosine ? a * std::sqrt(double(x) * l)
                                                 : a * (double(x) + l) / (1 + a);
    tau_of[l] = std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(tv - eps)));
  }
  static_assert(kSigWords == 4, "Admit prefetches 4 signature words per term");
  const ScanArgs args{grams.data(),     x,          lmin,           lmax,
                      blk_off_,          blk_start_, blk_size_,      blk_min_pos_, post_word_,
                      postings_,         tau_of,     sc->suffix.data(), sc->layer.data(),
                      sig_.data(),      term_size_, tg_off_};
  sc->starts.clear();
  if (sc->seen.size() != nt_) sc->seen.assign(nt_, 0), sc->epoch = 0;
  if (++sc->epoch == 0) std::fill(sc->seen.begin(), sc->seen.end(), 0), sc->epoch = 1;
  switch (g_kernel.load(std::memory_order_relaxed)) {
#ifdef CLUE_X86
    case SearchKernel::kAvx512: ScanAvx512(args, sc); break;
#endif
    case SearchKernel::kPopcnt: ScanPopcnt(args, sc); break;
    default: ScanPortable(args, sc);
  }
  auto sig_bound = [&](uint32_t t) {
    const uint64_t* ys = &sig_[size_t{t} * kSigWords];
    uint32_t bound = 0;
    for (uint32_t w = 0; w < kSigWords; ++w)
      for (uint64_t m = qsig[w] & ys[w]; m; m &= m - 1)
        bound += sc->bit_count[w * 64 + static_cast<uint32_t>(__builtin_ctzll(m))];
    return bound;
  };
  // The signature check first, prefetching each survivor's gram list (a cache miss per name
  // otherwise, as each merge waited for its own), then the merges.
  size_t kept = 0;
  for (const auto& [t, pos] : sc->starts) {
    if (sig_bound(t) < tau_of[term_size_[t]]) continue;
    __builtin_prefetch(tg_ + tg_off_[t] + (pos & 0xFF) + 1);
    sc->starts[kept++] = {t, pos};
  }
  sc->starts.resize(kept);
  for (const auto& [t, pos] : sc->starts) {
    const uint32_t l = term_size_[t], tau = tau_of[l];
    // Exact overlap by merging the rest of the sorted gram sets, abandoned once tau is out of
    // reach.
    auto y = term_gram_ranks(t);
    uint32_t c = 1;
    size_t i = (pos >> 8) + 1, j = (pos & 0xFF) + 1;
    while (i < x && j < y.size()) {
      if (c + std::min(x - i, y.size() - j) < tau) break;
      if (grams[i] < y[j]) ++i;
      else if (y[j] < grams[i]) ++j;
      else ++c, ++i, ++j;
    }
    if (c < tau) continue;
    const double score = sim == Similarity::kCosine ? c / std::sqrt(double(x) * l)
                                                    : c / (double(x) + l - c);
    if (score + eps >= a) hits->push_back(SearchHit{t, c, score});
  }
  std::sort(hits->begin(), hits->end(),
            [](const SearchHit& p, const SearchHit& q) { return p.term < q.term; });
}

}  // namespace clue::metrics::concepts
