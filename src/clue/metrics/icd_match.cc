#include "clue/metrics/icd_match.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "clue/metrics/icd_codes.h"

namespace clue::metrics {
namespace {

struct Prf {
  double p = 0, r = 0, f = 0;
};

// CLUE's P/R/F1 over two containers: membership tests count every element of each side.
template <typename C>
Prf PrfOf(const C& preds, const C& gold) {
  Prf out;
  auto in = [](const C& c, const std::string& x) { return std::find(c.begin(), c.end(), x) != c.end(); };
  if (!preds.empty()) {
    size_t hit = 0;
    for (const auto& p : preds) hit += in(gold, p);
    out.p = static_cast<double>(hit) / preds.size();
  }
  size_t found = 0;
  for (const auto& g : gold) found += in(preds, g);
  out.r = static_cast<double>(found) / gold.size();  // gold is never empty (GoldIcdCodes)
  out.f = out.p + out.r == 0 ? 0.0 : 2 * out.p * out.r / (out.p + out.r);
  return out;
}

std::set<std::string> Prefixes(const std::vector<std::string>& codes) {
  std::set<std::string> out;
  for (const auto& c : codes) out.insert(c.substr(0, 3));
  return out;
}

class IcdMatch : public Metric {
 public:
  const std::vector<ValueSpec>& values() const override {
    static const std::vector<ValueSpec> v = {{"ICD_EM_P", 100.0},  {"ICD_EM_R", 100.0},
                                             {"ICD_EM_F1", 100.0}, {"ICD_AP_P", 100.0},
                                             {"ICD_AP_R", 100.0},  {"ICD_AP_F1", 100.0}};
    return v;
  }

  void Score(const MetricInput& in, double* stats) const override {
    if (in.gold == nullptr) throw std::invalid_argument("icd_match: no gold codes");
    const std::vector<std::string> gold = GoldIcdCodes(*in.gold);
    const std::vector<std::string> preds = ParseIcdCodes(in.prediction);
    const Prf em = PrfOf(preds, gold);
    const Prf ap = PrfOf(Prefixes(preds), Prefixes(gold));
    const double vals[6] = {em.p, em.r, em.f, ap.p, ap.r, ap.f};
    std::copy(vals, vals + 6, stats);
  }

};

}  // namespace

MetricOrReason MakeIcdMatch(const nlohmann::json& options, const MetricContext&) {
  if (!options.is_null() && !options.empty())
    throw std::invalid_argument("icd_match takes no options");
  return std::make_unique<IcdMatch>();
}

}  // namespace clue::metrics
