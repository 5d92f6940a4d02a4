#pragma once
// Tokenization, normalization and character 3-grams shared by the index (dictionary names) and the
// matcher (text windows), so both sides of a comparison are processed identically.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue::metrics::concepts {

struct Token {
  uint32_t begin = 0, end = 0;  // byte offsets into the text
  bool break_before = false;    // a sentence/clause boundary separates it from the previous token
};

// Tokens are maximal runs of ASCII letters/digits and non-ASCII (UTF-8) bytes; everything else
// separates. Clause punctuation (.,;:!?()[]{}" and line breaks) sets break_before on the next token
// so that mention windows never span it; hyphens, slashes and apostrophes do not.
std::vector<Token> Tokenize(std::string_view text);

// A token in comparison form: ASCII-lowercased when fold_case (non-ASCII letters are case-folded
// with utf8proc).
std::string NormalizeToken(std::string_view token, bool fold_case);

// A whole name in comparison form: its normalized tokens joined by single spaces ("Diabetes
// Mellitus, Type 2" -> "diabetes mellitus type 2").
std::string NormalizeName(std::string_view name, bool fold_case);

// Appends the character 3-grams of one normalized token, scikit-learn char_wb style: the token is
// padded with one space on each side (" cat " -> " ca", "cat", "at "). Grams are over bytes and
// packed as b0<<16 | b1<<8 | b2.
void AppendTokenTrigrams(std::string_view token, std::vector<uint32_t>* out);

// The distinct 3-grams (sorted) of a normalized name: the union over its tokens.
std::vector<uint32_t> NameTrigrams(std::string_view normalized);

}  // namespace clue::metrics::concepts
