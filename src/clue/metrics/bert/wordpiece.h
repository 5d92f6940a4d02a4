#pragma once
// WordPiece tokenisation equal to transformers' slow BertTokenizer (as bert_score 0.3.13 calls it:
// encode(text, add_special_tokens=True, truncation=True, max_length=model_max_length)).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clue::metrics::bert {

struct BasicTokenizerOptions {
  bool do_lower_case = true;
  // -1: follow do_lower_case (transformers' strip_accents=None); 0: never; 1: always.
  int strip_accents = -1;
  bool tokenize_chinese_chars = true;
};

// The BasicTokenizer stage: clean text, CJK spacing, NFC, whitespace split, lowercase/accent strip,
// punctuation split. Tokens listed in never_split pass through untouched.
std::vector<std::string> BasicTokenize(std::string_view text, const BasicTokenizerOptions& opt,
                                       const std::vector<std::string>& never_split = {});

class WordPieceTokenizer {
 public:
  // vocab_lines: vocab.txt, one token per line; the line number is the id.
  WordPieceTokenizer(const std::vector<std::string>& vocab_lines, BasicTokenizerOptions opt,
                     size_t model_max_length = 512);

  // Reads <dir>/vocab.txt and, when present, <dir>/tokenizer_config.json (do_lower_case,
  // strip_accents, tokenize_chinese_chars, model_max_length). Throws std::runtime_error.
  static WordPieceTokenizer FromDirectory(const std::string& dir, size_t max_positions);

  // BertTokenizer.tokenize(): special-token split, lowercase, basic + wordpiece.
  std::vector<std::string> Tokenize(std::string_view text) const;
  // bert_score's sent_encode(): strip, [CLS] ... [SEP], truncation to model_max_length.
  std::vector<int32_t> Encode(std::string_view text) const;
  // Greedy longest-match-first WordPiece of whitespace-separated words.
  std::vector<std::string> WordPieces(std::string_view text) const;

  int32_t TokenId(const std::string& token) const;  // unk id when absent
  int32_t cls_id() const { return cls_id_; }
  int32_t sep_id() const { return sep_id_; }
  int32_t pad_id() const { return pad_id_; }
  size_t vocab_size() const { return vocab_size_; }
  size_t model_max_length() const { return model_max_length_; }

 private:
  std::unordered_map<std::string, int32_t> vocab_;
  BasicTokenizerOptions opt_;
  size_t model_max_length_;
  size_t vocab_size_ = 0;
  std::vector<std::string> specials_;  // present in the vocab, never split or lowercased
  int32_t unk_id_ = 0, cls_id_ = 0, sep_id_ = 0, pad_id_ = 0;
};

}  // namespace clue::metrics::bert
