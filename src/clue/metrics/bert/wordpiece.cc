#include "clue/metrics/bert/wordpiece.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <utf8proc.h>

namespace clue::metrics::bert {
namespace {

using CodePoints = std::u32string;

// Decodes UTF-8; invalid bytes become U+FFFD, which the clean-text step then drops (Python
// strings cannot hold invalid UTF-8, so this never changes a valid input).
CodePoints Decode(std::string_view s) {
  CodePoints out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      out.push_back(0xFFFD);
      n = 1;
    } else {
      out.push_back(static_cast<char32_t>(cp));
    }
    p += n;
    left -= n;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::string ToUtf8(const CodePoints& cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t c : cps) AppendUtf8(c, out);
  return out;
}

utf8proc_category_t Category(char32_t c) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

// transformers' _is_whitespace.
bool IsBertWhitespace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Category(c) == UTF8PROC_CATEGORY_ZS;
}

// transformers' _is_control: every category starting with "C" except tab, newline, return.
bool IsBertControl(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  switch (Category(c)) {
    case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS: case UTF8PROC_CATEGORY_CO:
      return true;
    default:
      return false;
  }
}

// transformers' _is_punctuation: all non-alphanumeric ASCII symbols, plus Unicode P*.
bool IsBertPunctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
      (c >= 123 && c <= 126))
    return true;
  switch (Category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return true;
    default:
      return false;
  }
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Python's str.isspace(), which str.split()/str.strip() use.
bool IsPySpace(char32_t c) {
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85) return true;
  auto cat = Category(c);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

std::vector<CodePoints> PySplit(const CodePoints& s) {
  std::vector<CodePoints> out;
  CodePoints cur;
  for (char32_t c : s) {
    if (IsPySpace(c)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Python's str.lower(): the simple mapping, except U+0130 which lowercases to "i" + U+0307.
// (Final-sigma context does not arise: transformers lowercases one character at a time.)
void PyLowerInto(char32_t c, CodePoints& out) {
  if (c == 0x130) {
    out.push_back('i');
    out.push_back(0x307);
    return;
  }
  out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
}

CodePoints PyLower(const CodePoints& s) {
  CodePoints out;
  out.reserve(s.size());
  for (char32_t c : s) PyLowerInto(c, out);
  return out;
}

CodePoints Normalize(const CodePoints& s, int options) {
  if (s.empty()) return s;
  std::string utf8 = ToUtf8(s);
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                    static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
                                    static_cast<utf8proc_option_t>(options | UTF8PROC_STABLE));
  if (n < 0) return s;  // only on allocation failure or invalid input, which Decode excludes
  CodePoints out = Decode(std::string_view(reinterpret_cast<char*>(mapped), static_cast<size_t>(n)));
  free(mapped);
  return out;
}

CodePoints StripAccents(const CodePoints& s) {
  CodePoints out;
  for (char32_t c : Normalize(s, UTF8PROC_DECOMPOSE))
    if (Category(c) != UTF8PROC_CATEGORY_MN) out.push_back(c);
  return out;
}

CodePoints CleanAndSpaceCjk(const CodePoints& text, bool cjk) {
  CodePoints out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c == 0 || c == 0xFFFD || IsBertControl(c)) continue;
    if (IsBertWhitespace(c)) {
      out.push_back(' ');
    } else if (cjk && IsCjk(c)) {
      out.push_back(' ');
      out.push_back(c);
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void SplitOnPunctuation(const CodePoints& token, std::vector<std::string>& out) {
  CodePoints cur;
  for (char32_t c : token) {
    if (IsBertPunctuation(c)) {
      if (!cur.empty()) out.push_back(ToUtf8(cur));
      cur.clear();
      out.push_back(ToUtf8(CodePoints(1, c)));
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(ToUtf8(cur));
}

}  // namespace

std::vector<std::string> BasicTokenize(std::string_view text, const BasicTokenizerOptions& opt,
                                       const std::vector<std::string>& never_split) {
  CodePoints cleaned = CleanAndSpaceCjk(Decode(text), opt.tokenize_chinese_chars);
  cleaned = Normalize(cleaned, UTF8PROC_COMPOSE);
  const bool strip = opt.strip_accents == 1 || (opt.strip_accents == -1 && opt.do_lower_case);
  std::vector<std::string> out;
  for (CodePoints& word : PySplit(cleaned)) {
    std::string utf8 = ToUtf8(word);
    if (std::find(never_split.begin(), never_split.end(), utf8) != never_split.end()) {
      out.push_back(std::move(utf8));
      continue;
    }
    if (opt.do_lower_case) word = PyLower(word);
    if (strip) word = StripAccents(word);
    SplitOnPunctuation(word, out);  // drops tokens emptied by accent stripping
  }
  return out;
}

WordPieceTokenizer::WordPieceTokenizer(const std::vector<std::string>& vocab_lines,
                                       BasicTokenizerOptions opt, size_t model_max_length)
    : opt_(opt), model_max_length_(model_max_length), vocab_size_(vocab_lines.size()) {
  // Later duplicates win, as in transformers' load_vocab (an OrderedDict filled line by line).
  for (size_t i = 0; i < vocab_lines.size(); ++i) vocab_[vocab_lines[i]] = static_cast<int32_t>(i);
  auto require = [&](const char* tok) {
    auto it = vocab_.find(tok);
    if (it == vocab_.end())
      throw std::runtime_error(std::string("vocab.txt: special token ") + tok + " is missing");
    specials_.push_back(tok);
    return it->second;
  };
  unk_id_ = require("[UNK]");
  sep_id_ = require("[SEP]");
  cls_id_ = require("[CLS]");
  pad_id_ = vocab_.count("[PAD]") ? vocab_.at("[PAD]") : 0;
  if (vocab_.count("[PAD]")) specials_.push_back("[PAD]");
  if (vocab_.count("[MASK]")) specials_.push_back("[MASK]");
  if (model_max_length_ < 2) throw std::runtime_error("model_max_length must be at least 2");
}

int32_t WordPieceTokenizer::TokenId(const std::string& token) const {
  auto it = vocab_.find(token);
  return it == vocab_.end() ? unk_id_ : it->second;
}

std::vector<std::string> WordPieceTokenizer::WordPieces(std::string_view text) const {
  constexpr size_t kMaxCharsPerWord = 100;
  std::vector<std::string> out;
  for (const CodePoints& word : PySplit(Decode(text))) {
    if (word.size() > kMaxCharsPerWord) {
      out.push_back("[UNK]");
      continue;
    }
    std::vector<std::string> pieces;
    size_t start = 0;
    bool bad = false;
    while (start < word.size()) {
      size_t end = word.size();
      std::string found;
      for (; end > start; --end) {
        std::string piece = start > 0 ? "##" : "";
        piece += ToUtf8(word.substr(start, end - start));
        if (vocab_.count(piece)) {
          found = std::move(piece);
          break;
        }
      }
      if (found.empty()) {
        bad = true;
        break;
      }
      pieces.push_back(std::move(found));
      start = end;
    }
    if (bad) {
      out.push_back("[UNK]");
    } else {
      for (auto& p : pieces) out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<std::string> WordPieceTokenizer::Tokenize(std::string_view text) const {
  // Split out literal special tokens first (transformers' added-tokens trie: earliest, longest).
  std::vector<std::string> out;
  size_t seg_start = 0, pos = 0;
  auto flush = [&](size_t end) {
    if (end <= seg_start) return;
    CodePoints seg = Decode(text.substr(seg_start, end - seg_start));
    // PreTrainedTokenizer.tokenize lowercases non-special text before BasicTokenizer does again.
    if (opt_.do_lower_case) seg = PyLower(seg);
    for (const std::string& word : BasicTokenize(ToUtf8(seg), opt_, specials_)) {
      if (std::find(specials_.begin(), specials_.end(), word) != specials_.end()) {
        out.push_back(word);
        continue;
      }
      for (auto& piece : WordPieces(word)) out.push_back(std::move(piece));
    }
  };
  while (pos < text.size()) {
    const std::string* match = nullptr;
    for (const auto& sp : specials_)
      if (text.substr(pos, sp.size()) == sp && (!match || sp.size() > match->size())) match = &sp;
    if (!match) {
      ++pos;
      continue;
    }
    flush(pos);
    out.push_back(*match);
    pos += match->size();
    seg_start = pos;
  }
  flush(text.size());
  return out;
}

std::vector<int32_t> WordPieceTokenizer::Encode(std::string_view text) const {
  CodePoints cps = Decode(text);
  size_t b = 0, e = cps.size();
  while (b < e && IsPySpace(cps[b])) ++b;
  while (e > b && IsPySpace(cps[e - 1])) --e;
  std::vector<int32_t> ids{cls_id_};
  if (e > b) {
    std::vector<std::string> tokens = Tokenize(ToUtf8(cps.substr(b, e - b)));
    const size_t keep = std::min(tokens.size(), model_max_length_ - 2);
    for (size_t i = 0; i < keep; ++i) ids.push_back(TokenId(tokens[i]));
  }
  ids.push_back(sep_id_);
  return ids;
}

WordPieceTokenizer WordPieceTokenizer::FromDirectory(const std::string& dir, size_t max_positions) {
  std::ifstream vf(dir + "/vocab.txt", std::ios::binary);
  if (!vf) throw std::runtime_error(dir + "/vocab.txt: cannot open (the model directory needs it)");
  std::vector<std::string> lines;
  for (std::string line; std::getline(vf, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  BasicTokenizerOptions opt;  // BertTokenizer defaults: lowercase, accents follow it, CJK on
  size_t max_len = std::min<size_t>(512, max_positions);
  std::ifstream cf(dir + "/tokenizer_config.json");
  if (cf) {
    nlohmann::json cfg;
    try {
      cfg = nlohmann::json::parse(cf);
    } catch (const std::exception& e) {
      throw std::runtime_error(dir + "/tokenizer_config.json: invalid JSON: " + e.what());
    }
    if (cfg.contains("do_lower_case") && cfg["do_lower_case"].is_boolean())
      opt.do_lower_case = cfg["do_lower_case"].get<bool>();
    if (cfg.contains("strip_accents") && cfg["strip_accents"].is_boolean())
      opt.strip_accents = cfg["strip_accents"].get<bool>() ? 1 : 0;
    if (cfg.contains("tokenize_chinese_chars") && cfg["tokenize_chinese_chars"].is_boolean())
      opt.tokenize_chinese_chars = cfg["tokenize_chinese_chars"].get<bool>();
    if (cfg.contains("model_max_length") && cfg["model_max_length"].is_number()) {
      double m = cfg["model_max_length"].get<double>();
      if (m >= 2 && m < static_cast<double>(max_len)) max_len = static_cast<size_t>(m);
    }
  }
  return WordPieceTokenizer(lines, opt, max_len);
}

}  // namespace clue::metrics::bert
