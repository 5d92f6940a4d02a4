#pragma once
// The metric interface. A metric turns each sample into a fixed-size vector of sufficient
// statistics, and turns any (weighted) multiset of those vectors into corpus values. Keeping the
// statistics, not the text, is what lets the bootstrap resample corpus BLEU/chrF without re-scoring.
#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::metrics {

// One reported number, e.g. "rougeL_f" or "ACCURACY".
struct ValueSpec {
  std::string name;
  // Multiply a value by this to put it on CLUE's 0-100 scale (100 for fractions, 1 for BLEU/chrF).
  double to_percent = 100.0;
};

// What a metric sees of one sample. Pointers stay valid for the duration of the scoring call.
struct MetricInput {
  std::string_view id;
  std::string_view prediction;             // post-processed model output text
  const nlohmann::json* answer = nullptr;  // parsed answer (null json when the parser found none)
  const nlohmann::json* gold = nullptr;    // the task's gold field, as loaded
  std::span<const std::string> references; // gold as reference text(s), for text metrics
};

class Metric {
 public:
  virtual ~Metric() = default;

  // The values this metric reports, in a fixed order.
  virtual const std::vector<ValueSpec>& values() const = 0;

  // Per-sample sufficient statistics. Defaults to one per value, for metrics whose corpus value
  // is the plain mean of per-sample values.
  virtual size_t stat_count() const { return values().size(); }

  // Scores one sample into stats[0, stat_count()).
  virtual void Score(const MetricInput& in, double* stats) const = 0;

  // Scores many samples (row-major n x stat_count). Returns one error string per sample, empty when
  // fine; a sample with an error gets the error status. The default calls Score() in order and
  // turns an exception from one sample into that sample's error (its stats are zeroed). Override
  // to batch (BERTScore) or call ScoreAllInParallel from an override.
  virtual std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const;

  // A sample's own values from its stats (out has values().size() slots). Default: identity.
  virtual void SampleValues(const double* stats, double* out) const;

  // Corpus values from n samples' stats, sample i counted weights[i] times (weights may be null,
  // meaning 1 each). Default: weighted mean of SampleValues. n == 0 gives NaN.
  virtual void CorpusValues(const double* stats, size_t n, const double* weights, double* out) const;

 protected:
  // ScoreAll's contract on `threads` threads (0 = all cores), for metrics whose Score() is
  // thread-safe.
  std::vector<std::string> ScoreAllInParallel(std::span<const MetricInput> in, double* stats,
                                              unsigned threads) const;

  // Sums n samples' stats, sample i counted weights[i] times (null = 1 each), into sum
  // (stat_count() slots); returns the total weight. Corpus metrics (BLEU, chrF) score the sum.
  double WeightedStatSum(const double* stats, size_t n, const double* weights, double* sum) const;
};

// Why a configured metric could not run here (a missing model or dictionary). Such a metric is
// reported as "not computed": never as 0, never as another metric's number.
struct NotComputed {
  std::string reason;
};

// Settings that come from outside the task file: CLI flags and environment, e.g.
// "bertscore.model" -> a model directory. Keys are namespaced by metric.
struct MetricContext {
  std::map<std::string, std::string> settings;
  std::string profile;  // active task profile (e.g. "clue-2024"), for profile-dependent defaults

  const std::string* Find(const std::string& key) const;
};

using MetricOrReason = std::variant<std::unique_ptr<Metric>, NotComputed>;

}  // namespace clue::metrics
