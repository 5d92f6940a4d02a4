#pragma once
// The documented stand-in for a model tokenizer when the backend cannot provide one: a token is a
// maximal run of non-whitespace characters (ASCII space, \t, \n, \v, \f, \r), i.e. Python's
// len(text.split()) for ASCII text. Real subword tokenizers give roughly 1.3-1.5 tokens per English
// word, so token budgets computed with it let through more text than the model's own tokenizer.
#include <string>

#include "clue/backends/backend.h"

namespace clue::backends {

class WhitespaceTokenizer : public Tokenizer {
 public:
  size_t Count(const std::string& text) override;
  // Keeps text up to the end of the n-th word, with the original spacing (and any leading
  // whitespace); n = 0 gives "". Text with at most n words is returned unchanged.
  std::string Truncate(const std::string& text, size_t n) override;
  std::string Name() const override { return "whitespace"; }
};

}  // namespace clue::backends
