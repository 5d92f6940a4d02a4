#pragma once
// BLEU exactly as sacrebleu 2.x (metrics/bleu.py): sentence and corpus BLEU from per-sample
// sufficient statistics, 13a/intl/none tokenizers, exp/floor/add-k/none smoothing, effective
// order, multiple references (closest reference length, max n-gram count over references) and
// the reproducibility signature.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"
#include "clue/metrics/sacrebleu_tokenizer.h"

namespace clue::metrics {

// The sacrebleu release whose behaviour (and signature "version:" field) this reproduces.
inline constexpr const char* kSacrebleuVersion = "2.6.0";

enum class BleuSmooth { kExp, kFloor, kAddK, kNone };

struct BleuOptions {
  BleuTokenizer tokenizer = BleuTokenizer::k13a;
  bool lowercase = false;
  BleuSmooth smooth = BleuSmooth::kExp;
  double smooth_value = -1;  // < 0: sacrebleu's default for the method (floor 0.1, add-k 1)
  int max_ngram_order = 4;
  bool effective_order = false;  // for corpus BLEU; sentence BLEU always uses true
};

struct BleuResult {
  double score = 0, bp = 0;
  std::vector<double> counts, totals, precisions;
  double sys_len = 0, ref_len = 0;
};

// BLEU.compute_bleu. counts/totals are copied (add-k adjusts them, as sacrebleu does).
BleuResult ComputeBleu(std::span<const double> correct, std::span<const double> total,
                       double sys_len, double ref_len, BleuSmooth smooth, double smooth_value,
                       bool effective_order, int max_ngram_order);

// Sufficient statistics of one segment: [sys_len, ref_len, correct[N], total[N]].
void BleuSegmentStats(std::string_view hypothesis, std::span<const std::string> references,
                      const BleuOptions& opt, double* stats);

// The "bleu" metric. Options: tokenize, lowercase, smooth_method, smooth_value,
// max_ngram_order, effective_order. Value "bleu" (0-100): per sample the sentence BLEU with
// effective order; the corpus value is corpus BLEU over the summed statistics.
class BleuMetric : public Metric {
 public:
  BleuMetric(const nlohmann::json& options, const MetricContext& ctx);
  const std::vector<ValueSpec>& values() const override { return values_; }
  size_t stat_count() const override { return 2 + 2 * static_cast<size_t>(opt_.max_ngram_order); }
  void Score(const MetricInput& in, double* stats) const override;
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override;
  void SampleValues(const double* stats, double* out) const override;
  void CorpusValues(const double* stats, size_t n, const double* weights,
                    double* out) const override;

  // Full score details from (summed) statistics.
  BleuResult FromStats(const double* stats, bool effective_order) const;
  // e.g. "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0". nrefs: "1", "var", ...
  std::string Signature(const std::string& nrefs, bool effective_order) const;
  const BleuOptions& options() const { return opt_; }

 private:
  BleuOptions opt_;
  std::vector<ValueSpec> values_;
  unsigned threads_;
};

MetricOrReason MakeBleu(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
