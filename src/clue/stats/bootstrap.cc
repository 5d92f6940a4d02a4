#include "clue/stats/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "clue/metrics/parallel.h"
#include "clue/stats/draws.h"
#include "clue/stats/normal.h"
#include "clue/stats/resample.h"

namespace clue::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Finite(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

std::vector<double> Replicates::Column(size_t output) const {
  std::vector<double> col(resamples);
  for (size_t b = 0; b < resamples; ++b) col[b] = values[b * names.size() + output];
  return col;
}

std::vector<double> Replicates::JackColumn(size_t output) const {
  std::vector<double> col(clusters);
  for (size_t c = 0; c < clusters; ++c) col[c] = jackknife[c * names.size() + output];
  return col;
}

double Quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * std::clamp(p, 0.0, 1.0);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double Acceleration(const std::vector<double>& jackknife) {
  const auto jack = Finite(jackknife);
  if (jack.size() < 2) return 0;
  double mean = 0;
  for (double x : jack) mean += x;
  mean /= static_cast<double>(jack.size());
  double s2 = 0, s3 = 0;
  for (double x : jack) {
    const double d = mean - x;
    s2 += d * d;
    s3 += d * d * d;
  }
  return s2 > 0 ? s3 / (6 * std::pow(s2, 1.5)) : 0;
}

namespace {

// The two intervals from replicates already made Finite (sorted, no NaN/inf).
Interval PercentileOfSorted(const std::vector<double>& r, double level) {
  const double alpha = (1 - level) / 2;
  return {Quantile(r, alpha), Quantile(r, 1 - alpha), "percentile", level, static_cast<int>(r.size())};
}

Interval BcaOfSorted(const std::vector<double>& r, double estimate,
                     const std::vector<double>& jackknife, double level) {
  if (r.empty() || !std::isfinite(estimate)) return {kNaN, kNaN, "bca", level, 0};
  const auto below = std::lower_bound(r.begin(), r.end(), estimate) - r.begin();
  const auto at_or_below = std::upper_bound(r.begin(), r.end(), estimate) - r.begin();
  const double share = static_cast<double>(below + at_or_below) / (2.0 * static_cast<double>(r.size()));
  const double z0 = NormalQuantile(share);
  if (!std::isfinite(z0)) return PercentileOfSorted(r, level);
  const double a = Acceleration(jackknife);
  const double alpha = (1 - level) / 2;
  auto adjusted = [&](double q) {
    const double z = NormalQuantile(q);
    return NormalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
  };
  return {Quantile(r, adjusted(alpha)), Quantile(r, adjusted(1 - alpha)), "bca", level,
          static_cast<int>(r.size())};
}

}  // namespace

Interval PercentileInterval(std::vector<double> replicates, double level) {
  return PercentileOfSorted(Finite(std::move(replicates)), level);
}

Interval BcaInterval(std::vector<double> replicates, double estimate,
                     const std::vector<double>& jackknife, double level) {
  return BcaOfSorted(Finite(std::move(replicates)), estimate, jackknife, level);
}

ValueInterval MakeValueInterval(const std::string& name, double estimate,
                                const std::vector<double>& replicates,
                                const std::vector<double>& jackknife, double level) {
  ValueInterval v;
  v.name = name;
  v.estimate = estimate;
  const auto sorted = Finite(replicates);  // once for both intervals
  v.percentile = PercentileOfSorted(sorted, level);
  v.bca = BcaOfSorted(sorted, estimate, jackknife, level);
  return v;
}

Replicates BootstrapEstimator(const WeightedStatistic& est, const std::string& stream,
                              const BootstrapOptions& opt) {
  if (opt.resamples < 1) throw std::invalid_argument("bootstrap: resamples must be at least 1");
  if (!(opt.level > 0 && opt.level < 1)) throw std::invalid_argument("bootstrap: level must be in (0, 1)");
  Replicates rep;
  rep.names = est.output_names();
  rep.resamples = static_cast<size_t>(opt.resamples);
  rep.clusters = est.clusters();
  const size_t no = est.outputs(), nc = est.clusters();
  rep.estimate.resize(no);
  std::vector<double> scratch;
  est.Evaluate(nullptr, rep.estimate.data(), scratch);
  rep.values.resize(rep.resamples * no);
  const uint64_t key = StreamKey(stream);
  metrics::ParallelForRanges(rep.resamples, ThreadCount(opt.threads), [&](size_t begin, size_t end) {
    std::vector<double> counts(nc), local_scratch;
    for (size_t b = begin; b < end; ++b) {
      Rng rng(ReplicateSeed(opt.seed, key, b));
      if (est.EvaluateResample(rng, &rep.values[b * no], local_scratch)) continue;
      std::fill(counts.begin(), counts.end(), 0.0);
      if (nc > 0) DrawMultiplicities(rng, nc, counts.data());
      est.Evaluate(counts.data(), &rep.values[b * no], local_scratch);
    }
  }, kMinResamplesPerChunk);
  est.Jackknife(rep.jackknife);
  return rep;
}

TaskIntervals ComputeTaskIntervals(const runner::TaskResult& task, const BootstrapOptions& opt) {
  TaskEstimator est(task, opt.cluster_key);
  TaskIntervals ti;
  ti.task = task.task;
  ti.clusters = est.clusters();
  ti.replicates = BootstrapEstimator(est, task.task, opt);
  const auto& rep = ti.replicates;
  for (size_t o = 0; o < rep.names.size(); ++o) {
    auto v = MakeValueInterval(rep.names[o], rep.estimate[o], rep.Column(o), rep.JackColumn(o), opt.level);
    if (o + 1 == rep.names.size())
      ti.score = std::move(v);
    else
      ti.values.push_back(std::move(v));
  }
  return ti;
}

ValueInterval CombineScores(const std::string& name, const std::vector<LevelEntry>& entries,
                            const std::map<std::string, const Replicates*>& tasks, double level) {
  // weight of task t = 1 / (entries * tasks in its entry); the level is linear in task scores.
  std::vector<std::pair<const Replicates*, double>> parts;
  std::string missing;
  for (const auto& e : entries)
    for (const auto& t : e.tasks) {
      auto it = tasks.find(t);
      if (it == tasks.end() || !it->second) {
        missing += (missing.empty() ? "" : ", ") + t;
        continue;
      }
      parts.emplace_back(it->second, 1.0 / (static_cast<double>(entries.size()) * static_cast<double>(e.tasks.size())));
    }
  if (!missing.empty()) throw std::invalid_argument(name + ": missing tasks: " + missing);
  if (parts.empty()) throw std::invalid_argument(name + ": no tasks");
  const size_t b_count = parts.front().first->resamples;
  double estimate = 0;
  std::vector<double> reps(b_count, 0.0), jack;
  for (const auto& [rep, w] : parts) {
    if (rep->resamples != b_count) throw std::invalid_argument(name + ": tasks have different resample counts");
    const size_t s = rep->names.size() - 1;  // the score is the last output
    estimate += w * rep->estimate[s];
    for (size_t b = 0; b < b_count; ++b) reps[b] += w * rep->values[b * rep->names.size() + s];
  }
  // Deleting a cluster of task t moves the level by w_t times that task's jackknife shift.
  for (const auto& [rep, w] : parts) {
    const size_t s = rep->names.size() - 1;
    for (size_t c = 0; c < rep->clusters; ++c)
      jack.push_back(estimate - w * (rep->estimate[s] - rep->jackknife[c * rep->names.size() + s]));
  }
  return MakeValueInterval(name, estimate, reps, jack, level);
}

ValueInterval LevelInterval(const std::string& name, const std::vector<LevelEntry>& entries,
                            const std::map<std::string, TaskIntervals>& tasks,
                            const BootstrapOptions& opt) {
  std::map<std::string, const Replicates*> reps;
  for (const auto& [t, ti] : tasks) reps[t] = &ti.replicates;
  return CombineScores(name, entries, reps, opt.level);
}

nlohmann::json CiJson(const ValueInterval& v) {
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  return {{"low", num(v.bca.low)},
          {"high", num(v.bca.high)},
          {"method", v.bca.method},
          {"level", v.bca.level},
          {"resamples", v.bca.resamples},
          {"percentile", {{"low", num(v.percentile.low)}, {"high", num(v.percentile.high)}}}};
}

}  // namespace clue::stats
