#pragma once
// A compact, immutable concept index: normalized names, their concepts, and a character-3-gram
// inverted index for approximate lookup. It lives in one flat buffer that is written to disk as is
// and memory-mapped back, so a cached index loads in milliseconds.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clue/metrics/concepts/dictionary.h"

namespace clue::metrics::concepts {

enum class Similarity { kCosine, kJaccard };

struct IndexOptions {
  bool fold_case = true;
  // The lowest similarity threshold searches may use. Each name is indexed under only its rarest
  // |Y| - ceil(t^2 |Y|) + 1 grams (prefix filtering), so a lower search threshold needs a
  // rebuilt index.
  double min_threshold = 0.7;
};

// Bumped whenever the on-disk layout or the normalization changes; part of the cache key.
inline constexpr uint32_t kIndexFormatVersion = 6;
// Names with more distinct 3-grams than this are left out (they are long chemical names that no
// token window can reach).
inline constexpr uint32_t kMaxTermGrams = 255;
// Mapped gram ids (MapGrams): a gram the index knows is kKnownGramBase + its rarity rank; an
// unknown one keeps its raw 24-bit value, which sorts it first (document frequency 0 = rarest).
inline constexpr uint32_t kKnownGramBase = 1u << 24;

struct SearchHit {
  uint32_t term = 0;
  uint32_t overlap = 0;
  double score = 0;
};

// The 56-bit signature bound of the query grams after one position (SearchScratch::suffix).
struct SuffixBound {
  uint64_t mask = 0;  // their signature bits, in the bits of a posting word
  uint32_t extra = 0, depth = 0, layer = 0;  // grams beyond one per bit; layers at layer[layer..]
};

// Per-thread scratch space for Search (avoids allocating per query).
struct SearchScratch {
  std::vector<std::pair<uint32_t, uint32_t>> starts;  // (term, x_pos << 8 | y_pos)
  std::vector<uint64_t> tasks;                        // size blocks to read
  std::vector<uint32_t> seen;  // per term: == epoch once a candidate this search
  uint32_t epoch = 0;
  uint16_t bit_count[256];  // query grams per signature bit
  uint16_t bit_count56[56];
  std::vector<SuffixBound> suffix;  // per query position
  std::vector<uint64_t> layer, cur;
  uint32_t tau_of[kMaxTermGrams + 2];
};

class ConceptIndex {
 public:
  ~ConceptIndex();
  ConceptIndex(const ConceptIndex&) = delete;
  ConceptIndex& operator=(const ConceptIndex&) = delete;

  // Builds in memory.
  static std::shared_ptr<const ConceptIndex> Build(const Dictionary& dict, const IndexOptions& opt,
                                                   uint64_t key = 0);
  // Maps a cache file; nullptr (with *why set) if it is missing, truncated, corrupt or built for
  // another key: such a file is never trusted.
  static std::shared_ptr<const ConceptIndex> Open(const std::string& path, uint64_t key,
                                                  std::string* why);
  // Writes the buffer atomically (temp file + rename).
  void Save(const std::string& path) const;

  uint64_t key() const;
  bool fold_case() const;
  uint32_t concept_count() const { return nc_; }
  uint32_t term_count() const { return nt_; }
  std::string_view concept_id(uint32_t c) const;
  std::string_view canonical(uint32_t c) const;
  std::string_view term(uint32_t t) const;
  uint32_t term_grams(uint32_t t) const { return term_size_[t]; }
  std::span<const uint32_t> term_gram_ranks(uint32_t t) const;
  // Concepts named by term t; those whose canonical name it is come first.
  std::span<const uint32_t> term_concepts(uint32_t t) const;

  // Query grams in index order: raw 3-grams (AppendTokenTrigrams) mapped to their rarity rank,
  // sorted and deduplicated; grams absent from the index sort first (they are the rarest).
  void MapGrams(std::span<const uint32_t> raw, std::vector<uint32_t>* out) const;

  // All terms whose 3-gram set Y has sim(X, Y) >= threshold, for a mapped query set X. Exact:
  // size bounds on |Y| (Okazaki & Tsujii 2010), candidates from the posting lists of X's rarest
  // |X| - tau_min + 1 grams (CPMerge's observation, with the index side prefix-filtered too),
  // then the true overlap by merging X with each candidate's stored gram set.
  // threshold must be >= min_threshold() (std::invalid_argument otherwise).
  void Search(std::span<const uint32_t> mapped, double threshold, Similarity sim,
              SearchScratch* scratch, std::vector<SearchHit>* hits) const;

  // The lowest term whose gram set is exactly the mapped query set (the only names that score
  // 1.0, under either similarity), or UINT32_MAX: Search at threshold 1.0 by a hash lookup.
  uint32_t ExactTerm(std::span<const uint32_t> mapped) const;

  double min_threshold() const;

  size_t byte_size() const { return size_; }

 private:
  ConceptIndex() = default;
  void Bind();        // sets the typed pointers from the buffer
  void BindSearch();  // derives sig_ (concept_search.cc)

  std::vector<uint64_t> owned_;  // when built in memory
  // Per term, a 256-bit signature of its gram ranks (kSigWords words per term), derived in Bind
  // (not stored on disk): a cheap exact upper bound on the overlap before merging gram lists.
  static constexpr uint32_t kSigWords = 4;
  std::vector<uint64_t> sig_;
  void* map_ = nullptr;          // when memory-mapped
  const char* base_ = nullptr;
  size_t size_ = 0;

  uint32_t nc_ = 0, nt_ = 0, ng_ = 0, slot_mask_ = 0;
  const uint32_t *cid_off_ = nullptr, *canon_off_ = nullptr, *term_off_ = nullptr;
  const char *cid_chars_ = nullptr, *canon_chars_ = nullptr, *term_chars_ = nullptr;
  const uint8_t* term_size_ = nullptr;
  // The SearchLayout sections (concept_search.h).
  const uint64_t* post_word_ = nullptr;
  const uint32_t *blk_off_ = nullptr, *blk_start_ = nullptr;
  const uint8_t *blk_size_ = nullptr, *blk_min_pos_ = nullptr;
  const uint32_t* exact_ = nullptr;
  uint32_t exact_mask_ = 0;
  const uint32_t *tc_off_ = nullptr, *tc_ = nullptr;
  const uint32_t *gram_keys_ = nullptr, *post_off_ = nullptr, *postings_ = nullptr,
                 *slots_ = nullptr, *tg_off_ = nullptr, *tg_ = nullptr;
};

struct IndexSource {
  std::vector<std::string> dictionaries;  // specs, see LoadDictionary
  IndexOptions options;
  std::string cache_dir;  // empty: no cache
};

struct IndexLoadInfo {
  bool from_cache = false;
  std::string cache_path;
  std::string note;  // why a cache file was rebuilt, if it was
};

// Loads the dictionaries' index from the cache when a valid file for exactly these inputs (content
// hash of every file + options + format version) exists; otherwise parses the dictionaries, builds
// the index and caches it. Throws data::InputError for bad dictionary files.
std::shared_ptr<const ConceptIndex> LoadOrBuildIndex(const IndexSource& src,
                                                     IndexLoadInfo* info = nullptr);

// The default cache directory: $CLUE_CACHE_DIR/concepts, $XDG_CACHE_HOME/clue/concepts or
// ~/.cache/clue/concepts.
std::string DefaultCacheDir();

}  // namespace clue::metrics::concepts
