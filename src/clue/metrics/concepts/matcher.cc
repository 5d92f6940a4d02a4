#include "clue/metrics/concepts/matcher.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {

const std::vector<std::string>& DefaultStopwords() {
  // English function words and auxiliaries: windows bounded by them are never concept names, and
  // skipping them removes most lookups.
  static const std::vector<std::string> words = {
      "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
      "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
      "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either",
      "else", "etc", "ever", "every", "few", "for", "from", "further", "had", "has", "have",
      "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
      "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more",
      "most", "much", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off",
      "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "per", "same",
      "shall", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their",
      "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though",
      "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was",
      "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
      "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours"};
  return words;
}

Matcher::Matcher(std::shared_ptr<const ConceptIndex> index, MatcherOptions options)
    : index_(std::move(index)), opt_(std::move(options)) {
  if (!index_) throw std::invalid_argument("matcher needs an index");
  if (!(opt_.threshold > 0 && opt_.threshold <= 1))
    throw std::invalid_argument("threshold must be in (0, 1]");
  if (opt_.threshold + 1e-12 < index_->min_threshold())
    throw std::invalid_argument("threshold is below the index's min_threshold; rebuild the index "
                                "with IndexOptions::min_threshold <= threshold");
  if (opt_.max_tokens < 1) throw std::invalid_argument("max_tokens must be >= 1");
  if (opt_.use_stopwords) {
    const auto& words = opt_.stopwords.empty() ? DefaultStopwords() : opt_.stopwords;
    for (const auto& w : words) stop_.insert(NormalizeToken(w, index_->fold_case()));
  }
}

bool Matcher::BestTerm(std::span<const uint32_t> grams, double floor, uint32_t* term,
                       double* score) const {
  if (floor >= 1.0) {
    // Only an identical gram set scores 1.0 (under either similarity): a hash lookup, cheaper
    // than the memo's.
    *term = index_->ExactTerm(grams);
    *score = 1.0;
    return *term != UINT32_MAX;
  }
  const std::string_view key(reinterpret_cast<const char*>(grams.data()), grams.size() * sizeof(uint32_t));
  auto it = memo_.find(key);
  Memo* slot = nullptr;  // the entry to update (elements stay put in an unordered_map)
  if (it != memo_.end()) {
    slot = &it->second;
    // A found best is the best at any floor; "none" holds for floors at least the one searched.
    if (it->second.term != UINT32_MAX || it->second.score <= floor) {
      *term = it->second.term;
      *score = it->second.score;
      return *term != UINT32_MAX;
    }
  } else if (memo_.size() > (1u << 20)) {
    memo_.clear();
  }
  Memo m{UINT32_MAX, floor};
  index_->Search(grams, floor, opt_.similarity, &scratch_, &hits_);
  for (const auto& h : hits_)
    if (m.term == UINT32_MAX || h.score > m.score || (h.score == m.score && h.term < m.term))
      m = Memo{h.term, h.score};
  if (slot)
    *slot = m;
  else
    memo_.emplace(std::string(key), m);
  *term = m.term;
  *score = m.score;
  return m.term != UINT32_MAX;
}

std::vector<Mention> Matcher::Match(std::string_view text) const {
  const std::vector<Token> tokens = Tokenize(text);
  const size_t n = tokens.size();
  const bool fold = index_->fold_case();
  // Per-token normalized length, stop/alpha flags and sorted distinct 3-grams.
  std::vector<uint32_t> gram_off{0}, grams, norm_len(n);
  std::vector<char> stop(n), alpha(n);
  std::vector<uint32_t> tmp, mapped;
  for (size_t i = 0; i < n; ++i) {
    const std::string tok = NormalizeToken(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin), fold);
    norm_len[i] = static_cast<uint32_t>(tok.size());
    stop[i] = stop_.count(tok) > 0;
    alpha[i] = std::any_of(tok.begin(), tok.end(), [](char c) { return c < '0' || c > '9'; });
    tmp.clear();
    AppendTokenTrigrams(tok, &tmp);
    index_->MapGrams(tmp, &mapped);
    grams.insert(grams.end(), mapped.begin(), mapped.end());
    gram_off.push_back(static_cast<uint32_t>(grams.size()));
  }
  // Windows are looked up from the last start to the first, shortest first, so every
  // sub-window of a window is done before it. A window loses to any candidate inside it that
  // scores higher (when that candidate's turn comes in the selection below it takes a token of
  // the window, or is refused because one is already taken; a tie goes to the longer window), so
  // it is searched only for names scoring at least its best sub-window's score: the same
  // mentions, and most windows of common words become cheap exact-size lookups. Not with
  // prefer_longest, where the longer window goes first.
  const size_t width = static_cast<size_t>(opt_.max_tokens);
  std::vector<double> inner(n * width, 0.0);  // inner[i * width + (j - i)]: best score within [i, j]
  std::vector<Candidate> cands;
  std::vector<uint32_t> window, merged;
  for (size_t i = n; i-- > 0;) {
    window.clear();
    uint32_t bytes = 0;
    bool has_alpha = false;
    for (size_t j = i; j < n && j < i + width; ++j) {
      if (j > i && tokens[j].break_before) break;
      merged.clear();
      std::set_union(window.begin(), window.end(), grams.begin() + gram_off[j],
                     grams.begin() + gram_off[j + 1], std::back_inserter(merged));
      window.swap(merged);
      bytes += norm_len[j] + (j > i ? 1 : 0);
      has_alpha |= alpha[j] != 0;
      double best_inside = 0;
      if (j > i) best_inside = std::max(inner[i * width + (j - 1 - i)], inner[(i + 1) * width + (j - i - 1)]);
      inner[i * width + (j - i)] = best_inside;
      if (stop[i] || stop[j] || !has_alpha || bytes < static_cast<uint32_t>(opt_.min_length)) continue;
      const double floor =
          opt_.prefer_longest ? opt_.threshold : std::min(1.0, std::max(opt_.threshold, best_inside));
      uint32_t term;
      double score;
      if (!BestTerm(window, floor, &term, &score)) continue;
      cands.push_back(Candidate{static_cast<uint32_t>(i), static_cast<uint32_t>(j), term, score, bytes});
      inner[i * width + (j - i)] = std::max(best_inside, score);
    }
  }
  // Overlaps: best score, then the longest window, then the leftmost (or longest first).
  std::sort(cands.begin(), cands.end(), [&](const Candidate& a, const Candidate& b) {
    if (opt_.prefer_longest && a.bytes != b.bytes) return a.bytes > b.bytes;
    if (a.score != b.score) return a.score > b.score;
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.first < b.first;
  });
  std::vector<char> taken(n, 0);
  std::vector<Mention> out;
  for (const Candidate& c : cands) {
    if (std::any_of(taken.begin() + c.first, taken.begin() + c.last + 1, [](char t) { return t; }))
      continue;
    std::fill(taken.begin() + c.first, taken.begin() + c.last + 1, 1);
    const uint32_t concept_idx = index_->term_concepts(c.term)[0];
    Mention m;
    m.begin = tokens[c.first].begin;
    m.end = tokens[c.last].end;
    m.text = std::string(text.substr(m.begin, m.end - m.begin));
    m.concept_id = std::string(index_->concept_id(concept_idx));
    m.canonical = std::string(index_->canonical(concept_idx));
    m.matched_name = std::string(index_->term(c.term));
    m.score = c.score;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace clue::metrics::concepts
