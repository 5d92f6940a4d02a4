#pragma once
// A task's metric values and score as a function of per-cluster weights. Every resampling scheme
// (bootstrap multiplicities, jackknife deletions, permutation swaps of a stacked pair of runs) is
// a weight vector over clusters, so one estimator serves them all without copying samples or text.
//
// Metrics whose corpus value is the weighted mean of per-sample values (accuracy, ROUGE,
// BERTScore, ...) are detected once by probing CorpusValues with random weights, and are then
// evaluated from per-cluster sums: O(clusters) per resample. Other metrics (corpus BLEU, chrF)
// get per-row weights and their own CorpusValues, i.e. their sufficient statistics are resampled.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clue/runner/task_result.h"
#include "clue/stats/draws.h"
#include "clue/stats/resample.h"

namespace clue::stats {

// The resampling unit of a sample. Samples with the same key are resampled together.
using ClusterKeyFn = std::function<std::string(const runner::SampleRecord&)>;

// SampleRecord::cluster, or the sample id when it has none (the default).
std::string ClusterOrSample(const runner::SampleRecord& s);
// Always the sample id: plain sample-level resampling, ignoring declared clusters.
std::string SampleOnly(const runner::SampleRecord& s);
// The key for a CLI choice: by = "cluster" (default) or "sample"; a non-empty `pattern` (ECMAScript
// regex) makes it coarser: the key becomes the first capture group of the cluster key, e.g.
// "^(patient_[0-9]+)" to resample LongHealth by patient. A key the pattern does not match throws.
ClusterKeyFn MakeClusterKey(const std::string& by, const std::string& pattern);

// Anything that maps per-cluster weights to a fixed list of outputs; the bootstrap runs on it.
class WeightedStatistic {
 public:
  virtual ~WeightedStatistic() = default;
  virtual size_t clusters() const = 0;
  virtual const std::vector<std::string>& output_names() const = 0;
  size_t outputs() const { return output_names().size(); }
  // out[outputs()]; cw[clusters()] = weight of each cluster, or null for all ones.
  // scratch is reused between calls to avoid allocation in the resampling loop.
  virtual void Evaluate(const double* cw, double* out, std::vector<double>& scratch) const = 0;
  // Leave-one-cluster-out values: out becomes clusters() x outputs(), row-major.
  virtual void Jackknife(std::vector<double>& out) const;
  // One bootstrap resample drawn straight from rng, with the same draws DrawMultiplicities would
  // make, for statistics that can skip the weight vector; false = not supported, use weights.
  virtual bool EvaluateResample(Rng& rng, double* out, std::vector<double>& scratch) const {
    return false;
  }
};

class TaskEstimator : public WeightedStatistic {
 public:
  // Only samples that count toward scores (runner::CountsTowardScores) take part.
  TaskEstimator(const runner::TaskResult& task, const ClusterKeyFn& key = ClusterOrSample);

  size_t clusters() const override { return cluster_names_.size(); }
  const std::vector<std::string>& cluster_names() const { return cluster_names_; }
  // Computed metric values by name, then "score" last. All outputs are on the 0-100 scale.
  const std::vector<std::string>& output_names() const override { return output_names_; }
  size_t score_index() const { return output_names_.size() - 1; }
  bool all_linear() const;

  void Evaluate(const double* cw, double* out, std::vector<double>& scratch) const override;
  // Linear tasks take a shortcut: leave-one-out sums are totals minus one cluster's sums.
  void Jackknife(std::vector<double>& out) const override;
  // Linear, ungrouped tasks: each draw adds one precomputed cluster row (values and counts).
  bool EvaluateResample(Rng& rng, double* out, std::vector<double>& scratch) const override;

 private:
  struct Block {
    // Copies, not pointers: the estimator outlives the TaskResult it was built from.
    std::string name;
    std::vector<metrics::ValueSpec> specs;
    std::shared_ptr<const metrics::Metric> impl;
    size_t nv = 0;          // values reported
    size_t out_offset = 0;  // first output index
    bool linear = false;
    // Linear: clusters x (nv + 1) sums of sample values with the row count last.
    std::vector<double> sums;
    // Non-linear: the block's stats restricted to counted rows, and each row's cluster.
    std::vector<double> stats;
    std::vector<uint32_t> row_cluster;
    std::vector<double> row_weight;  // runner::RowWeights of each kept row
  };

  void BuildBlock(const runner::TaskResult& task, const runner::MetricBlock& mb,
                  const std::vector<int64_t>& sample_cluster);
  static bool ProbeLinear(const runner::MetricBlock& mb, const std::vector<double>& stats, size_t n);
  // Values of `block` into vals[nv] (percent).
  void BlockValues(const Block& b, const double* cw, double* vals, std::vector<double>& scratch) const;
  double Score(const double* values) const;
  void BuildFastPath();

  std::vector<std::string> cluster_names_;
  std::vector<std::string> output_names_;
  std::vector<Block> blocks_;
  std::vector<size_t> score_outputs_;  // output indices averaged into the score
  // Fast path: clusters x fast_stride_ row-major (fast_width_ columns used, zero padding);
  // each block's values start at fast_value_col_ and its row count sits at fast_count_col_
  // (blocks with identical counts share one column).
  RowMatrix fast_;
  size_t fast_width_ = 0, fast_stride_ = 0;
  std::vector<size_t> fast_value_col_, fast_count_col_;
};

}  // namespace clue::stats
