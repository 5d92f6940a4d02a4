#include "clue/metrics/porter_stemmer.h"

#include <algorithm>
#include <array>

namespace clue::metrics {
namespace {

bool IsVowelChar(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// NLTK's _is_consonant: not a vowel, and 'y' only at the start or after a vowel.
bool IsCons(std::string_view w, size_t i) {
  const char c = w[i];
  if (IsVowelChar(c)) return false;
  if (c != 'y' || i == 0) return true;
  return !IsCons(w, i - 1);
}

// Number of "vc" transitions in the consonant/vowel pattern of the prefix w[0, n).
int Measure(std::string_view w, size_t n) {
  int m = 0;
  bool prev_vowel = false;
  for (size_t i = 0; i < n; ++i) {
    const bool cons = IsCons(w, i);
    if (cons && prev_vowel) ++m;
    prev_vowel = !cons;
  }
  return m;
}

bool ContainsVowel(std::string_view w, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!IsCons(w, i)) return true;
  return false;
}

bool EndsDoubleConsonant(std::string_view w, size_t n) {
  return n >= 2 && w[n - 1] == w[n - 2] && IsCons(w, n - 1);
}

// Condition *o, with NLTK's extra two-letter vowel-consonant case.
bool EndsCvc(std::string_view w, size_t n) {
  if (n >= 3 && IsCons(w, n - 3) && !IsCons(w, n - 2) && IsCons(w, n - 1) && w[n - 1] != 'w' &&
      w[n - 1] != 'x' && w[n - 1] != 'y')
    return true;
  return n == 2 && !IsCons(w, 0) && IsCons(w, 1);
}

bool EndsWith(const std::string& w, std::string_view suf) {
  return w.size() >= suf.size() && std::string_view(w).substr(w.size() - suf.size()) == suf;
}

enum class Cond { kM0, kM1, kIon, kLogi };

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
  Cond cond;
};

bool Holds(const std::string& w, size_t stem_len, Cond cond) {
  switch (cond) {
    case Cond::kM0: return Measure(w, stem_len) > 0;
    case Cond::kM1: return Measure(w, stem_len) > 1;
    case Cond::kIon:
      return Measure(w, stem_len) > 1 && stem_len > 0 &&
             (w[stem_len - 1] == 's' || w[stem_len - 1] == 't');
    case Cond::kLogi: return Measure(w, w.size() - 3) > 0;  // the 'l' stays with the stem
  }
  return false;
}

// NLTK's _apply_rule_list: the first rule whose suffix matches decides, whether or not its
// condition holds.
template <size_t N>
void ApplyRules(std::string& w, const std::array<Rule, N>& rules) {
  for (const Rule& r : rules) {
    if (!EndsWith(w, r.suffix)) continue;
    const size_t stem_len = w.size() - r.suffix.size();
    if (Holds(w, stem_len, r.cond)) {
      w.resize(stem_len);
      w.append(r.replacement);
    }
    return;
  }
}

void ReplaceSuffix(std::string& w, size_t suffix_len, std::string_view rep) {
  w.resize(w.size() - suffix_len);
  w.append(rep);
}

void Step1a(std::string& w) {
  if (EndsWith(w, "ies") && w.size() == 4) return ReplaceSuffix(w, 3, "ie");
  if (EndsWith(w, "sses")) return ReplaceSuffix(w, 4, "ss");
  if (EndsWith(w, "ies")) return ReplaceSuffix(w, 3, "i");
  if (EndsWith(w, "ss")) return;
  if (EndsWith(w, "s")) w.pop_back();
}

void Step1b(std::string& w) {
  if (EndsWith(w, "ied")) return ReplaceSuffix(w, 3, w.size() == 4 ? "ie" : "i");
  if (EndsWith(w, "eed")) {
    if (Measure(w, w.size() - 3) > 0) w.pop_back();  // eed -> ee
    return;
  }
  size_t cut = 0;
  if (EndsWith(w, "ed") && ContainsVowel(w, w.size() - 2)) cut = 2;
  else if (EndsWith(w, "ing") && ContainsVowel(w, w.size() - 3)) cut = 3;
  if (cut == 0) return;
  w.resize(w.size() - cut);
  if (EndsWith(w, "at") || EndsWith(w, "bl") || EndsWith(w, "iz")) {
    w.push_back('e');
  } else if (EndsDoubleConsonant(w, w.size())) {
    const char last = w.back();
    if (last != 'l' && last != 's' && last != 'z') w.pop_back();
  } else if (Measure(w, w.size()) == 1 && EndsCvc(w, w.size())) {
    w.push_back('e');
  }
}

void Step1c(std::string& w) {
  if (!EndsWith(w, "y")) return;
  const size_t stem_len = w.size() - 1;
  if (stem_len > 1 && IsCons(w, stem_len - 1)) w.back() = 'i';
}

void Step2(std::string& w) {
  if (EndsWith(w, "alli") && Measure(w, w.size() - 4) > 0) {
    ReplaceSuffix(w, 4, "al");
    return Step2(w);
  }
  static constexpr std::array<Rule, 22> kRules = {{
      {"ational", "ate", Cond::kM0}, {"tional", "tion", Cond::kM0}, {"enci", "ence", Cond::kM0},
      {"anci", "ance", Cond::kM0},   {"izer", "ize", Cond::kM0},    {"bli", "ble", Cond::kM0},
      {"alli", "al", Cond::kM0},     {"entli", "ent", Cond::kM0},   {"eli", "e", Cond::kM0},
      {"ousli", "ous", Cond::kM0},   {"ization", "ize", Cond::kM0}, {"ation", "ate", Cond::kM0},
      {"ator", "ate", Cond::kM0},    {"alism", "al", Cond::kM0},    {"iveness", "ive", Cond::kM0},
      {"fulness", "ful", Cond::kM0}, {"ousness", "ous", Cond::kM0}, {"aliti", "al", Cond::kM0},
      {"iviti", "ive", Cond::kM0},   {"biliti", "ble", Cond::kM0},  {"fulli", "ful", Cond::kM0},
      {"logi", "log", Cond::kLogi},
  }};
  ApplyRules(w, kRules);
}

void Step3(std::string& w) {
  static constexpr std::array<Rule, 7> kRules = {{
      {"icate", "ic", Cond::kM0}, {"ative", "", Cond::kM0}, {"alize", "al", Cond::kM0},
      {"iciti", "ic", Cond::kM0}, {"ical", "ic", Cond::kM0}, {"ful", "", Cond::kM0},
      {"ness", "", Cond::kM0},
  }};
  ApplyRules(w, kRules);
}

void Step4(std::string& w) {
  static constexpr std::array<Rule, 19> kRules = {{
      {"al", "", Cond::kM1},   {"ance", "", Cond::kM1}, {"ence", "", Cond::kM1},
      {"er", "", Cond::kM1},   {"ic", "", Cond::kM1},   {"able", "", Cond::kM1},
      {"ible", "", Cond::kM1}, {"ant", "", Cond::kM1},  {"ement", "", Cond::kM1},
      {"ment", "", Cond::kM1}, {"ent", "", Cond::kM1},  {"ion", "", Cond::kIon},
      {"ou", "", Cond::kM1},   {"ism", "", Cond::kM1},  {"ate", "", Cond::kM1},
      {"iti", "", Cond::kM1},  {"ous", "", Cond::kM1},  {"ive", "", Cond::kM1},
      {"ize", "", Cond::kM1},
  }};
  ApplyRules(w, kRules);
}

void Step5a(std::string& w) {
  if (!EndsWith(w, "e")) return;
  const size_t n = w.size() - 1;
  const int m = Measure(w, n);
  if (m > 1 || (m == 1 && !EndsCvc(w, n))) w.pop_back();
}

void Step5b(std::string& w) {
  if (EndsWith(w, "ll") && Measure(w, w.size() - 1) > 1) w.pop_back();
}

// NLTK_EXTENSIONS' table of irregular forms, mapped straight to their paradigm.
bool LookupIrregular(std::string& w) {
  struct Pair {
    std::string_view form, stem;
  };
  static constexpr std::array<Pair, 17> kPool = {{
      {"sky", "sky"},         {"skies", "sky"},        {"dying", "die"},
      {"lying", "lie"},       {"tying", "tie"},        {"news", "news"},
      {"innings", "inning"},  {"inning", "inning"},    {"outings", "outing"},
      {"outing", "outing"},   {"cannings", "canning"}, {"canning", "canning"},
      {"howe", "howe"},       {"proceed", "proceed"},  {"exceed", "exceed"},
      {"succeed", "succeed"}, {"", ""},
  }};
  for (const Pair& p : kPool) {
    if (!p.form.empty() && w == p.form) {
      w.assign(p.stem);
      return true;
    }
  }
  return false;
}

}  // namespace

void PorterStemInPlace(std::string& w) {
  std::transform(w.begin(), w.end(), w.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  if (LookupIrregular(w)) return;
  if (w.size() <= 2) return;
  Step1a(w);
  Step1b(w);
  Step1c(w);
  Step2(w);
  Step3(w);
  Step4(w);
  Step5a(w);
  Step5b(w);
}

std::string PorterStem(std::string_view word) {
  std::string w(word);
  PorterStemInPlace(w);
  return w;
}

}  // namespace clue::metrics
