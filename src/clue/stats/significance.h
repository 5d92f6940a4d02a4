#pragma once
// Hypothesis tests for paired comparisons: exact McNemar, approximate-randomisation (sign-flip)
// p-values, and Holm-Bonferroni adjustment.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace clue::stats {

// Two-sided exact McNemar test: under H0 the discordant pairs split Binomial(b + c, 1/2).
// p = min(1, 2 * P(X <= min(b, c))). b = c = 0 gives 1.
double McNemarExactP(long b, long c);

// Holm's step-down adjustment. NaN entries are not tests: they stay NaN and do not count in m.
std::vector<double> HolmAdjust(const std::vector<double>& p);

// Two-sided p-value of `observed` against a sign-flip null: the share of null replicates at least
// as extreme, (1 + #{|t| >= |obs|}) / (R + 1) for Monte-Carlo replicates (the +1 keeps p > 0).
double MonteCarloP(double observed, const std::vector<double>& null_replicates);

// Exact sign-flip p over all 2^clusters flip patterns (the identity included), for small designs.
// stat(flips) returns the statistic with cluster c swapped when flips[c] == 1.
double ExactSignFlipP(size_t clusters, const std::function<double(const double*)>& stat);

// "better", "worse" or "no detectable difference" at alpha, from an adjusted p and the sign.
std::string Verdict(double diff, double p_adjusted, double alpha);

}  // namespace clue::stats
