#include "clue/metrics/lcs.h"

#include <algorithm>
#include <bit>

namespace clue::metrics {
namespace {

size_t WordsFor(size_t bits) { return (bits + 63) / 64; }

// Builds the match masks of `bits` (one bit per position) and returns the word count.
size_t BuildPeq(std::span<const uint32_t> bits, LcsWorkspace& ws) {
  const size_t words = WordsFor(bits.size());
  if (++ws.gen == 0) {  // stamp wrap-around: forget every old entry
    std::fill(ws.stamp.begin(), ws.stamp.end(), 0);
    ws.gen = 1;
  }
  uint32_t rows = 0;
  for (uint32_t s : bits) {
    if (s >= ws.stamp.size()) {
      ws.stamp.resize(static_cast<size_t>(s) + 1 + s / 2, 0);
      ws.row_of.resize(ws.stamp.size());
    }
    if (ws.stamp[s] != ws.gen) {
      ws.stamp[s] = ws.gen;
      ws.row_of[s] = rows++;
    }
  }
  ws.peq.assign(static_cast<size_t>(rows) * words, 0);
  for (size_t j = 0; j < bits.size(); ++j)
    ws.peq[ws.row_of[bits[j]] * words + j / 64] |= uint64_t{1} << (j % 64);
  return words;
}

// Mask row for symbol s, or null when s does not occur in the bit sequence.
const uint64_t* MaskOf(uint32_t s, size_t words, const LcsWorkspace& ws) {
  if (s >= ws.stamp.size() || ws.stamp[s] != ws.gen) return nullptr;
  return ws.peq.data() + ws.row_of[s] * words;
}

// One DP row: V' = (V + (V & M)) | (V & ~M), with the carry running across words.
void Advance(uint64_t* v, const uint64_t* m, size_t words) {
  unsigned char carry = 0;
  for (size_t w = 0; w < words; ++w) {
    const uint64_t u = v[w] & m[w];
    uint64_t sum;
    const bool c1 = __builtin_add_overflow(v[w], u, &sum);
    const bool c2 = __builtin_add_overflow(sum, static_cast<uint64_t>(carry), &sum);
    carry = c1 || c2;
    v[w] = sum | (v[w] & ~m[w]);
  }
}

uint32_t ZerosBefore(const uint64_t* v, size_t j) {
  uint32_t ones = 0;
  for (size_t w = 0; w < j / 64; ++w) ones += std::popcount(v[w]);
  if (j % 64) ones += std::popcount(v[j / 64] & ((uint64_t{1} << (j % 64)) - 1));
  return static_cast<uint32_t>(j) - ones;
}

bool ZeroAt(const uint64_t* v, size_t j) { return ((v[j / 64] >> (j % 64)) & 1) == 0; }

}  // namespace

uint32_t LcsLength(std::span<const uint32_t> a, std::span<const uint32_t> b, LcsWorkspace& ws) {
  if (a.empty() || b.empty()) return 0;
  const size_t words = BuildPeq(b, ws);
  ws.v.assign(words, ~uint64_t{0});
  for (uint32_t s : a) {
    const uint64_t* m = MaskOf(s, words, ws);
    if (m) Advance(ws.v.data(), m, words);
  }
  // Padding bits above b.size() stay 1, so every zero bit is an LCS step.
  uint32_t ones = 0;
  for (uint64_t x : ws.v) ones += std::popcount(x);
  return static_cast<uint32_t>(words * 64 - ones);
}

uint32_t LcsLengthDp(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  std::vector<uint32_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// LcsRefIndicesPrepared for a reference of at most 64 tokens (nearly every sentence): the
// same read-out with every row a single register-sized word.
void IndicesOneWord(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                    std::vector<uint32_t>& out, LcsWorkspace& ws) {
  ws.history.resize(can.size() + 1);
  uint64_t* h = ws.history.data();
  uint64_t v = ~uint64_t{0};
  h[0] = v;
  bool any = false;
  const uint64_t* masks = ws.small_mask.data();
  const size_t mask_count = ws.small_mask.size();
  for (size_t j = 1; j <= can.size(); ++j) {
    const uint32_t sym = can[j - 1];
    const uint64_t m = sym < mask_count ? masks[sym] : 0;
    const uint64_t u = v & m;
    v = (v + u) | (v & ~m);
    any = any || m != 0;
    h[j] = v;
  }
  if (!any) return;
  auto zeros_below = [](uint64_t x, size_t i) -> uint32_t {
    const uint64_t mask = i == 64 ? ~uint64_t{0} : (uint64_t{1} << i) - 1;
    return static_cast<uint32_t>(i - std::popcount(x & mask));
  };
  auto zero_at = [](uint64_t x, size_t i) -> uint32_t { return ((x >> i) & 1) ^ 1; };
  size_t i = ref.size(), j = can.size();
  uint32_t here = zeros_below(h[j], i), left = zeros_below(h[j - 1], i);
  while (i > 0 && j > 0 && here > 0) {  // t[i][j] == 0: nothing left to read out
    if (ref[i - 1] == can[j - 1]) {
      out.push_back(static_cast<uint32_t>(i - 1));
      here = left - zero_at(h[j - 1], i - 1);
      --i;
      --j;
      if (j > 0) left = zeros_below(h[j - 1], i);
    } else {
      const uint32_t up = here - zero_at(h[j], i - 1);
      if (left > up) {
        here = left;
        --j;
        if (j > 0) left = zeros_below(h[j - 1], i);
      } else {
        here = up;
        left -= zero_at(h[j - 1], i - 1);
        --i;
      }
    }
  }
  std::reverse(out.begin(), out.end());
}

void PrepareRef(std::span<const uint32_t> ref, LcsWorkspace& ws) {
  for (uint32_t sym : ws.small_symbols) ws.small_mask[sym] = 0;
  ws.small_symbols.clear();
  if (ref.size() > 64) {
    BuildPeq(ref, ws);
    return;
  }
  // Short references (nearly every sentence) get a direct symbol -> mask table.
  for (size_t i = 0; i < ref.size(); ++i) {
    const uint32_t sym = ref[i];
    if (sym >= ws.small_mask.size()) ws.small_mask.resize(static_cast<size_t>(sym) + 1 + sym / 2, 0);
    if (ws.small_mask[sym] == 0) ws.small_symbols.push_back(sym);
    ws.small_mask[sym] |= uint64_t{1} << i;
  }
}

// Bits run over ref and rows over can: H_j is the state after can[0, j), and
// t[i][j] = zero bits of H_j below bit i (the table is the same whichever side is the bits).
void LcsRefIndicesPrepared(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                           std::vector<uint32_t>& out, LcsWorkspace& ws) {
  out.clear();
  if (ref.empty() || can.empty()) return;
  const size_t words = WordsFor(ref.size());
  if (words == 1) return IndicesOneWord(ref, can, out, ws);
  ws.history.resize((can.size() + 1) * words);
  std::fill_n(ws.history.begin(), words, ~uint64_t{0});
  bool any = false;
  for (size_t j = 1; j <= can.size(); ++j) {
    uint64_t* h = ws.history.data() + j * words;
    std::copy_n(h - words, words, h);
    if (const uint64_t* m = MaskOf(can[j - 1], words, ws)) {
      Advance(h, m, words);
      any = true;
    }
  }
  if (!any) return;  // no shared token: the LCS is empty
  auto row = [&](size_t j) { return ws.history.data() + j * words; };
  size_t i = ref.size(), j = can.size();
  uint32_t here = ZerosBefore(row(j), i);      // t[i][j]
  uint32_t left = ZerosBefore(row(j - 1), i);  // t[i][j-1]
  while (i > 0 && j > 0 && here > 0) {
    if (ref[i - 1] == can[j - 1]) {
      out.push_back(static_cast<uint32_t>(i - 1));
      here = left - (ZeroAt(row(j - 1), i - 1) ? 1 : 0);  // t[i-1][j-1]
      --i;
      --j;
      if (j > 0) left = ZerosBefore(row(j - 1), i);
    } else {
      const uint32_t up = here - (ZeroAt(row(j), i - 1) ? 1 : 0);  // t[i-1][j]
      if (left > up) {
        here = left;
        --j;
        if (j > 0) left = ZerosBefore(row(j - 1), i);
      } else {
        here = up;
        left -= ZeroAt(row(j - 1), i - 1) ? 1 : 0;
        --i;
      }
    }
  }
  std::reverse(out.begin(), out.end());
}

void LcsRefIndices(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                   std::vector<uint32_t>& out, LcsWorkspace& ws) {
  PrepareRef(ref, ws);
  LcsRefIndicesPrepared(ref, can, out, ws);
}

void LcsRefIndicesDp(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                     std::vector<uint32_t>& out) {
  out.clear();
  const size_t rows = ref.size(), cols = can.size();
  std::vector<uint32_t> t((rows + 1) * (cols + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return t[i * (cols + 1) + j]; };
  for (size_t i = 1; i <= rows; ++i)
    for (size_t j = 1; j <= cols; ++j)
      at(i, j) = ref[i - 1] == can[j - 1] ? at(i - 1, j - 1) + 1
                                          : std::max(at(i - 1, j), at(i, j - 1));
  size_t i = rows, j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] == can[j - 1]) {
      out.push_back(static_cast<uint32_t>(i - 1));
      --i;
      --j;
    } else if (at(i, j - 1) > at(i - 1, j)) {
      --j;
    } else {
      --i;
    }
  }
  std::reverse(out.begin(), out.end());
}

}  // namespace clue::metrics
