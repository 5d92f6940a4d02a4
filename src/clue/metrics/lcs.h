#pragma once
// Longest common subsequence over token-id sequences, bit-parallel (Allison-Dix / Hyyro 2004):
// one machine word holds 64 DP cells, so a 5,000 x 5,000 pair costs ~400k word operations
// instead of 25M table cells. Also the exact index read-out rouge-score's rougeLsum relies on.
#include <cstdint>
#include <span>
#include <vector>

namespace clue::metrics {

// Reusable buffers; keep one per thread so scoring a pair allocates nothing in steady state.
struct LcsWorkspace {
  std::vector<uint64_t> peq;       // match masks, one row of `words` per distinct symbol
  std::vector<uint64_t> v;         // current DP row (zero bits mark row increments)
  std::vector<uint64_t> history;   // all rows, for the index read-out
  std::vector<uint32_t> row_of;    // symbol -> peq row (valid when stamp matches)
  std::vector<uint32_t> stamp;
  uint32_t gen = 0;
  // PrepareRef for references of <= 64 symbols: symbol -> its one-word mask, zero elsewhere.
  std::vector<uint64_t> small_mask;
  std::vector<uint32_t> small_symbols;  // entries to clear before the next reference
};

// LCS length of a and b. Symbols are arbitrary uint32 values (dense ids are cheapest).
uint32_t LcsLength(std::span<const uint32_t> a, std::span<const uint32_t> b, LcsWorkspace& ws);

// The textbook O(n*m) table, kept as the baseline for tests and benchmarks.
uint32_t LcsLengthDp(std::span<const uint32_t> a, std::span<const uint32_t> b);

// rouge-score's lcs_ind(ref, can): indices into ref of the LCS that _backtrack_norec reads out of
// the DP table (diagonal on a match, else left when t[i][j-1] > t[i-1][j], else up), ascending.
void LcsRefIndices(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                   std::vector<uint32_t>& out, LcsWorkspace& ws);

// The same read-out split in two for rougeLsum, which pairs one reference sentence with every
// candidate sentence: PrepareRef builds the reference's match masks once, then
// LcsRefIndicesPrepared costs |can| word-steps plus the read-out per candidate.
void PrepareRef(std::span<const uint32_t> ref, LcsWorkspace& ws);
void LcsRefIndicesPrepared(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                           std::vector<uint32_t>& out, LcsWorkspace& ws);

// The same read-out from an explicit DP table (test oracle).
void LcsRefIndicesDp(std::span<const uint32_t> ref, std::span<const uint32_t> can,
                     std::vector<uint32_t>& out);

}  // namespace clue::metrics
