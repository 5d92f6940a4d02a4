#include "clue/stats/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace clue::stats {
namespace {

bool AtLeastAsExtreme(double t, double observed) {
  // A relative tolerance so floating-point noise in a tied statistic still counts as a tie.
  return std::fabs(t) >= std::fabs(observed) - 1e-12 * std::max(1.0, std::fabs(observed));
}

}  // namespace

double McNemarExactP(long b, long c) {
  if (b < 0 || c < 0) throw std::invalid_argument("McNemar: negative count");
  const long n = b + c, k = std::min(b, c);
  if (n == 0) return 1.0;
  // Sum C(n, i) / 2^n for i <= k in log space: n can be thousands.
  const double log_half_n = -static_cast<double>(n) * std::log(2.0);
  const double lgn = std::lgamma(static_cast<double>(n) + 1);
  double max_term = -std::numeric_limits<double>::infinity();
  std::vector<double> terms;
  for (long i = 0; i <= k; ++i) {
    terms.push_back(lgn - std::lgamma(static_cast<double>(i) + 1) -
                    std::lgamma(static_cast<double>(n - i) + 1) + log_half_n);
    max_term = std::max(max_term, terms.back());
  }
  double s = 0;
  for (double t : terms) s += std::exp(t - max_term);
  return std::min(1.0, 2.0 * std::exp(max_term) * s);
}

std::vector<double> HolmAdjust(const std::vector<double>& p) {
  std::vector<size_t> idx;
  for (size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> out(p.size(), std::numeric_limits<double>::quiet_NaN());
  const double m = static_cast<double>(idx.size());
  double running = 0;
  for (size_t r = 0; r < idx.size(); ++r) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(r)) * p[idx[r]]));
    out[idx[r]] = running;
  }
  return out;
}

double MonteCarloP(double observed, const std::vector<double>& null_replicates) {
  if (std::isnan(observed)) return std::numeric_limits<double>::quiet_NaN();
  size_t hits = 0, total = 0;
  for (double t : null_replicates) {
    if (std::isnan(t)) continue;
    ++total;
    hits += AtLeastAsExtreme(t, observed);
  }
  return static_cast<double>(hits + 1) / static_cast<double>(total + 1);
}

double ExactSignFlipP(size_t clusters, const std::function<double(const double*)>& stat) {
  if (clusters > 24) throw std::invalid_argument("exact sign-flip test: too many clusters to enumerate");
  std::vector<double> flips(clusters, 0.0);
  const double observed = stat(flips.data());
  if (std::isnan(observed)) return std::numeric_limits<double>::quiet_NaN();
  const uint64_t patterns = uint64_t{1} << clusters;
  uint64_t hits = 0;
  for (uint64_t m = 0; m < patterns; ++m) {
    for (size_t c = 0; c < clusters; ++c) flips[c] = static_cast<double>((m >> c) & 1);
    hits += AtLeastAsExtreme(stat(flips.data()), observed);
  }
  return static_cast<double>(hits) / static_cast<double>(patterns);
}

std::string Verdict(double diff, double p_adjusted, double alpha) {
  if (std::isnan(diff) || std::isnan(p_adjusted)) return "not compared";
  if (p_adjusted < alpha) return diff > 0 ? "better" : "worse";
  return "no detectable difference";
}

}  // namespace clue::stats
