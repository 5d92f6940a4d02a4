#pragma once
// ROUGE exactly as Google's rouge-score 0.1.2 (rouge_scorer.py): rouge1..rouge9, rougeL (LCS over
// the whole text) and rougeLsum (union LCS over '\n'-separated sentences), precision / recall /
// F1, optional Porter stemming, and score_multi's best-F-per-type over several references.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

struct RougeScore {
  double precision = 0;
  double recall = 0;
  double fmeasure = 0;
};

class RougeScorer {
 public:
  // types: "rouge1".."rouge9", "rougeL", "rougeLsum". Throws std::invalid_argument otherwise
  // (rouge-score rejects "rouge0", "rouge10", "rougen" too).
  RougeScorer(std::vector<std::string> types, bool use_stemmer);

  const std::vector<std::string>& types() const { return types_; }
  bool use_stemmer() const { return use_stemmer_; }

  // rouge-score's score(target, prediction); out[k] belongs to types()[k].
  void Score(std::string_view target, std::string_view prediction, RougeScore* out) const;

  // score_multi: per type, the reference with the highest F (the first on ties).
  // Throws std::invalid_argument when targets is empty.
  void ScoreMulti(std::span<const std::string> targets, std::string_view prediction,
                  RougeScore* out) const;

 private:
  void ScoreViews(const std::string_view* targets, size_t n, std::string_view prediction,
                  RougeScore* out) const;

  std::vector<std::string> types_;
  std::vector<int> kinds_;  // n for rougeN, 0 for rougeL, -1 for rougeLsum
  bool use_stemmer_;
};

// The "rouge" metric. Options: {"types": [...], "stem": bool} ("use_stemmer" also accepted).
// Values per type t: t_p, t_r, t_f (fractions; to_percent 100). Corpus value: the mean.
class RougeMetric : public Metric {
 public:
  RougeMetric(const nlohmann::json& options, const MetricContext& ctx);
  const std::vector<ValueSpec>& values() const override { return values_; }
  void Score(const MetricInput& in, double* stats) const override;
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override;
  const RougeScorer& scorer() const { return scorer_; }

 private:
  RougeScorer scorer_;
  std::vector<ValueSpec> values_;
  unsigned threads_;
};

MetricOrReason MakeRouge(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
