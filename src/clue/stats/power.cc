#include "clue/stats/power.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "clue/stats/normal.h"
#include "clue/stats/paired.h"

namespace clue::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ZSum(double alpha, double power) {
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1))
    throw std::invalid_argument("power: alpha and power must be in (0, 1)");
  return NormalQuantile(1 - alpha / 2) + NormalQuantile(power);
}

// Per-unit means of per-sample numbers (NaN samples skipped); returns units and sample count.
std::vector<double> UnitMeans(const runner::TaskResult& t, const std::vector<double>& x,
                              const ClusterKeyFn& key, size_t& samples) {
  std::unordered_map<std::string, size_t> index;
  std::vector<double> sum, count;
  samples = 0;
  for (size_t i = 0; i < t.samples.size(); ++i) {
    if (std::isnan(x[i])) continue;
    auto [it, fresh] = index.emplace(key(t.samples[i]), sum.size());
    if (fresh) sum.push_back(0), count.push_back(0);
    sum[it->second] += x[i];
    count[it->second] += 1;
    ++samples;
  }
  for (size_t u = 0; u < sum.size(); ++u) sum[u] /= count[u];
  return sum;
}

double SampleSd(const std::vector<double>& v) {
  if (v.size() < 2) throw std::invalid_argument("power: the pilot needs at least two units");
  double m = 0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

}  // namespace

std::vector<double> SampleScores(const runner::TaskResult& task) {
  std::vector<double> sum(task.samples.size(), 0.0), count(task.samples.size(), 0.0);
  std::vector<double> vals;
  for (const auto& mb : task.metrics) {
    if (!mb.computed || !mb.impl) continue;
    vals.resize(mb.values.size());
    for (size_t r = 0; r < mb.rows.size(); ++r) {
      const size_t s = mb.rows[r];
      if (s >= task.samples.size() || !runner::CountsTowardScores(task.samples[s].status)) continue;
      mb.impl->SampleValues(&mb.stats[r * mb.stat_count], vals.data());
      for (size_t j = 0; j < mb.values.size(); ++j)
        for (const auto& name : task.score_values)
          if (name == mb.values[j].name && !std::isnan(vals[j])) {
            sum[s] += vals[j] * mb.values[j].to_percent;
            count[s] += 1;
          }
    }
  }
  for (size_t s = 0; s < sum.size(); ++s) sum[s] = count[s] > 0 ? sum[s] / count[s] : kNaN;
  return sum;
}

double UnitsNeeded(double sd, double delta, double alpha, double power) {
  if (delta == 0) return std::numeric_limits<double>::infinity();
  const double n = std::pow(ZSum(alpha, power) * sd / delta, 2);
  return std::ceil(n - 1e-9);
}

double MinimumDetectableEffect(double sd, double n_units, double alpha, double power) {
  if (n_units <= 0) return std::numeric_limits<double>::infinity();
  return ZSum(alpha, power) * sd / std::sqrt(n_units);
}

PowerReport AnalysePower(const runner::TaskResult& a, const runner::TaskResult* b, double delta,
                         double n, const PowerOptions& opt) {
  PowerReport r;
  r.task = a.task;
  r.delta = delta;
  std::vector<double> units;
  if (b) {
    const AlignedPair pair = AlignPair(a, *b, opt.cluster_key);
    const auto sa = SampleScores(pair.a), sb = SampleScores(pair.b);
    std::vector<double> d(sa.size());
    for (size_t i = 0; i < d.size(); ++i) d[i] = sa[i] - sb[i];
    units = UnitMeans(pair.a, d, ClusterOrSample, r.samples);  // clusters already keyed
    r.paired = true;
    r.sd_unit = r.sd_diff = SampleSd(units);
  } else {
    units = UnitMeans(a, SampleScores(a), opt.cluster_key, r.samples);
    r.rho = opt.rho;
    r.sd_unit = SampleSd(units);
    r.sd_diff = std::sqrt(2 * (1 - opt.rho)) * r.sd_unit;
  }
  r.units = units.size();
  r.samples_per_unit = static_cast<double>(r.samples) / static_cast<double>(r.units);
  if (delta > 0) {
    r.units_needed = UnitsNeeded(r.sd_diff, delta, opt.alpha, opt.power);
    r.samples_needed = std::ceil(r.units_needed * r.samples_per_unit - 1e-9);
  }
  r.n_for_mde = n > 0 ? n : static_cast<double>(r.samples);
  r.mde = MinimumDetectableEffect(r.sd_diff, r.n_for_mde / r.samples_per_unit, opt.alpha, opt.power);
  return r;
}

}  // namespace clue::stats
