#pragma once
// Dictionary-based mention detection and linking in the spirit of QuickUMLS: every window of up to
// max_tokens tokens is looked up approximately (character 3-gram sets, cosine or Jaccard, CPMerge
// candidate generation); the best-scoring name above the threshold links the window to its
// concept; overlapping windows are resolved longest-first. No NER model is involved.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "clue/metrics/concepts/concept_index.h"

namespace clue::metrics::concepts {

struct MatcherOptions {
  double threshold = 0.7;
  Similarity similarity = Similarity::kCosine;
  int max_tokens = 5;        // longest window looked up (QuickUMLS's default window)
  int min_length = 3;        // shortest window (in bytes of the normalized window text)
  bool use_stopwords = true; // windows may not start or end with a stop word
  std::vector<std::string> stopwords;  // empty: the built-in list (DefaultStopwords())
  // Overlapping candidates: by default the best score wins and length breaks ties (QuickUMLS's
  // "score" criterion; with set cosine a window that adds words to an exact name still scores
  // ~0.75, so pure longest-first would swallow neighbours). true: longest window first.
  bool prefer_longest = false;
};

struct Mention {
  size_t begin = 0, end = 0;  // byte offsets of the span in the input text
  std::string text;           // the span as written
  std::string concept_id;
  std::string canonical;
  std::string matched_name;  // the dictionary name (normalized) that was closest
  double score = 0;
};

const std::vector<std::string>& DefaultStopwords();

class Matcher {
 public:
  Matcher(std::shared_ptr<const ConceptIndex> index, MatcherOptions options);

  // Non-overlapping mentions in text order. Thread-compatible: use one Matcher per thread.
  std::vector<Mention> Match(std::string_view text) const;

  const ConceptIndex& index() const { return *index_; }
  const MatcherOptions& options() const { return opt_; }

 private:
  struct Candidate {
    uint32_t first, last;  // token range [first, last]
    uint32_t term;
    double score;
    uint32_t bytes;
  };
  // The best name for a window's grams among those scoring at least `floor` (>= the threshold):
  // a window only matters if it beats its sub-windows' matches, see Match.
  bool BestTerm(std::span<const uint32_t> grams, double floor, uint32_t* term, double* score) const;

  std::shared_ptr<const ConceptIndex> index_;
  MatcherOptions opt_;
  std::unordered_set<std::string> stop_;
  mutable SearchScratch scratch_;
  mutable std::vector<SearchHit> hits_;
  // Window gram set -> the best (term, score), or no match (term = UINT32_MAX) at or above
  // `floor`: repeated phrases are looked up once. Bounded; cleared when full.
  struct Memo {
    uint32_t term;
    double score;  // of term; for no match, the floor that was searched
  };
  struct KeyHash {
    using is_transparent = void;  // lookups by string_view: no allocation per window
    size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
  };
  mutable std::unordered_map<std::string, Memo, KeyHash, std::equal_to<>> memo_;
};

}  // namespace clue::metrics::concepts
