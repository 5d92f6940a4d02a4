#pragma once
// Concept dictionaries: each concept has a namespaced id, one canonical name and its synonyms.
// Loaders read the common open/licensed vocabulary formats as distributed (gzip or plain).
#include <string>
#include <unordered_map>
#include <vector>

namespace clue::metrics::concepts {

struct Concept {
  std::string id;         // "<source>:<raw id>", e.g. "mesh:D003924", "obo:DOID:9352"
  std::string canonical;  // the preferred name; what entity_f1 compares by default
  std::vector<std::string> synonyms;  // other names (may repeat the canonical; the index dedupes)
};

enum class DictFormat { kAuto, kUmls, kObo, kMesh, kDrugBank, kLexicon, kTsv };

const char* FormatName(DictFormat f);

class Dictionary {
 public:
  // Adds a name to concept `id` (created on first sight). The first canonical seen wins; a later
  // non-empty canonical for a concept that has none fills it in.
  void Add(const std::string& id, const std::string& canonical, const std::string& synonym);
  // Merges another dictionary in (same id = same concept).
  void Merge(const Dictionary& other);

  const std::vector<Concept>& concepts() const { return concepts_; }
  size_t size() const { return concepts_.size(); }
  size_t name_count() const;  // canonical + synonyms, before deduplication
  const Concept* Find(const std::string& id) const;

  // Concepts that never got a canonical name take their first synonym (call after loading).
  void FillMissingCanonicals();

 private:
  std::vector<Concept> concepts_;
  std::unordered_map<std::string, size_t> by_id_;
};

// Which format a file is in, from its name and its first line.
DictFormat DetectFormat(const std::string& path, const std::string& first_line);

// Loads one dictionary. `spec` is "path" or "<format>:path" (format = umls|obo|mesh|drugbank|
// lexicon|tsv). Ids are namespaced by the format name. Throws data::InputError naming
// file:line: field: problem for malformed input.
Dictionary LoadDictionary(const std::string& spec);

// Parses already-read text of a file in `format` (kAuto: detected).
Dictionary ParseDictionary(DictFormat format, const std::string& path, const std::string& text);

// Splits a spec into format and path (format kAuto when none is given).
void ParseDictSpec(const std::string& spec, DictFormat* format, std::string* path);

// Per-format loaders over already-read text (path is only used in error messages).
void LoadUmls(const std::string& path, const std::string& text, Dictionary* out);
void LoadObo(const std::string& path, const std::string& text, Dictionary* out);
void LoadMesh(const std::string& path, const std::string& text, Dictionary* out);
void LoadDrugBank(const std::string& path, const std::string& text, Dictionary* out);
void LoadLexicon(const std::string& path, const std::string& text, Dictionary* out);
void LoadTsv(const std::string& path, const std::string& text, Dictionary* out);

}  // namespace clue::metrics::concepts
