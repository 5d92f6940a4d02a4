#include "clue/report/compare_report.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "clue/stats/significance.h"

namespace clue::report {
namespace {

using nlohmann::json;

json Num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

const stats::Comparison* FindRow(const std::vector<stats::Comparison>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return &r;
  return nullptr;
}

std::string LevelWords(const std::string& name) {
  // "L2" -> "Level 2" in the count line, other names as they are.
  if (name.size() == 2 && name[0] == 'L' && std::isdigit(static_cast<unsigned char>(name[1])))
    return "Level " + name.substr(1);
  return name;
}

json RowJson(const stats::Comparison& r) {
  json j = {{"name", r.name}, {"a", Num(r.a)}, {"b", Num(r.b)}, {"diff", Num(r.diff)},
            {"p", Num(r.p)}, {"p_adjusted", Num(r.p_adj)}, {"p_method", r.p_method},
            {"n", r.n}, {"clusters", r.clusters}, {"dropped", r.dropped}, {"verdict", r.verdict}};
  j["ci"] = std::isnan(r.diff) ? json(nullptr) : stats::CiJson(r.ci);
  j["mcnemar"] = std::isnan(r.mcnemar_p)
                     ? json(nullptr)
                     : json{{"a_only", r.a_only}, {"b_only", r.b_only}, {"p", Num(r.mcnemar_p)},
                            {"p_adjusted", Num(r.mcnemar_p_adj)}};
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace

std::string Signed(double x) { return std::isfinite(x) ? fmt::format("{:+.2f}", x) : "-"; }

std::string PValue(double p) {
  if (!std::isfinite(p)) return "-";
  return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p);
}

std::string CiText(const stats::ValueInterval& v) {
  if (!std::isfinite(v.bca.low) || !std::isfinite(v.bca.high)) return "-";
  return fmt::format("[{:+.2f}, {:+.2f}]", v.bca.low, v.bca.high);
}

Grid ComparisonTable(const stats::RunComparison& c) {
  Grid t;
  t.title = "A = " + c.label_a + ", B = " + c.label_b;
  t.header = {"Task", "A", "B", "\xCE\x94 (A-B)", fmt::format("{:g}% CI", 100 * c.level), "p (Holm)",
              "McNemar p (Holm)", "Verdict"};
  auto add = [&](const stats::Comparison& r) {
    auto fixed = [](double x) { return std::isfinite(x) ? fmt::format("{:.2f}", x) : "-"; };
    t.rows.push_back({r.name, fixed(r.a), fixed(r.b), Signed(r.diff), CiText(r.ci), PValue(r.p_adj),
                      PValue(r.mcnemar_p_adj), r.note.empty() ? r.verdict : r.note});
  };
  for (const auto& r : c.entries) add(r);
  for (const auto& r : c.levels) add(r);
  t.notes.push_back(fmt::format(
      "\xCE\x94 in points; CI: paired BCa bootstrap over clusters (B = {}); p: sign-flip permutation "
      "test over clusters (R = {}), Holm-adjusted across the {} task rows and separately across the "
      "levels; \xCE\xB1 = {:g}.",
      c.resamples, c.permutations,
      std::count_if(c.entries.begin(), c.entries.end(), [](const auto& r) { return std::isfinite(r.p); }),
      c.alpha));
  for (const auto& v : Verdicts(c)) t.notes.push_back(v);
  return t;
}

std::vector<std::string> Verdicts(const stats::RunComparison& c) {
  std::vector<std::string> out;
  for (const auto& r : c.levels) {
    if (!r.note.empty()) {
      out.push_back(r.name + ": " + r.note);
      continue;
    }
    if (r.verdict == "not compared") {
      out.push_back(r.name + ": not compared (no score)");
      continue;
    }
    const std::string what = r.verdict == "better"  ? "A is better than B"
                             : r.verdict == "worse" ? "A is worse than B"
                                                    : fmt::format("no detectable difference at \xCE\xB1 = {:g}", c.alpha);
    out.push_back(fmt::format("{}: {} (\xCE\x94 {}, {:g}% CI {}, Holm p {})", r.name, what, Signed(r.diff),
                              100 * c.level, CiText(r.ci), PValue(r.p_adj)));
  }
  return out;
}

json ComparisonJson(const stats::RunComparison& c) {
  json j = {{"a", c.label_a}, {"b", c.label_b}, {"alpha", c.alpha}, {"level", c.level},
            {"resamples", c.resamples}, {"permutations", c.permutations},
            {"entries", json::array()}, {"levels", json::array()}};
  for (const auto& r : c.entries) j["entries"].push_back(RowJson(r));
  for (const auto& r : c.levels) j["levels"].push_back(RowJson(r));
  return j;
}

FamilyComparison CompareFamilies(std::vector<stats::RunComparison> pairs, double alpha) {
  FamilyComparison f;
  f.alpha = alpha;
  f.pairs = std::move(pairs);
  for (const auto& p : f.pairs) {
    for (const auto& r : p.levels)
      if (std::find(f.levels.begin(), f.levels.end(), r.name) == f.levels.end()) f.levels.push_back(r.name);
    for (const auto& r : p.entries)
      if (std::find(f.entries.begin(), f.entries.end(), r.name) == f.entries.end()) f.entries.push_back(r.name);
  }
  // Each level's claim ("k of m worse") is a family of m tests: Holm across the pairs.
  for (const auto& level : f.levels) {
    std::vector<double> p;
    for (const auto& pair : f.pairs) {
      const auto* r = FindRow(pair.levels, level);
      p.push_back(r ? r->p : NAN);
    }
    const auto adj = stats::HolmAdjust(p);
    std::vector<std::string> verdicts;
    for (size_t i = 0; i < f.pairs.size(); ++i) {
      const auto* r = FindRow(f.pairs[i].levels, level);
      verdicts.push_back(stats::Verdict(r ? r->diff : NAN, adj[i], alpha));
    }
    f.level_p_adj.push_back(adj);
    f.level_verdict.push_back(verdicts);
  }
  return f;
}

Grid FamilyTable(const FamilyComparison& f) {
  Grid t;
  t.title = "Biomedical minus base (points)";
  t.header = {"Biomedical", "Base"};
  for (const auto& l : f.levels) t.header.push_back("\xCE\x94" + l + " [95% CI]");
  for (const auto& l : f.levels) t.header.push_back("p " + l + " (Holm)");
  for (const auto& e : f.entries) t.header.push_back("\xCE\x94 " + e);
  for (size_t i = 0; i < f.pairs.size(); ++i) {
    const auto& p = f.pairs[i];
    std::vector<std::string> row = {p.label_a, p.label_b};
    for (const auto& l : f.levels) {
      const auto* r = FindRow(p.levels, l);
      row.push_back(r && std::isfinite(r->diff) ? Signed(r->diff) + " " + CiText(r->ci) : "-");
    }
    for (size_t li = 0; li < f.levels.size(); ++li) row.push_back(PValue(f.level_p_adj[li][i]));
    for (const auto& e : f.entries) {
      const auto* r = FindRow(p.entries, e);
      // '*' marks a task difference significant after Holm across that pair's tasks.
      row.push_back(r && std::isfinite(r->diff) ? Signed(r->diff) + (r->p_adj < f.alpha ? "*" : "") : "-");
    }
    t.rows.push_back(row);
  }
  for (size_t li = 0; li < f.levels.size(); ++li) {
    size_t worse = 0, better = 0, compared = 0;
    for (const auto& v : f.level_verdict[li]) {
      worse += v == "worse";
      better += v == "better";
      compared += v != "not compared";
    }
    t.notes.push_back(fmt::format("{} of {} significantly worse on {}, {} significantly better "
                                  "(Holm across pairs, \xCE\xB1 = {:g}).",
                                  worse, compared, LevelWords(f.levels[li]), better, f.alpha));
  }
  if (!f.pairs.empty())
    t.notes.push_back(fmt::format("CIs: paired BCa bootstrap (B = {}); p: sign-flip permutation test (R = {}); "
                                  "* = task difference significant after Holm across the pair's tasks.",
                                  f.pairs[0].resamples, f.pairs[0].permutations));
  return t;
}

json FamilyJson(const FamilyComparison& f) {
  json j = {{"alpha", f.alpha}, {"levels", f.levels}, {"entries", f.entries}, {"pairs", json::array()},
            {"counts", json::object()}};
  for (size_t i = 0; i < f.pairs.size(); ++i) {
    json pj = ComparisonJson(f.pairs[i]);
    pj["biomedical"] = f.pairs[i].label_a;
    pj["base"] = f.pairs[i].label_b;
    for (size_t li = 0; li < f.levels.size(); ++li)
      pj["family_level_tests"][f.levels[li]] = {{"p_adjusted_across_pairs", Num(f.level_p_adj[li][i])},
                                                {"verdict", f.level_verdict[li][i]}};
    j["pairs"].push_back(pj);
  }
  for (size_t li = 0; li < f.levels.size(); ++li) {
    json c = {{"worse", 0}, {"better", 0}, {"no_difference", 0}, {"not_compared", 0}};
    for (const auto& v : f.level_verdict[li]) {
      const char* key = v == "worse" ? "worse" : v == "better" ? "better"
                      : v == "not compared" ? "not_compared" : "no_difference";
      c[key] = c[key].get<int>() + 1;
    }
    j["counts"][f.levels[li]] = c;
  }
  return j;
}

}  // namespace clue::report
