#include "clue/metrics/sacrebleu_tokenizer.h"

#include <stdexcept>
#include <vector>

#include <utf8proc.h>

#include "clue/metrics/text_util.h"

namespace clue::metrics {
namespace {

// Python str.replace(from, to): non-overlapping, left to right.
void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  if (s.find(from) == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out.append(to);
  }
  out.append(s, pos, std::string::npos);
  s.swap(out);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// 13a's first regex class: {|}~ [\]^_` space!"#$%& ()*+ :;<=>?@ /
bool Is13aSymbol(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 0x7B && u <= 0x7E) || (u >= 0x5B && u <= 0x60) || (u >= 0x20 && u <= 0x26) ||
         (u >= 0x28 && u <= 0x2B) || (u >= 0x3A && u <= 0x40) || c == '/';
}

// ' '.join(line.split()) into out.
void JoinSplit(std::string_view line, std::string& out) {
  thread_local std::vector<std::string_view> words;
  words.clear();
  PySplit(line, words);
  out.clear();
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out.push_back(' ');
    out.append(words[i]);
  }
}

// TokenizerRegexp's four substitutions. All classes are ASCII, and a multi-byte character's
// bytes are all >= 0x80 (never a digit, '.', ',' or '-'), so scanning bytes is equivalent to
// scanning code points.
void Tokenize13a(std::string line, std::string& out) {
  ReplaceAll(line, "<skipped>", "");
  ReplaceAll(line, "-\n", "");
  ReplaceAll(line, "\n", " ");
  if (line.find('&') != std::string::npos) {
    ReplaceAll(line, "&quot;", "\"");
    ReplaceAll(line, "&amp;", "&");
    ReplaceAll(line, "&lt;", "<");
    ReplaceAll(line, "&gt;", ">");
  }
  line.insert(line.begin(), ' ');  // f' {line} '
  line.push_back(' ');
  std::string a;
  a.reserve(line.size() + 32);
  for (char c : line) {  // regex 1: space out the symbol class
    if (Is13aSymbol(c)) {
      a.push_back(' ');
      a.push_back(c);
      a.push_back(' ');
    } else {
      a.push_back(c);
    }
  }
  std::string b;
  b.reserve(a.size() + 16);
  for (size_t i = 0; i < a.size();) {  // ([^0-9])([\.,]) -> '\1 \2 '
    if (!IsDigit(a[i]) && i + 1 < a.size() && (a[i + 1] == '.' || a[i + 1] == ',')) {
      b.push_back(a[i]);
      b.push_back(' ');
      b.push_back(a[i + 1]);
      b.push_back(' ');
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  a.clear();
  for (size_t i = 0; i < b.size();) {  // ([\.,])([^0-9]) -> ' \1 \2'
    if ((b[i] == '.' || b[i] == ',') && i + 1 < b.size() && !IsDigit(b[i + 1])) {
      a.push_back(' ');
      a.push_back(b[i]);
      a.push_back(' ');
      a.push_back(b[i + 1]);
      i += 2;
    } else {
      a.push_back(b[i++]);
    }
  }
  b.clear();
  for (size_t i = 0; i < a.size();) {  // ([0-9])(-) -> '\1 \2 '
    if (IsDigit(a[i]) && i + 1 < a.size() && a[i + 1] == '-') {
      b.push_back(a[i]);
      b.push_back(' ');
      b.push_back('-');
      b.push_back(' ');
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  JoinSplit(b, out);
}

bool CatIs(char32_t cp, std::initializer_list<utf8proc_category_t> cats) {
  const auto c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  for (auto x : cats)
    if (c == x) return true;
  return false;
}
bool IsN(char32_t cp) {
  return CatIs(cp, {UTF8PROC_CATEGORY_ND, UTF8PROC_CATEGORY_NL, UTF8PROC_CATEGORY_NO});
}
bool IsP(char32_t cp) {
  return CatIs(cp, {UTF8PROC_CATEGORY_PC, UTF8PROC_CATEGORY_PD, UTF8PROC_CATEGORY_PS,
                    UTF8PROC_CATEGORY_PE, UTF8PROC_CATEGORY_PI, UTF8PROC_CATEGORY_PF,
                    UTF8PROC_CATEGORY_PO});
}
bool IsS(char32_t cp) {
  return CatIs(cp, {UTF8PROC_CATEGORY_SM, UTF8PROC_CATEGORY_SC, UTF8PROC_CATEGORY_SK,
                    UTF8PROC_CATEGORY_SO});
}

// TokenizerV14International's three substitutions, on code points.
void TokenizeIntl(std::string_view line, std::string& out) {
  std::u32string a, b;
  DecodeAll(line, a);
  b.reserve(a.size() + 16);
  for (size_t i = 0; i < a.size();) {  // (\P{N})(\p{P}) -> '\1 \2 '
    if (!IsN(a[i]) && i + 1 < a.size() && IsP(a[i + 1])) {
      b += a[i];
      b += U' ';
      b += a[i + 1];
      b += U' ';
      i += 2;
    } else {
      b += a[i++];
    }
  }
  a.clear();
  for (size_t i = 0; i < b.size();) {  // (\p{P})(\P{N}) -> ' \1 \2'
    if (IsP(b[i]) && i + 1 < b.size() && !IsN(b[i + 1])) {
      a += U' ';
      a += b[i];
      a += U' ';
      a += b[i + 1];
      i += 2;
    } else {
      a += b[i++];
    }
  }
  std::string s;
  for (char32_t cp : a) {  // (\p{S}) -> ' \1 '
    if (IsS(cp)) {
      s.push_back(' ');
      AppendUtf8(cp, s);
      s.push_back(' ');
    } else {
      AppendUtf8(cp, s);
    }
  }
  JoinSplit(s, out);
}

}  // namespace

BleuTokenizer ParseBleuTokenizer(std::string_view name) {
  if (name == "13a") return BleuTokenizer::k13a;
  if (name == "intl") return BleuTokenizer::kIntl;
  if (name == "none") return BleuTokenizer::kNone;
  throw std::invalid_argument("bleu: unsupported tokenizer '" + std::string(name) +
                              "' (expected 13a, intl or none)");
}

const char* BleuTokenizerName(BleuTokenizer tok) {
  switch (tok) {
    case BleuTokenizer::k13a: return "13a";
    case BleuTokenizer::kIntl: return "intl";
    case BleuTokenizer::kNone: return "none";
  }
  return "?";
}

void PyLower(std::string_view text, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = DecodeUtf8(text, i);
    if (cp < 0x80) {
      out.push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp + 32) : static_cast<char>(cp));
    } else if (cp == 0x130) {  // full mapping: i + COMBINING DOT ABOVE
      out.push_back('i');
      AppendUtf8(0x307, out);
    } else {
      AppendUtf8(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))), out);
    }
  }
}

void BleuPreprocess(std::string_view text, BleuTokenizer tok, bool lowercase, std::string& out) {
  thread_local std::string lowered;
  if (lowercase) {
    PyLower(text, lowered);
    text = lowered;
  }
  const std::string_view line = PyRstrip(text);
  switch (tok) {
    case BleuTokenizer::kNone: out.assign(line); return;
    case BleuTokenizer::k13a: Tokenize13a(std::string(line), out); return;
    case BleuTokenizer::kIntl: TokenizeIntl(line, out); return;
  }
}

}  // namespace clue::metrics
