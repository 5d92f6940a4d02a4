#pragma once
// Paired comparison of two runs on the same samples: per task entry and per suite level, the
// difference A - B with a paired-bootstrap CI, a sign-flip (approximate randomisation) p-value,
// the exact McNemar test for binary tasks, Holm adjustment and a verdict in words.
//
// Pairing: samples are matched by id; a different id set is an error naming the ids. Samples
// excluded from scoring (error/filtered) in either run are dropped from both, so both scores are
// computed on the same samples. Resampling and sign flips act on whole clusters (the same
// cluster key as the bootstrap), so LongHealth's five prompts per question move together.
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "clue/runner/task_result.h"
#include "clue/stats/bootstrap.h"
#include "clue/stats/estimator.h"

namespace clue::stats {

struct PairedOptions {
  BootstrapOptions boot;
  int permutations = 1000;
  double alpha = 0.05;
};

// A suite level: entries averaged; an entry averages its tasks (LongHealth = three tasks).
struct SuiteLevel {
  std::string name;  // "L1"
  std::vector<LevelEntry> entries;
};

// One run as the comparison sees it.
struct SuiteRun {
  std::string label;  // model name or directory
  std::map<std::string, runner::TaskResult> tasks;
  std::vector<SuiteLevel> levels;
};

struct AlignedPair {
  runner::TaskResult a, b;
  size_t dropped = 0;  // samples excluded from scoring in either run
};
// Throws std::invalid_argument "task T: sample ids differ: only in A (n): ...; only in B (m): ...".
AlignedPair AlignPair(const runner::TaskResult& a, const runner::TaskResult& b, const ClusterKeyFn& key);

// The two runs stacked into one estimator with clusters A_0..A_{C-1}, B_0..B_{C-1}. Outputs are
// differences A - B of every value both runs computed, then the score.
class PairedEstimator : public WeightedStatistic {
 public:
  explicit PairedEstimator(const AlignedPair& pair);
  size_t clusters() const override { return clusters_; }
  const std::vector<std::string>& output_names() const override { return stacked_.output_names(); }
  // Both runs weighted by cw: the paired bootstrap.
  void Evaluate(const double* cw, double* out, std::vector<double>& scratch) const override;
  // Cluster c's outputs swapped between the runs where flips[c] == 1: the permutation null.
  void Swapped(const double* flips, double* out, std::vector<double>& scratch) const;
  // Run A's (side 0) or B's (side 1) own outputs.
  std::vector<double> Side(int side) const;

 private:
  // out = side A - side B for stacked weights w (A's clusters, then B's); w is rotated.
  void Difference(std::vector<double>& w, double* out, std::vector<double>& scratch) const;

  TaskEstimator stacked_;
  size_t clusters_ = 0;
};

struct PairedTask {
  std::string task;
  size_t n = 0, clusters = 0, dropped = 0;
  double score_a = std::numeric_limits<double>::quiet_NaN();
  double score_b = std::numeric_limits<double>::quiet_NaN();
  Replicates diff;                 // bootstrap of A - B; the score is the last output
  std::vector<double> null_score;  // sign-flip replicates of the score difference
  double exact_p = std::numeric_limits<double>::quiet_NaN();  // all flips, when few clusters
  bool binary = false;             // a single 0/1 score value in both runs
  long a_only = 0, b_only = 0;     // discordant pairs: A right B wrong, A wrong B right
};
PairedTask ComparePairedTask(const runner::TaskResult& a, const runner::TaskResult& b,
                             const PairedOptions& opt);

// One row of a comparison: a task entry or a level.
struct Comparison {
  std::string name;
  double a = std::numeric_limits<double>::quiet_NaN();
  double b = std::numeric_limits<double>::quiet_NaN();
  double diff = std::numeric_limits<double>::quiet_NaN();
  ValueInterval ci;
  double p = std::numeric_limits<double>::quiet_NaN();
  double p_adj = std::numeric_limits<double>::quiet_NaN();
  std::string p_method;  // "sign-flip" (Monte Carlo) or "sign-flip exact"
  double mcnemar_p = std::numeric_limits<double>::quiet_NaN();
  double mcnemar_p_adj = std::numeric_limits<double>::quiet_NaN();
  long a_only = -1, b_only = -1;
  size_t n = 0, clusters = 0, dropped = 0;
  std::string verdict;
  std::string note;  // why a row was not compared
};

struct RunComparison {
  std::string label_a, label_b;
  double alpha = 0.05, level = 0.95;
  int resamples = 0, permutations = 0;
  std::vector<Comparison> entries;  // Holm-adjusted across entries
  std::vector<Comparison> levels;   // Holm-adjusted across levels
};

RunComparison CompareRuns(const SuiteRun& a, const SuiteRun& b, const PairedOptions& opt);

// Applies Holm across rows (p and McNemar p separately) and sets the verdicts.
void AdjustAndJudge(std::vector<Comparison*>& rows, double alpha);

}  // namespace clue::stats
