#pragma once
// The Porter stemmer exactly as NLTK 3.8's PorterStemmer() in its default NLTK_EXTENSIONS mode,
// which is what rouge-score 0.1.2 calls for use_stemmer=True. Input is one lowercase ASCII word.
#include <string>
#include <string_view>

namespace clue::metrics {

// Returns the stem of word (which must already be lowercase, as rouge-score's tokens are).
std::string PorterStem(std::string_view word);

// In-place variant used on the hot path (no allocation beyond what word already holds).
void PorterStemInPlace(std::string& word);

}  // namespace clue::metrics
