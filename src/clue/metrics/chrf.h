#pragma once
// chrF / chrF++ exactly as sacrebleu 2.x (metrics/chrf.py): character n-grams (whitespace
// removed by default) plus optional word n-grams with chrF's punctuation splitting, per-order
// [hyp, ref, match] statistics from the best-scoring reference, and the effective-order F-beta
// (or, with eps_smoothing, chrF++.py's epsilon smoothing).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

struct ChrfOptions {
  int char_order = 6;
  int word_order = 0;
  int beta = 2;
  bool lowercase = false;
  bool whitespace = false;
  bool eps_smoothing = false;
};

// CHRF._compute_f_score over 3 * (char_order + word_order) statistics.
double ChrfFScore(const double* stats, const ChrfOptions& opt);

// Statistics of one segment against its best reference (the first on ties).
void ChrfSegmentStats(std::string_view hypothesis, std::span<const std::string> references,
                      const ChrfOptions& opt, double* stats);

// The "chrf" metric (and "chrf++", whose word_order defaults to 2). Options: char_order,
// word_order, beta, lowercase, whitespace, eps_smoothing. One value named after the metric
// (0-100); the corpus value comes from the summed statistics.
class ChrfMetric : public Metric {
 public:
  ChrfMetric(const std::string& name, const nlohmann::json& options, const MetricContext& ctx);
  const std::vector<ValueSpec>& values() const override { return values_; }
  size_t stat_count() const override {
    return 3 * static_cast<size_t>(opt_.char_order + opt_.word_order);
  }
  void Score(const MetricInput& in, double* stats) const override;
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override;
  void SampleValues(const double* stats, double* out) const override;
  void CorpusValues(const double* stats, size_t n, const double* weights,
                    double* out) const override;
  // e.g. "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
  std::string Signature(const std::string& nrefs) const;
  const ChrfOptions& options() const { return opt_; }

 private:
  ChrfOptions opt_;
  std::vector<ValueSpec> values_;
  unsigned threads_;
};

MetricOrReason MakeChrf(const nlohmann::json& options, const MetricContext& ctx);
MetricOrReason MakeChrfPlusPlus(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
