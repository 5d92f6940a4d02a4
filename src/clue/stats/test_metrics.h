#pragma once
// Test-only helpers shared by the stats tests: two small metrics with known aggregation and a
// builder for TaskResults. A mean metric (accuracy-like) and a ratio-of-sums metric (the shape of
// corpus BLEU/chrF, whose corpus value is not the mean of sample values).
#include <memory>
#include <string>
#include <vector>

#include "clue/metrics/metric.h"
#include "clue/runner/task_result.h"

namespace clue::stats::testing {

class MeanMetric : public metrics::Metric {
 public:
  explicit MeanMetric(std::string name = "acc") : values_{{std::move(name), 100.0}} {}
  const std::vector<metrics::ValueSpec>& values() const override { return values_; }
  void Score(const metrics::MetricInput&, double*) const override {}

 private:
  std::vector<metrics::ValueSpec> values_;
};

// stats = (numerator, denominator); corpus value = sum(w num) / sum(w den).
class RatioMetric : public metrics::Metric {
 public:
  const std::vector<metrics::ValueSpec>& values() const override { return values_; }
  size_t stat_count() const override { return 2; }
  void Score(const metrics::MetricInput&, double*) const override {}
  void SampleValues(const double* s, double* out) const override { out[0] = s[1] > 0 ? s[0] / s[1] : 0; }
  void CorpusValues(const double* s, size_t n, const double* w, double* out) const override {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; ++i) {
      const double wi = w ? w[i] : 1.0;
      num += wi * s[2 * i];
      den += wi * s[2 * i + 1];
    }
    out[0] = den > 0 ? num / den : 0;
  }

 private:
  std::vector<metrics::ValueSpec> values_{{"ratio", 100.0}};
};

inline runner::MetricBlock Block(std::shared_ptr<const metrics::Metric> m, const std::string& name,
                                 std::vector<double> stats) {
  runner::MetricBlock b;
  b.name = name;
  b.values = m->values();
  b.computed = true;
  b.stat_count = m->stat_count();
  b.impl = std::move(m);
  b.stats = std::move(stats);
  for (size_t r = 0; r < b.stats.size() / b.stat_count; ++r) b.rows.push_back(r);
  return b;
}

// A task with one mean metric "acc" whose per-sample values are `values`; clusters optional.
inline runner::TaskResult MeanTask(const std::string& task, const std::vector<double>& values,
                                   const std::vector<std::string>& clusters = {}) {
  runner::TaskResult t;
  t.task = task;
  for (size_t i = 0; i < values.size(); ++i) {
    runner::SampleRecord s;
    s.id = task + "-" + std::to_string(i);
    if (!clusters.empty()) s.cluster = clusters[i];
    s.values = {{"acc", values[i]}};
    t.samples.push_back(s);
  }
  t.metrics.push_back(Block(std::make_shared<MeanMetric>(), "mean", values));
  t.score_values = {"acc"};
  return t;
}

}  // namespace clue::stats::testing
