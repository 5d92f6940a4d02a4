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

void LcsRefIndices(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                   std::vector<uint32_t>& out, LcsWorkspace& ws) {
  out.clear();
  if (ref.empty() || can.empty()) return;
  const size_t words = BuildPeq(can, ws);
  // Row i of the table is history[i]; t[i][j] = zero bits of row i below bit j.
  ws.history.assign((ref.size() + 1) * words, ~uint64_t{0});
  for (size_t i = 1; i <= ref.size(); ++i) {
    uint64_t* row = ws.history.data() + i * words;
    std::copy_n(row - words, words, row);
    if (const uint64_t* m = MaskOf(ref[i - 1], words, ws)) Advance(row, m, words);
  }
  auto row = [&](size_t i) { return ws.history.data() + i * words; };
  size_t i = ref.size(), j = can.size();
  uint32_t up = ZerosBefore(row(i - 1), j);  // t[i-1][j]
  uint32_t here = ZerosBefore(row(i), j);    // t[i][j]
  while (i > 0 && j > 0) {
    if (ref[i - 1] == can[j - 1]) {
      out.push_back(static_cast<uint32_t>(i - 1));
      here = up - (ZeroAt(row(i - 1), j - 1) ? 1 : 0);  // t[i-1][j-1]
      --i;
      --j;
      if (i > 0) up = ZerosBefore(row(i - 1), j);
    } else {
      const uint32_t left = here - (ZeroAt(row(i), j - 1) ? 1 : 0);  // t[i][j-1]
      if (left > up) {
        here = left;
        up -= ZeroAt(row(i - 1), j - 1) ? 1 : 0;
        --j;
      } else {
        here = up;
        --i;
        if (i > 0) up = ZerosBefore(row(i - 1), j);
      }
    }
  }
  std::reverse(out.begin(), out.end());
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
