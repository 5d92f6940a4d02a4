#pragma once
// Rendering of paired comparisons: two runs (`clue compare A B`) and model families
// (`clue compare --families f.yaml`, the CLUE paper's biomedical-vs-base table).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/report/grid.h"
#include "clue/stats/paired.h"

namespace clue::report {

// "+1.23" style numbers, "<0.001" style p-values, "[-1.00, 2.50]" intervals; "-" for NaN.
std::string Signed(double x);
std::string PValue(double p);
std::string CiText(const stats::ValueInterval& v);

Grid ComparisonTable(const stats::RunComparison& c);
nlohmann::json ComparisonJson(const stats::RunComparison& c);
// One sentence per level, e.g. "L1: A is worse than B (Δ -15.17, 95% CI [...], Holm p 0.002)".
std::vector<std::string> Verdicts(const stats::RunComparison& c);

// The family table: one row per (biomedical, base) pair.
struct FamilyComparison {
  double alpha = 0.05;
  std::vector<stats::RunComparison> pairs;  // label_a = biomedical, label_b = base
  std::vector<std::string> levels;          // level names in column order
  std::vector<std::string> entries;         // task entry names in column order
  // Per level, per pair: the level p-value Holm-adjusted across pairs, and the verdict from it.
  std::vector<std::vector<double>> level_p_adj;
  std::vector<std::vector<std::string>> level_verdict;
};

FamilyComparison CompareFamilies(std::vector<stats::RunComparison> pairs, double alpha);
Grid FamilyTable(const FamilyComparison& f);
nlohmann::json FamilyJson(const FamilyComparison& f);

}  // namespace clue::report
