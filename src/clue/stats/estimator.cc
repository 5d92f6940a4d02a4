#include "clue/stats/estimator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <regex>
#include <stdexcept>
#include <unordered_map>

#include "clue/runner/scorer.h"
#include "clue/stats/draws.h"
#include "clue/stats/resample.h"

namespace clue::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Close(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

}  // namespace

std::string ClusterOrSample(const runner::SampleRecord& s) {
  return s.cluster.empty() ? s.id : s.cluster;
}

std::string SampleOnly(const runner::SampleRecord& s) { return s.id; }

ClusterKeyFn MakeClusterKey(const std::string& by, const std::string& pattern) {
  if (by != "cluster" && by != "sample")
    throw std::invalid_argument("--cluster-by must be 'cluster' or 'sample', not '" + by + "'");
  ClusterKeyFn base = by == "sample" ? ClusterKeyFn(SampleOnly) : ClusterKeyFn(ClusterOrSample);
  if (pattern.empty()) return base;
  auto re = std::make_shared<const std::regex>(pattern);
  if (re->mark_count() < 1) throw std::invalid_argument("--cluster-pattern needs a capture group");
  return [base, re, pattern](const runner::SampleRecord& s) {
    const std::string key = base(s);
    std::smatch m;
    if (!std::regex_search(key, m, *re))
      throw std::invalid_argument("sample " + s.id + ": key '" + key + "' does not match --cluster-pattern '" +
                                  pattern + "'");
    return m[1].str();
  };
}

TaskEstimator::TaskEstimator(const runner::TaskResult& task, const ClusterKeyFn& key) {
  std::unordered_map<std::string, uint32_t> cluster_index;
  std::vector<int64_t> sample_cluster(task.samples.size(), -1);
  for (size_t i = 0; i < task.samples.size(); ++i) {
    const auto& s = task.samples[i];
    if (!runner::CountsTowardScores(s.status)) continue;
    auto [it, fresh] = cluster_index.emplace(key(s), static_cast<uint32_t>(cluster_names_.size()));
    if (fresh) cluster_names_.push_back(it->first);
    sample_cluster[i] = it->second;
  }
  for (const auto& mb : task.metrics)
    if (mb.computed && mb.impl) BuildBlock(task, mb, sample_cluster);
  for (const auto& name : task.score_values)
    for (size_t o = 0; o < output_names_.size(); ++o)
      if (output_names_[o] == name) score_outputs_.push_back(o);
  output_names_.push_back("score");
  BuildFastPath();
}

void TaskEstimator::BuildFastPath() {
  if (!all_linear() || clusters() == 0 || blocks_.empty()) return;
  const size_t nc = clusters();
  std::vector<std::vector<double>> count_cols;
  std::vector<size_t> count_index;
  for (const auto& b : blocks_) {
    fast_value_col_.push_back(fast_width_);
    fast_width_ += b.nv;
    std::vector<double> counts(nc);
    for (size_t c = 0; c < nc; ++c) counts[c] = b.sums[c * (b.nv + 1) + b.nv];
    size_t k = 0;
    while (k < count_cols.size() && count_cols[k] != counts) ++k;
    if (k == count_cols.size()) count_cols.push_back(std::move(counts));
    count_index.push_back(k);
  }
  for (size_t k : count_index) fast_count_col_.push_back(fast_width_ + k);
  fast_width_ += count_cols.size();
  fast_stride_ = (fast_width_ + 3) / 4 * 4;  // SumDrawnRows reads rows four doubles at a time
  fast_.assign(nc * fast_stride_, 0.0);
  for (size_t bi = 0; bi < blocks_.size(); ++bi) {
    const auto& b = blocks_[bi];
    for (size_t c = 0; c < nc; ++c)
      for (size_t j = 0; j < b.nv; ++j) fast_[c * fast_stride_ + fast_value_col_[bi] + j] = b.sums[c * (b.nv + 1) + j];
  }
  for (size_t k = 0; k < count_cols.size(); ++k)
    for (size_t c = 0; c < nc; ++c) fast_[c * fast_stride_ + fast_width_ - count_cols.size() + k] = count_cols[k][c];
}

bool TaskEstimator::EvaluateResample(Rng& rng, double* out, std::vector<double>& scratch) const {
  if (fast_.empty()) return false;
  const size_t nc = clusters();
  IndexDrawer draw(rng, static_cast<uint32_t>(nc));
  scratch.resize(fast_width_);
  double* acc = scratch.data();
  SumDrawnRows(draw, nc, fast_.data(), fast_stride_, fast_width_, acc);
  for (size_t bi = 0; bi < blocks_.size(); ++bi) {
    const auto& b = blocks_[bi];
    const double den = acc[fast_count_col_[bi]];
    for (size_t j = 0; j < b.nv; ++j)
      out[b.out_offset + j] = den > 0 ? acc[fast_value_col_[bi] + j] / den * b.specs[j].to_percent : kNaN;
  }
  out[score_index()] = Score(out);
  return true;
}

bool TaskEstimator::ProbeLinear(const runner::MetricBlock& mb, const std::vector<double>& stats,
                                size_t n) {
  const auto& m = *mb.impl;
  const size_t k = m.stat_count(), nv = m.values().size();
  if (n == 0) return true;
  std::vector<double> sv(n * nv);
  for (size_t r = 0; r < n; ++r) m.SampleValues(&stats[r * k], &sv[r * nv]);
  Rng rng(0x5eed);
  std::vector<double> w(n), got(nv), want(nv);
  for (int trial = 0; trial < 2; ++trial) {
    double total = 0;
    for (auto& x : w) total += (x = static_cast<double>(rng.Below(4)));
    if (total == 0) w[0] = total = 1;
    m.CorpusValues(stats.data(), n, w.data(), got.data());
    for (size_t j = 0; j < nv; ++j) {
      double s = 0;
      for (size_t r = 0; r < n; ++r) s += w[r] * sv[r * nv + j];
      if (!Close(got[j], s / total)) return false;
    }
  }
  return true;
}

void TaskEstimator::BuildBlock(const runner::TaskResult& task, const runner::MetricBlock& mb,
                               const std::vector<int64_t>& sample_cluster) {
  Block b;
  b.name = mb.name;
  b.specs = mb.values;
  b.impl = mb.impl;
  b.nv = mb.values.size();
  if (b.nv != mb.impl->values().size() || mb.stat_count != mb.impl->stat_count())
    throw std::invalid_argument("metric '" + mb.name + "' of task '" + task.task +
                                "': value/stat layout does not match its implementation");
  b.out_offset = output_names_.size();
  for (const auto& v : mb.values) output_names_.push_back(v.name);
  const size_t k = mb.stat_count;
  // The scorer's row weights (CLUE's legacy double count of the first row, when opted in), so
  // that the intervals are about the score that is reported.
  const std::vector<double> base = runner::RowWeights(task, mb);
  for (size_t r = 0; r < mb.rows.size(); ++r) {
    const size_t s = mb.rows[r];
    if (s >= sample_cluster.size() || sample_cluster[s] < 0) continue;
    b.stats.insert(b.stats.end(), mb.stats.begin() + r * k, mb.stats.begin() + (r + 1) * k);
    b.row_cluster.push_back(static_cast<uint32_t>(sample_cluster[s]));
    b.row_weight.push_back(base[r]);
  }
  const size_t n = b.row_cluster.size();
  b.linear = ProbeLinear(mb, b.stats, n);
  if (b.linear) {
    const size_t stride = b.nv + 1;
    b.sums.assign(clusters() * stride, 0.0);
    std::vector<double> sv(b.nv);
    for (size_t r = 0; r < n; ++r) {
      mb.impl->SampleValues(&b.stats[r * k], sv.data());
      double* row = &b.sums[b.row_cluster[r] * stride];
      for (size_t j = 0; j < b.nv; ++j) row[j] += b.row_weight[r] * sv[j];
      row[b.nv] += b.row_weight[r];
    }
    b.stats.clear();
    b.stats.shrink_to_fit();
  }
  blocks_.push_back(std::move(b));
}

bool TaskEstimator::all_linear() const {
  for (const auto& b : blocks_)
    if (!b.linear) return false;
  return true;
}

void TaskEstimator::BlockValues(const Block& b, const double* cw, double* vals,
                                std::vector<double>& scratch) const {
  const auto& specs = b.specs;
  if (b.linear) {
    const size_t stride = b.nv + 1, nc = clusters();
    const double* s = b.sums.data();
    scratch.assign(stride, 0.0);
    double* acc = scratch.data();
    if (cw) {
      for (size_t c = 0; c < nc; ++c, s += stride)
        for (size_t j = 0; j < stride; ++j) acc[j] += cw[c] * s[j];
    } else {
      for (size_t c = 0; c < nc; ++c, s += stride)
        for (size_t j = 0; j < stride; ++j) acc[j] += s[j];
    }
    for (size_t j = 0; j < b.nv; ++j)
      vals[j] = acc[b.nv] > 0 ? acc[j] / acc[b.nv] * specs[j].to_percent : kNaN;
    return;
  }
  const size_t n = b.row_cluster.size();
  scratch.resize(n);
  for (size_t r = 0; r < n; ++r) scratch[r] = (cw ? cw[b.row_cluster[r]] : 1.0) * b.row_weight[r];
  b.impl->CorpusValues(b.stats.data(), n, scratch.data(), vals);
  for (size_t j = 0; j < b.nv; ++j) vals[j] *= specs[j].to_percent;
}

double TaskEstimator::Score(const double* values) const {
  // The mean over the score values that exist, as the writer reports a partial score.
  double sum = 0;
  int n = 0;
  for (size_t o : score_outputs_)
    if (!std::isnan(values[o])) sum += values[o], ++n;
  return n ? sum / n : kNaN;
}

void TaskEstimator::Evaluate(const double* cw, double* out, std::vector<double>& scratch) const {
  for (const auto& b : blocks_) BlockValues(b, cw, out + b.out_offset, scratch);
  out[score_index()] = Score(out);
}

void WeightedStatistic::Jackknife(std::vector<double>& out) const {
  const size_t nc = clusters(), no = outputs();
  out.assign(nc * no, kNaN);
  std::vector<double> cw(nc, 1.0), scratch;
  for (size_t c = 0; c < nc; ++c) {
    cw[c] = 0.0;
    Evaluate(cw.data(), &out[c * no], scratch);
    cw[c] = 1.0;
  }
}

void TaskEstimator::Jackknife(std::vector<double>& out) const {
  if (!all_linear()) return WeightedStatistic::Jackknife(out);
  const size_t nc = clusters(), no = outputs();
  out.assign(nc * no, kNaN);
  // Linear blocks: leave-one-out sums are totals minus the cluster's row, O(clusters) overall.
  std::vector<std::vector<double>> totals;
  for (const auto& b : blocks_) {
    auto& t = totals.emplace_back(b.nv + 1, 0.0);
    for (size_t c = 0; c < nc; ++c)
      for (size_t j = 0; j <= b.nv; ++j) t[j] += b.sums[c * (b.nv + 1) + j];
  }
  for (size_t c = 0; c < nc; ++c) {
    double* row = &out[c * no];
    for (size_t bi = 0; bi < blocks_.size(); ++bi) {
      const auto& b = blocks_[bi];
      const double* s = &b.sums[c * (b.nv + 1)];
      const double den = totals[bi][b.nv] - s[b.nv];
      for (size_t j = 0; j < b.nv; ++j)
        row[b.out_offset + j] = den > 0 ? (totals[bi][j] - s[j]) / den * b.specs[j].to_percent : kNaN;
    }
    row[score_index()] = Score(row);
  }
}

}  // namespace clue::stats
