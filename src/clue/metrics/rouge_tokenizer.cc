#include "clue/metrics/rouge_tokenizer.h"

#include "clue/metrics/porter_stemmer.h"
#include "clue/metrics/text_util.h"

namespace clue::metrics {
namespace {

constexpr size_t kMaxVocab = 1'000'000;  // entries across the three maps

bool IsTokenChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Walks text once, calling emit(token) for every maximal [a-z0-9] run of the lowercased text and
// newline() at every '\n'. Python's lower() maps only two non-ASCII code points to ASCII
// letters: U+212A KELVIN SIGN -> "k" and U+0130 -> "i" + U+0307 (the dot then ends the token).
// (Found with: /usr/bin/python3 -c "import re; print([hex(c) for c in range(128, 0x110000)
//  if re.search('[a-z0-9]', chr(c).lower())])")
template <class Emit, class Newline>
void Scan(std::string_view text, std::string& cur, Emit emit, Newline newline) {
  cur.clear();
  auto flush = [&] {
    if (!cur.empty()) emit(cur);
    cur.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      ++i;
      const char lc = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      if (IsTokenChar(lc)) {
        cur.push_back(lc);
      } else {
        flush();
        if (c == '\n') newline();
      }
      continue;
    }
    const char32_t cp = DecodeUtf8(text, i);
    if (cp == 0x212A) {
      cur.push_back('k');
    } else if (cp == 0x130) {
      cur.push_back('i');
      flush();
    } else {
      flush();
    }
  }
  flush();
}

}  // namespace

size_t RougeVocab::Hash::operator()(std::string_view s) const {
  return std::hash<std::string_view>{}(s);
}

std::vector<std::string> RougeTokenize(std::string_view text, bool use_stemmer) {
  std::vector<std::string> tokens;
  std::string cur;
  Scan(
      text, cur,
      [&](std::string& tok) {
        std::string t = tok;
        if (use_stemmer && t.size() > 3) PorterStemInPlace(t);
        if (!t.empty()) tokens.push_back(std::move(t));
      },
      [] {});
  return tokens;
}

RougeVocab& RougeVocab::ThreadLocal() {
  thread_local RougeVocab vocab;
  return vocab;
}

uint32_t RougeVocab::Intern(std::string_view word) {
  auto it = words_.find(word);
  if (it != words_.end()) return it->second;
  const auto id = static_cast<uint32_t>(words_.size());
  words_.emplace(std::string(word), id);
  return id;
}

uint32_t RougeVocab::RawToId(const std::string& raw, bool use_stemmer) {
  auto& raw_map = raw_[use_stemmer ? 1 : 0];
  auto it = raw_map.find(std::string_view(raw));
  if (it != raw_map.end()) return it->second;
  uint32_t id;
  if (use_stemmer && raw.size() > 3) {
    scratch_ = raw;
    PorterStemInPlace(scratch_);
    id = Intern(scratch_);
  } else {
    id = Intern(raw);
  }
  raw_map.emplace(raw, id);
  return id;
}

void RougeVocab::MaybeReset() {
  if (words_.size() + raw_[0].size() + raw_[1].size() < kMaxVocab) return;
  words_.clear();
  raw_[0].clear();
  raw_[1].clear();
}

void RougeVocab::Tokenize(std::string_view text, bool use_stemmer, RougeTokens& out) {
  out.ids.clear();
  out.sent_start.assign(1, 0);
  thread_local std::string cur;
  Scan(
      text, cur, [&](std::string& tok) { out.ids.push_back(RawToId(tok, use_stemmer)); },
      [&] { out.sent_start.push_back(static_cast<uint32_t>(out.ids.size())); });
  out.sent_start.push_back(static_cast<uint32_t>(out.ids.size()));
}

}  // namespace clue::metrics
