#pragma once
// Seeded bootstrap confidence intervals (percentile and BCa) for task metric values, task scores
// and level scores. Resampling is by cluster (SampleRecord::cluster, or a coarser key supplied by
// the caller); level scores are stratified by task: each task is resampled on its own and the
// level replicate is the mean of the task replicates with the same index.
//
// Reproducibility: replicate b of task T uses a generator seeded from (seed, T, b) only, so the
// intervals do not depend on the thread count, on which other tasks ran, or on their order.
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/runner/task_result.h"
#include "clue/stats/estimator.h"

namespace clue::stats {

struct BootstrapOptions {
  int resamples = 1000;
  double level = 0.95;
  uint64_t seed = 20240601;
  int threads = 0;  // 0 = all hardware threads
  ClusterKeyFn cluster_key = ClusterOrSample;
};

struct Interval {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  std::string method;  // "bca" or "percentile"
  double level = 0.95;
  int resamples = 0;
};

// A point estimate with both intervals (BCa is the one reported as "ci").
struct ValueInterval {
  std::string name;
  double estimate = std::numeric_limits<double>::quiet_NaN();
  Interval bca;
  Interval percentile;
};

// The raw material of intervals: bootstrap replicates and leave-one-cluster-out values of each
// output of one stratum (a task). Kept so level scores can be combined from their tasks.
struct Replicates {
  std::vector<std::string> names;  // outputs
  size_t resamples = 0;
  std::vector<double> estimate;   // outputs
  std::vector<double> values;     // resamples x outputs
  std::vector<double> jackknife;  // clusters x outputs
  size_t clusters = 0;

  std::vector<double> Column(size_t output) const;
  std::vector<double> JackColumn(size_t output) const;
};

struct TaskIntervals {
  std::string task;
  size_t clusters = 0;
  std::vector<ValueInterval> values;  // computed metric values
  ValueInterval score;
  Replicates replicates;
};

// BootstrapOptions::threads for metrics::ParallelForRanges: <= 0 means every core (0).
inline unsigned ThreadCount(int threads) { return threads > 0 ? static_cast<unsigned>(threads) : 0; }
// Resamples per parallel chunk at least: each chunk allocates its own scratch.
inline constexpr size_t kMinResamplesPerChunk = 16;

// numpy's default (linear) quantile of sorted data.
double Quantile(const std::vector<double>& sorted, double p);
// Jackknife acceleration a = sum d^3 / (6 (sum d^2)^1.5), d = mean - jack_i (Efron 1987).
double Acceleration(const std::vector<double>& jackknife);
Interval PercentileInterval(std::vector<double> replicates, double level);
// Efron's BCa with bias correction z0 from the share of replicates below the estimate (ties
// count half, as scipy.stats.bootstrap does) and acceleration from the jackknife values.
// Falls back to the percentile interval when z0 is infinite (all replicates on one side).
Interval BcaInterval(std::vector<double> replicates, double estimate,
                     const std::vector<double>& jackknife, double level);
ValueInterval MakeValueInterval(const std::string& name, double estimate,
                                const std::vector<double>& replicates,
                                const std::vector<double>& jackknife, double level);

// Bootstrap replicates of an estimator's outputs; `stream` names the generator stream.
Replicates BootstrapEstimator(const WeightedStatistic& est, const std::string& stream,
                              const BootstrapOptions& opt);

// The hook for results.json and the terminal table: CIs of every computed value and the score.
TaskIntervals ComputeTaskIntervals(const runner::TaskResult& task, const BootstrapOptions& opt);

// A suite level (or a grouped entry such as LongHealth): the mean over entries of the mean over
// each entry's tasks. Stratified by task: combines the tasks' score replicates index by index.
struct LevelEntry {
  std::string name;
  std::vector<std::string> tasks;
};
// Missing tasks throw std::invalid_argument naming them.
ValueInterval LevelInterval(const std::string& name, const std::vector<LevelEntry>& entries,
                            const std::map<std::string, TaskIntervals>& tasks,
                            const BootstrapOptions& opt);
// Same combination over any per-task Replicates' score output (used by paired differences).
ValueInterval CombineScores(const std::string& name, const std::vector<LevelEntry>& entries,
                            const std::map<std::string, const Replicates*>& tasks, double level);

// {"low","high","method","level","resamples","percentile":{"low","high"}}: the "ci" object.
nlohmann::json CiJson(const ValueInterval& v);

}  // namespace clue::stats
