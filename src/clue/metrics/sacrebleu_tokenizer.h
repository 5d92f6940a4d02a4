#pragma once
// sacrebleu 2.x's BLEU pre-processing: optional lowercasing, rstrip(), then the tokenizer
// ("13a" = mteval-v13a, "intl" = mteval-v14 international, "none"). Output equals the string
// sacrebleu hands to its n-gram extractor.
#include <string>
#include <string_view>

namespace clue::metrics {

enum class BleuTokenizer { k13a, kIntl, kNone };

// Throws std::invalid_argument for names other than "13a", "intl", "none".
BleuTokenizer ParseBleuTokenizer(std::string_view name);
const char* BleuTokenizerName(BleuTokenizer tok);

// Python's str.lower() (full mapping for U+0130; simple mapping elsewhere via utf8proc).
void PyLower(std::string_view text, std::string& out);

// BLEU._preprocess_segment: lowercase (optional), rstrip, tokenize. Writes into out.
void BleuPreprocess(std::string_view text, BleuTokenizer tok, bool lowercase, std::string& out);

}  // namespace clue::metrics
