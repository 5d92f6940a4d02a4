#include "clue/metrics/concepts/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

namespace clue::metrics::concepts {
namespace {

inline bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

inline bool IsBreakByte(unsigned char c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case '(': case ')':
    case '[': case ']': case '{': case '}': case '"': case '\n': case '\r':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 1);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  bool pending_break = false;
  while (i < n) {
    if (!IsWordByte(s[i])) {
      pending_break |= IsBreakByte(s[i]);
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && IsWordByte(s[j])) ++j;
    tokens.push_back(Token{static_cast<uint32_t>(i), static_cast<uint32_t>(j), pending_break});
    pending_break = false;
    i = j;
  }
  return tokens;
}

std::string NormalizeToken(std::string_view token, bool fold_case) {
  std::string out(token);
  if (!fold_case) return out;
  bool ascii = true;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (ascii) return out;
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(token.data()),
                                      static_cast<utf8proc_ssize_t>(token.size()), &folded,
                                      static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD));
  if (len < 0) return out;  // invalid UTF-8: keep the ASCII-lowercased bytes
  std::string res(reinterpret_cast<char*>(folded), static_cast<size_t>(len));
  std::free(folded);
  return res;
}

std::string NormalizeName(std::string_view name, bool fold_case) {
  std::string out;
  for (const Token& t : Tokenize(name)) {
    if (!out.empty()) out.push_back(' ');
    out += NormalizeToken(name.substr(t.begin, t.end - t.begin), fold_case);
  }
  return out;
}

void AppendTokenTrigrams(std::string_view token, std::vector<uint32_t>* out) {
  const size_t n = token.size();
  auto at = [&](size_t k) -> uint32_t {  // k indexes the padded string " token "
    return (k == 0 || k == n + 1) ? uint32_t{' '} : static_cast<unsigned char>(token[k - 1]);
  };
  for (size_t k = 0; k + 3 <= n + 2; ++k) out->push_back(at(k) << 16 | at(k + 1) << 8 | at(k + 2));
}

std::vector<uint32_t> NameTrigrams(std::string_view normalized) {
  std::vector<uint32_t> grams;
  size_t start = 0;
  while (start <= normalized.size()) {
    size_t sp = normalized.find(' ', start);
    if (sp == std::string_view::npos) sp = normalized.size();
    if (sp > start) AppendTokenTrigrams(normalized.substr(start, sp - start), &grams);
    start = sp + 1;
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

}  // namespace clue::metrics::concepts
