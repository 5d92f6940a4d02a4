#include "clue/metrics/concepts/dictionary.h"

#include <algorithm>

#include "clue/data/input_error.h"
#include "clue/metrics/concepts/text_source.h"

namespace clue::metrics::concepts {
namespace {

using data::InputError;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string Ns(DictFormat f, std::string_view raw) {
  return std::string(FormatName(f)) + ":" + std::string(raw);
}

// Column index by header name; throws when absent so a wrong file is reported, not misread.
size_t Column(const std::vector<std::string_view>& header, std::string_view name,
              const std::string& path) {
  for (size_t i = 0; i < header.size(); ++i)
    if (Trim(header[i]) == name) return i;
  throw InputError(path, 1, std::string(name), "column missing from the header");
}

}  // namespace

const char* FormatName(DictFormat f) {
  switch (f) {
    case DictFormat::kUmls: return "umls";
    case DictFormat::kObo: return "obo";
    case DictFormat::kMesh: return "mesh";
    case DictFormat::kDrugBank: return "drugbank";
    case DictFormat::kLexicon: return "lexicon";
    case DictFormat::kTsv: return "tsv";
    case DictFormat::kAuto: break;
  }
  return "auto";
}

void Dictionary::Add(const std::string& id, const std::string& canonical,
                     const std::string& synonym) {
  auto [it, inserted] = by_id_.try_emplace(id, concepts_.size());
  if (inserted) concepts_.push_back(Concept{id, canonical, {}});
  Concept& c = concepts_[it->second];
  if (c.canonical.empty() && !canonical.empty()) c.canonical = canonical;
  if (!synonym.empty()) c.synonyms.push_back(synonym);
}

void Dictionary::Merge(const Dictionary& other) {
  for (const Concept& c : other.concepts_) {
    Add(c.id, c.canonical, "");
    Concept& mine = concepts_[by_id_[c.id]];
    mine.synonyms.insert(mine.synonyms.end(), c.synonyms.begin(), c.synonyms.end());
  }
}

size_t Dictionary::name_count() const {
  size_t n = 0;
  for (const Concept& c : concepts_) n += 1 + c.synonyms.size();
  return n;
}

const Concept* Dictionary::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &concepts_[it->second];
}

void Dictionary::FillMissingCanonicals() {
  for (Concept& c : concepts_)
    if (c.canonical.empty() && !c.synonyms.empty()) c.canonical = c.synonyms.front();
}

DictFormat DetectFormat(const std::string& path, const std::string& first_line) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  if (base.find("MRCONSO") != std::string::npos) return DictFormat::kUmls;
  if (base.find(".obo") != std::string::npos || StartsWith(first_line, "format-version:") ||
      StartsWith(first_line, "[Term]"))
    return DictFormat::kObo;
  if (StartsWith(first_line, "DescriptorUI\t") || StartsWith(first_line, "*NEWRECORD"))
    return DictFormat::kMesh;
  if (StartsWith(first_line, "DrugBank ID,")) return DictFormat::kDrugBank;
  auto cols = Split(first_line, '\t');
  if (cols.size() >= 3 && cols[1] == "term" && cols[2] == "term_type") return DictFormat::kLexicon;
  return DictFormat::kTsv;
}

void ParseDictSpec(const std::string& spec, DictFormat* format, std::string* path) {
  *format = DictFormat::kAuto;
  *path = spec;
  size_t colon = spec.find(':');
  if (colon == std::string::npos) return;
  std::string prefix = spec.substr(0, colon);
  for (DictFormat f : {DictFormat::kUmls, DictFormat::kObo, DictFormat::kMesh,
                       DictFormat::kDrugBank, DictFormat::kLexicon, DictFormat::kTsv}) {
    if (prefix == FormatName(f)) {
      *format = f;
      *path = spec.substr(colon + 1);
      return;
    }
  }
}

Dictionary LoadDictionary(const std::string& spec) {
  DictFormat format;
  std::string path;
  ParseDictSpec(spec, &format, &path);
  return ParseDictionary(format, path, ReadTextFile(path));
}

Dictionary ParseDictionary(DictFormat format, const std::string& path, const std::string& text) {
  if (format == DictFormat::kAuto) {
    std::string_view first = std::string_view(text).substr(0, text.find('\n'));
    if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
    format = DetectFormat(path, std::string(first));
  }
  Dictionary d;
  switch (format) {
    case DictFormat::kUmls: LoadUmls(path, text, &d); break;
    case DictFormat::kObo: LoadObo(path, text, &d); break;
    case DictFormat::kMesh: LoadMesh(path, text, &d); break;
    case DictFormat::kDrugBank: LoadDrugBank(path, text, &d); break;
    case DictFormat::kLexicon: LoadLexicon(path, text, &d); break;
    default: LoadTsv(path, text, &d); break;
  }
  d.FillMissingCanonicals();
  if (d.size() == 0) throw InputError(path, 0, "", "dictionary contains no concepts");
  return d;
}

// MRCONSO.RRF: CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF|
void LoadUmls(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  while (lines.Next(&line)) {
    if (line.empty()) continue;
    auto f = Split(line, '|');
    if (f.size() < 18)
      throw InputError(path, lines.line_number(), "MRCONSO",
                       "expected 18 '|'-separated fields, found " + std::to_string(f.size()));
    if (f[0].empty()) throw InputError(path, lines.line_number(), "CUI", "empty");
    if (f[1] != "ENG" || f[16] != "N" || f[14].empty()) continue;
    // The CUI's preferred name: preferred term (TS=P) of the preferred string form (STT=PF),
    // preferred atom (ISPREF=Y).
    const bool preferred = f[2] == "P" && f[4] == "PF" && f[6] == "Y";
    std::string str(f[14]);
    out->Add(Ns(DictFormat::kUmls, f[0]), preferred ? str : "", str);
  }
}

// OBO 1.2/1.4 [Term] stanzas: id, name, synonym: "text" SCOPE [...], is_obsolete: true.
namespace {

std::string OboQuoted(std::string_view value, const std::string& path, int line) {
  if (value.empty() || value.front() != '"')
    throw InputError(path, line, "synonym", "expected a quoted string");
  std::string s;
  for (size_t i = 1; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\\' && i + 1 < value.size()) {
      s.push_back(value[++i]);
    } else if (c == '"') {
      return s;
    } else {
      s.push_back(c);
    }
  }
  throw InputError(path, line, "synonym", "unterminated quoted string");
}

struct OboTerm {
  std::string id, name;
  std::vector<std::string> synonyms;
  bool obsolete = false;
  int line = 0;
};

void FlushObo(const std::string& path, OboTerm* t, Dictionary* out) {
  if (t->line == 0) return;
  if (t->id.empty()) throw InputError(path, t->line, "id", "[Term] stanza without an id");
  if (!t->obsolete) {
    if (t->name.empty()) throw InputError(path, t->line, "name", "term " + t->id + " has no name");
    std::string id = Ns(DictFormat::kObo, t->id);
    out->Add(id, t->name, "");
    for (const auto& s : t->synonyms) out->Add(id, "", s);
  }
  *t = OboTerm{};
}

}  // namespace

void LoadObo(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  OboTerm term;
  bool in_term = false;
  while (lines.Next(&line)) {
    line = Trim(line);
    if (line.empty() || line.front() == '!') continue;
    if (line.front() == '[') {
      FlushObo(path, &term, out);
      in_term = line == "[Term]";
      if (in_term) term.line = lines.line_number();
      continue;
    }
    if (!in_term) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos)
      throw InputError(path, lines.line_number(), "tag", "line without 'tag: value'");
    std::string_view tag = line.substr(0, colon);
    std::string_view value = Trim(line.substr(colon + 1));
    if (tag == "id") {
      term.id = std::string(value);
    } else if (tag == "name") {
      term.name = std::string(value);
    } else if (tag == "is_obsolete") {
      term.obsolete = value == "true";
    } else if (tag == "synonym") {
      std::string syn = OboQuoted(value, path, lines.line_number());
      size_t close = value.find('"', 1);
      while (close != std::string_view::npos && value[close - 1] == '\\')
        close = value.find('"', close + 1);
      std::string_view rest = Trim(value.substr(close + 1));
      // BROAD/NARROW synonyms name a different concept; only EXACT and RELATED are aliases.
      if (StartsWith(rest, "EXACT") || StartsWith(rest, "RELATED")) term.synonyms.push_back(syn);
    }
  }
  FlushObo(path, &term, out);
}

// MeSH descriptors, either NLM's ASCII d20xx.bin (*NEWRECORD, MH, ENTRY, PRINT ENTRY, UI) or the
// TSV export with DescriptorUI/DescriptorName/TermName columns.
namespace {

void LoadMeshTsv(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  lines.Next(&line);
  auto header = Split(line, '\t');
  const size_t ui = Column(header, "DescriptorUI", path);
  const size_t name = Column(header, "DescriptorName", path);
  const size_t term = Column(header, "TermName", path);
  const size_t need = std::max({ui, name, term}) + 1;
  while (lines.Next(&line)) {
    if (line.empty()) continue;
    auto f = Split(line, '\t');
    if (f.size() < need)
      throw InputError(path, lines.line_number(), "TermName",
                       "expected " + std::to_string(header.size()) + " tab-separated columns, found " +
                           std::to_string(f.size()));
    if (f[ui].empty()) throw InputError(path, lines.line_number(), "DescriptorUI", "empty");
    out->Add(Ns(DictFormat::kMesh, f[ui]), std::string(f[name]), std::string(f[term]));
  }
}

void LoadMeshAscii(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  std::string mh, ui;
  std::vector<std::string> entries;
  int record_line = 0;
  auto flush = [&] {
    if (record_line == 0) return;
    if (ui.empty()) throw InputError(path, record_line, "UI", "record without a UI");
    if (mh.empty()) throw InputError(path, record_line, "MH", "record " + ui + " has no MH");
    const std::string id = Ns(DictFormat::kMesh, ui);
    out->Add(id, mh, "");
    for (const auto& e : entries) out->Add(id, "", e);
    mh.clear(), ui.clear(), entries.clear();
  };
  while (lines.Next(&line)) {
    if (line == "*NEWRECORD") {
      flush();
      record_line = lines.line_number();
      continue;
    }
    size_t eq = line.find(" = ");
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 3);
    if (key == "MH") {
      mh = std::string(value);
    } else if (key == "UI") {
      ui = std::string(value);
    } else if (key == "ENTRY" || key == "PRINT ENTRY") {
      entries.emplace_back(value.substr(0, value.find('|')));  // the term precedes its flags
    }
  }
  flush();
}

}  // namespace

void LoadMesh(const std::string& path, const std::string& text, Dictionary* out) {
  if (StartsWith(text, "*NEWRECORD")) {
    LoadMeshAscii(path, text, out);
  } else if (StartsWith(text, "DescriptorUI\t")) {
    LoadMeshTsv(path, text, out);
  } else {
    throw InputError(path, 1, "", "unknown MeSH layout (expected ASCII *NEWRECORD or a TSV header "
                                  "starting with DescriptorUI); MeSH XML is not supported");
  }
}

// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
namespace {

bool NextCsvRecord(std::string_view text, size_t* pos, int* line, std::vector<std::string>* fields,
                   const std::string& path) {
  if (*pos >= text.size()) return false;
  fields->assign(1, "");
  const int start_line = ++*line;
  bool quoted = false;
  while (*pos < text.size()) {
    char c = text[(*pos)++];
    if (quoted) {
      if (c == '"') {
        if (*pos < text.size() && text[*pos] == '"') {
          fields->back().push_back('"');
          ++*pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++*line;
        fields->back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields->emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields->back().push_back(c);
    }
  }
  if (quoted) throw InputError(path, start_line, "", "unterminated quoted CSV field");
  return true;
}

}  // namespace

void LoadDrugBank(const std::string& path, const std::string& text, Dictionary* out) {
  size_t pos = 0;
  int line = 0;
  std::vector<std::string> f;
  if (!NextCsvRecord(text, &pos, &line, &f, path)) return;
  std::vector<std::string_view> header(f.begin(), f.end());
  const size_t id_col = Column(header, "DrugBank ID", path);
  const size_t name_col = Column(header, "Common name", path);
  const size_t syn_col = Column(header, "Synonyms", path);
  const size_t need = std::max({id_col, name_col, syn_col}) + 1;
  while (NextCsvRecord(text, &pos, &line, &f, path)) {
    if (f.size() == 1 && f[0].empty()) continue;
    if (f.size() < need)
      throw InputError(path, line, "Synonyms",
                       "expected " + std::to_string(need) + " CSV fields, found " +
                           std::to_string(f.size()));
    if (f[id_col].empty()) throw InputError(path, line, "DrugBank ID", "empty");
    if (f[name_col].empty()) throw InputError(path, line, "Common name", "empty");
    const std::string id = Ns(DictFormat::kDrugBank, f[id_col]);
    out->Add(id, f[name_col], "");
    if (f[syn_col].empty()) continue;
    for (std::string_view s : Split(f[syn_col], '|'))
      if (!Trim(s).empty()) out->Add(id, "", std::string(Trim(s)));
  }
}

// Lexicon TSV with a header: <id column>, term, term_type (label = canonical), optional obsolete.
void LoadLexicon(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  lines.Next(&line);
  auto header = Split(line, '\t');
  const size_t term = Column(header, "term", path);
  const size_t type = Column(header, "term_type", path);
  size_t obsolete = header.size();
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == "obsolete") obsolete = i;
  while (lines.Next(&line)) {
    if (line.empty()) continue;
    auto f = Split(line, '\t');
    if (f.size() < header.size())
      throw InputError(path, lines.line_number(), std::string(header.back()),
                       "expected " + std::to_string(header.size()) +
                           " tab-separated columns, found " + std::to_string(f.size()));
    if (f[0].empty()) throw InputError(path, lines.line_number(), std::string(header[0]), "empty");
    if (f[term].empty()) throw InputError(path, lines.line_number(), "term", "empty");
    if (obsolete < f.size() && (f[obsolete] == "True" || f[obsolete] == "true")) continue;
    const bool label = f[type] == "label";
    out->Add(Ns(DictFormat::kLexicon, f[0]), label ? std::string(f[term]) : "",
             label ? "" : std::string(f[term]));
  }
}

// Simple TSV: id<TAB>canonical[<TAB>synonym...]; '#' starts a comment line.
void LoadTsv(const std::string& path, const std::string& text, Dictionary* out) {
  LineCursor lines(text);
  std::string_view line;
  while (lines.Next(&line)) {
    if (Trim(line).empty() || line.front() == '#') continue;
    auto f = Split(line, '\t');
    if (f.size() < 2)
      throw InputError(path, lines.line_number(), "canonical",
                       "expected id<TAB>canonical[<TAB>synonym...]");
    if (Trim(f[0]).empty()) throw InputError(path, lines.line_number(), "id", "empty");
    if (Trim(f[1]).empty()) throw InputError(path, lines.line_number(), "canonical", "empty");
    const std::string id = Ns(DictFormat::kTsv, Trim(f[0]));
    out->Add(id, std::string(Trim(f[1])), "");
    for (size_t i = 2; i < f.size(); ++i)
      if (!Trim(f[i]).empty()) out->Add(id, "", std::string(Trim(f[i])));
  }
}

}  // namespace clue::metrics::concepts
