#pragma once
// The search-side layout of a concept index's postings, computed when the index is built and
// stored with it (so a cached index needs no per-posting work when it is mapped).
#include <cstdint>
#include <span>
#include <vector>

namespace clue::metrics::concepts {

struct SearchLayout {
  // Per posting: the 56-bit signature of its term's grams after this one << 8 | the gram's
  // position in the term (the scan reads one word per posting).
  std::vector<uint64_t> word;
  // Size blocks: the postings of gram r with term size blk_size[b] are
  // [blk_start[b], blk_start[b + 1]) for b in [blk_off[r], blk_off[r + 1]).
  std::vector<uint32_t> blk_off, blk_start;
  std::vector<uint8_t> blk_size;
  std::vector<uint8_t> blk_min_pos;  // the block's smallest position (its first posting's)
  // Open-addressing table (power-of-two size) of term + 1 by the hash of the term's gram set,
  // the lowest term of each distinct set: ConceptIndex::ExactTerm.
  std::vector<uint32_t> exact;
};

// From the postings (per gram, ordered by term size then position; post_pos = the gram's
// position in its term) and every term's gram ranks. Throws std::runtime_error if the postings
// are not in that order or point outside the terms.
SearchLayout BuildSearchLayout(std::span<const uint32_t> post_off, std::span<const uint32_t> postings,
                               std::span<const uint8_t> post_pos, std::span<const uint8_t> term_size,
                               std::span<const uint32_t> tg_off, std::span<const uint32_t> tg);

// The posting-scan implementation Search uses; all give identical results. The fastest one the
// CPU supports is chosen at startup; tests switch to the others to check them.
enum class SearchKernel { kPortable, kPopcnt, kAvx512 };
// false (and no change) if the CPU lacks the instructions.
bool UseSearchKernel(SearchKernel k);
SearchKernel CurrentSearchKernel();

}  // namespace clue::metrics::concepts
