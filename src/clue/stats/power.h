#pragma once
// Planning from a pilot run: how many samples a paired comparison needs to detect a difference
// of delta points on a task's score, and the reverse (the minimum detectable effect for n).
//
// Model: the score difference of two models on the same n samples is a mean of per-unit paired
// differences (unit = resampling cluster, e.g. a LongHealth question), so with a two-sided level
// alpha and the given power, n_units = ((z_{1-alpha/2} + z_{power}) * sd_d / delta)^2 (normal
// approximation). sd_d comes from
//   * two pilot runs (paired): the sd of the per-unit differences, measured;
//   * one pilot run: sd_d = sqrt(2 (1 - rho)) * sd_y, where sd_y is the sd of the per-unit scores
//     and rho the assumed correlation between two models' scores on the same unit (an assumption
//     the output states; rho = 0 is the unpaired worst case).
// A unit's score is the mean over its samples of the sample's score (the mean of its score values
// in percent). For corpus metrics (BLEU, chrF) the per-sample sentence value stands in, which is an
// approximation of the corpus statistic's variance.
#include <string>
#include <vector>

#include "clue/runner/task_result.h"
#include "clue/stats/estimator.h"

namespace clue::stats {

struct PowerOptions {
  double alpha = 0.05;
  double power = 0.80;
  double rho = 0.5;  // assumed between-model correlation for a single pilot run
  ClusterKeyFn cluster_key = ClusterOrSample;
};

// Each sample's score in percent: the mean of its score values; NaN when excluded or unscored.
std::vector<double> SampleScores(const runner::TaskResult& task);

// Units needed to detect `delta` (same scale as sd), rounded up. Infinite for delta == 0.
double UnitsNeeded(double sd, double delta, double alpha, double power);
// The smallest true difference detected with the given power from n units.
double MinimumDetectableEffect(double sd, double n_units, double alpha, double power);

struct PowerReport {
  std::string task;
  bool paired = false;       // true: sd from two pilot runs
  double rho = 0;            // the assumed correlation (single run only)
  size_t samples = 0, units = 0;
  double samples_per_unit = 1;
  double sd_unit = 0;        // sd of per-unit scores (single run) or differences (paired)
  double sd_diff = 0;        // sd of the per-unit paired difference used in the formulas
  double delta = 0;          // requested difference (0 = not asked)
  double units_needed = 0, samples_needed = 0;
  double n_for_mde = 0;      // samples at which the MDE is given
  double mde = 0;
};

// b may be null (single pilot run). delta <= 0 skips "n needed"; n <= 0 uses the pilot's n for
// the MDE. Throws std::invalid_argument when there are fewer than two units.
PowerReport AnalysePower(const runner::TaskResult& a, const runner::TaskResult* b, double delta,
                         double n, const PowerOptions& opt);

}  // namespace clue::stats
