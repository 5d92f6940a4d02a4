#include "clue/backends/whitespace_tokenizer.h"

namespace clue::backends {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace

size_t WhitespaceTokenizer::Count(const std::string& text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string WhitespaceTokenizer::Truncate(const std::string& text, size_t n) {
  if (n == 0) return "";
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool space = IsSpace(text[i]);
    if (!space && !in_word) ++words;
    if (space && in_word && words == n) {
      // Only trailing whitespace left: the text already has n words and stays as it is.
      if (text.find_first_not_of(" \t\n\v\f\r", i) == std::string::npos) return text;
      return text.substr(0, i);
    }
    in_word = !space;
  }
  return text;
}

}  // namespace clue::backends
