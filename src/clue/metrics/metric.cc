#include "clue/metrics/metric.h"

#include "clue/metrics/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace clue::metrics {

namespace {

// Scores sample i, turning an exception into its error so one bad sample never stops a run.
void ScoreOne(const Metric& m, const MetricInput& in, double* row, size_t k, std::string& error) {
  try {
    m.Score(in, row);
  } catch (const std::exception& e) {
    std::fill(row, row + k, 0.0);
    error = e.what();
  }
}

}  // namespace

std::vector<std::string> Metric::ScoreAll(std::span<const MetricInput> in, double* stats) const {
  const size_t k = stat_count();
  std::vector<std::string> errors(in.size());
  for (size_t i = 0; i < in.size(); ++i) ScoreOne(*this, in[i], stats + i * k, k, errors[i]);
  return errors;
}

std::vector<std::string> Metric::ScoreAllInParallel(std::span<const MetricInput> in, double* stats,
                                                    unsigned threads) const {
  const size_t k = stat_count();
  std::vector<std::string> errors(in.size());
  ParallelFor(in.size(), threads, [&](size_t i) { ScoreOne(*this, in[i], stats + i * k, k, errors[i]); });
  return errors;
}

void Metric::SampleValues(const double* stats, double* out) const {
  for (size_t j = 0; j < values().size(); ++j) out[j] = stats[j];
}

void Metric::CorpusValues(const double* stats, size_t n, const double* weights, double* out) const {
  const size_t k = stat_count();
  const size_t v = values().size();
  std::vector<double> sums(v, 0.0), one(v);
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = weights ? weights[i] : 1.0;
    if (w == 0) continue;
    SampleValues(stats + i * k, one.data());
    for (size_t j = 0; j < v; ++j) sums[j] += w * one[j];
    total += w;
  }
  for (size_t j = 0; j < v; ++j)
    out[j] = total > 0 ? sums[j] / total : std::numeric_limits<double>::quiet_NaN();
}

double Metric::WeightedStatSum(const double* stats, size_t n, const double* weights,
                               double* sum) const {
  const size_t k = stat_count();
  std::fill(sum, sum + k, 0.0);
  double total_weight = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = weights ? weights[i] : 1.0;
    total_weight += w;
    for (size_t j = 0; j < k; ++j) sum[j] += w * stats[i * k + j];
  }
  return total_weight;
}

const std::string* MetricContext::Find(const std::string& key) const {
  auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

}  // namespace clue::metrics
