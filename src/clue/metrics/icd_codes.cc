#include "clue/metrics/icd_codes.h"

#include <utf8proc.h>

#include <stdexcept>

#include "clue/data/gzip_file.h"
#include "clue/data/input_error.h"

namespace clue::metrics {
namespace {

// Python's \w for str patterns: str.isalnum() or '_'; isalnum covers the L* and N* categories.
bool IsWordCodepoint(utf8proc_int32_t cp) {
  if (cp == '_') return true;
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Whether the code point starting at byte i is a word character (false past the end or on
// invalid UTF-8).
bool WordAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  utf8proc_int32_t cp = -1;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  return n > 0 && IsWordCodepoint(cp);
}

// Whether the code point ending just before byte i is a word character.
bool WordBefore(std::string_view s, size_t i) {
  if (i == 0) return false;
  size_t start = i - 1;
  while (start > 0 && i - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
    --start;
  return WordAt(s.substr(0, i), start);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsTailChar(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }
bool IsFirstChar(char c) { return c >= 'A' && c <= 'Z' && c != 'U'; }

// Length of the run of [0-9A-Z] starting at i, capped at 4.
size_t TailRun(std::string_view s, size_t i) {
  size_t n = 0;
  while (n < 4 && i + n < s.size() && IsTailChar(s[i + n])) ++n;
  return n;
}

}  // namespace

std::vector<std::string> FindIcdCodes(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i + 3 <= s.size()) {
    if (!IsFirstChar(s[i]) || !IsDigit(s[i + 1]) || !IsDigit(s[i + 2]) || WordBefore(s, i)) {
      ++i;
      continue;
    }
    const size_t base = i + 3;
    // Candidate ends in the order Python's backtracking tries them.
    std::vector<size_t> ends;
    if (base < s.size() && s[base] == '.')
      for (size_t n = TailRun(s, base + 1); n >= 1; --n) ends.push_back(base + 1 + n);
    for (size_t n = TailRun(s, base); n >= 1; --n) ends.push_back(base + n);
    ends.push_back(base);
    size_t match_end = 0;
    for (size_t e : ends) {
      if (!WordAt(s, e)) {
        match_end = e;
        break;
      }
    }
    if (match_end == 0) {
      ++i;
      continue;
    }
    out.emplace_back(s.substr(i, match_end - i));
    i = match_end;
  }
  return out;
}

std::vector<std::string> ParseIcdCodes(std::string_view text) {
  std::vector<std::string> codes = FindIcdCodes(text);
  for (std::string& c : codes) std::erase(c, '.');
  return codes;
}

std::vector<std::string> GoldIcdCodes(const nlohmann::json& gold) {
  std::vector<std::string> codes;
  if (gold.is_string()) {
    const std::string& s = gold.get_ref<const std::string&>();
    size_t start = 0;
    for (size_t pos; (pos = s.find(", ", start)) != std::string::npos; start = pos + 2)
      codes.push_back(s.substr(start, pos - start));
    codes.push_back(s.substr(start));
    return codes;
  }
  if (!gold.is_array())
    throw std::invalid_argument("gold ICD codes must be a list or a \", \"-joined string, got " +
                                std::string(gold.type_name()));
  for (const auto& item : gold) {
    if (item.is_string()) {
      codes.push_back(item.get<std::string>());
    } else if (item.is_object() && item.contains("code") && item["code"].is_string()) {
      codes.push_back(item["code"].get<std::string>());
    } else {
      throw std::invalid_argument("gold ICD code entries must be strings or {\"code\": string}");
    }
  }
  if (codes.empty()) codes.push_back("");
  return codes;
}

IcdCodeList IcdCodeList::Load(const std::string& path) {
  const std::string text = data::ReadMaybeGzippedFile(path);
  IcdCodeList list;
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw data::InputError(path, 0, "", std::string("invalid JSON: ") + e.what());
    }
    for (const auto& [code, _] : obj.items()) {
      std::string k = code;
      std::erase(k, '.');
      list.codes_.insert(std::move(k));
    }
  } else {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      const size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string::npos) continue;
      // The first token, so CMS's "A000    Cholera due to ..." format works too.
      line = line.substr(b, line.find_first_of(" \t\r", b) - b);
      std::erase(line, '.');
      list.codes_.insert(std::move(line));
    }
  }
  if (list.codes_.empty()) throw data::InputError(path, 0, "", "no ICD codes found");
  return list;
}

bool IcdCodeList::Contains(std::string_view code) const {
  std::string k(code);
  std::erase(k, '.');
  if (k.empty()) return false;
  return codes_.count(k) > 0;
}

}  // namespace clue::metrics
