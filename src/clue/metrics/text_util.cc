#include "clue/metrics/text_util.h"

namespace clue::metrics {

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  char32_t cp = len == 4 ? (b0 & 0x07) : len == 3 ? (b0 & 0x0F) : (b0 & 0x1F);
  for (int k = 1; k < len; ++k) {
    const int c = cont(static_cast<size_t>(k));
    if (c < 0) {
      len = 0;
      break;
    }
    cp = (cp << 6) | static_cast<char32_t>(c);
  }
  if (len == 0) {  // stray byte: pass it through as its own value
    ++i;
    return b0;
  }
  i += static_cast<size_t>(len);
  return cp;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsPySpace(char32_t cp) {
  // The list printed by: /usr/bin/python3 -c "print([hex(c) for c in range(0x110000) if chr(c).isspace()])"
  if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  if (cp < 0x85) return false;
  switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

void PySplit(std::string_view s, std::vector<std::string_view>& out) {
  size_t i = 0, start = 0;
  bool in_word = false;
  while (i < s.size()) {
    const size_t at = i;
    const auto b = static_cast<unsigned char>(s[i]);
    bool space;
    if (b < 0x80) {  // ASCII fast path
      ++i;
      space = b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    } else {
      space = IsPySpace(DecodeUtf8(s, i));
    }
    if (space && in_word) {
      out.push_back(s.substr(start, at - start));
      in_word = false;
    } else if (!space && !in_word) {
      start = at;
      in_word = true;
    }
  }
  if (in_word) out.push_back(s.substr(start));
}

std::string_view PyRstrip(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    const auto b = static_cast<unsigned char>(s[end - 1]);
    if (b < 0x80) {
      if (!IsPySpace(b)) break;
      --end;
      continue;
    }
    // Step back to the lead byte of the last character.
    size_t lead = end - 1;
    while (lead > 0 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
    size_t k = lead;
    const char32_t cp = DecodeUtf8(s, k);
    if (k != end || !IsPySpace(cp)) break;
    end = lead;
  }
  return s.substr(0, end);
}

void DecodeAll(std::string_view s, std::u32string& out) {
  size_t i = 0;
  while (i < s.size()) out.push_back(DecodeUtf8(s, i));
}

}  // namespace clue::metrics
