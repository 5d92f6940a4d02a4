#pragma once
// rouge-score 0.1.2's default tokenizer (tokenize.py): Python str.lower(), every run of
// characters outside [a-z0-9] becomes a space, split on whitespace, optionally Porter-stem tokens
// longer than 3 characters, drop anything that is not [a-z0-9]+.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clue::metrics {

// Reference form: the tokens as strings.
std::vector<std::string> RougeTokenize(std::string_view text, bool use_stemmer);

// Hot-path form: tokens as ids from a per-thread vocabulary that lives across calls (so a word is
// stemmed once per thread, not once per occurrence), plus rougeLsum's sentence boundaries.
struct RougeTokens {
  std::vector<uint32_t> ids;
  // sentence k is ids[sent_start[k], sent_start[k+1]); one entry per '\n'-separated line.
  std::vector<uint32_t> sent_start;
};

class RougeVocab {
 public:
  // Appends text's tokens to out (clearing it first).
  void Tokenize(std::string_view text, bool use_stemmer, RougeTokens& out);
  size_t size() const { return words_.size(); }
  // The per-thread instance; MaybeReset() drops it past a million entries.
  static RougeVocab& ThreadLocal();
  // Drops everything once the vocabulary is huge. Call only between pairs: it invalidates ids.
  void MaybeReset();

 private:
  uint32_t Intern(std::string_view word);
  uint32_t RawToId(const std::string& raw, bool use_stemmer);

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };
  template <class V>
  using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
  Map<uint32_t> words_;        // final token (stemmed or not) -> id
  Map<uint32_t> raw_[2];       // raw lowercase token -> id, without / with stemming
  std::string scratch_;
};

}  // namespace clue::metrics
