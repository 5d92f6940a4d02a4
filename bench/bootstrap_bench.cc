// Bootstrap throughput: 10,000 resamples over 10,000 samples x 6 tasks (the target is
// under 1 s on 2 cores), for intervals on every task score and the two level scores.
#include <cstdio>
#include <map>
#include <memory>

#include <benchmark/benchmark.h>

#include "clue/stats/bootstrap.h"
#include "clue/stats/draws.h"
#include "clue/stats/resample.h"
#include "clue/stats/test_metrics.h"

namespace {

using clue::stats::testing::Block;
using clue::stats::testing::MeanMetric;
using clue::stats::testing::RatioMetric;

// A task of n samples with `values` mean-type values per sample (3 ~ ROUGE-1/2/L).
clue::runner::TaskResult MakeTask(const std::string& name, size_t n, bool corpus) {
  clue::runner::TaskResult t;
  t.task = name;
  clue::stats::Rng rng(clue::stats::StreamKey(name));
  std::vector<double> a, b, c, r;
  for (size_t i = 0; i < n; ++i) {
    clue::runner::SampleRecord s;
    s.id = name + std::to_string(i);
    t.samples.push_back(s);
    a.push_back(rng.Uniform());
    b.push_back(rng.Uniform());
    c.push_back(rng.Uniform());
    r.push_back(static_cast<double>(rng.Below(20)));
    r.push_back(20.0);
  }
  t.metrics.push_back(Block(std::make_shared<MeanMetric>("v1"), "m1", a));
  t.metrics.push_back(Block(std::make_shared<MeanMetric>("v2"), "m2", b));
  t.metrics.push_back(Block(std::make_shared<MeanMetric>("v3"), "m3", c));
  t.score_values = {"v1", "v2", "v3"};
  if (corpus) {
    t.metrics.push_back(Block(std::make_shared<RatioMetric>(), "ratio", r));
    t.score_values.push_back("ratio");
  }
  return t;
}

void RunSuite(benchmark::State& state, bool corpus) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<clue::runner::TaskResult> tasks;
  for (int i = 0; i < 6; ++i) tasks.push_back(MakeTask("task" + std::to_string(i), n, corpus && i == 0));
  clue::stats::BootstrapOptions opt;
  opt.resamples = static_cast<int>(state.range(1));
  opt.threads = 2;
  double l1_low = 0, l2_high = 0;
  for (auto _ : state) {
    std::map<std::string, clue::stats::TaskIntervals> done;
    for (const auto& t : tasks) done[t.task] = clue::stats::ComputeTaskIntervals(t, opt);
    auto l1 = clue::stats::LevelInterval("L1", {{"a", {"task0"}}, {"b", {"task1"}}, {"c", {"task2"}}}, done, opt);
    auto l2 = clue::stats::LevelInterval("L2", {{"d", {"task3"}}, {"e", {"task4"}}, {"f", {"task5"}}}, done, opt);
    l1_low = l1.bca.low, l2_high = l2.bca.high;
  }
  // Two interval ends, so speed work can show that the intervals did not change.
  char label[80];
  std::snprintf(label, sizeof(label), "L1 low %.12f, L2 high %.12f", l1_low, l2_high);
  state.SetLabel(label);
  state.SetItemsProcessed(state.iterations() * state.range(1) * 6 * state.range(0));
}

void BM_SuiteBootstrapMeanMetrics(benchmark::State& state) { RunSuite(state, false); }
void BM_SuiteBootstrapWithOneCorpusMetric(benchmark::State& state) { RunSuite(state, true); }

// One task on one thread: the per-draw cost of the inner loop, less sensitive to other load.
// Run with the kernel the CPU selects (AVX2 here) and with the portable one as the in-run
// reference; both must print the same interval.
void TaskOneThread(benchmark::State& state, clue::stats::DrawKernel kernel) {
  const auto task = MakeTask("task0", static_cast<size_t>(state.range(0)), false);
  clue::stats::BootstrapOptions opt;
  opt.resamples = static_cast<int>(state.range(1));
  opt.threads = 1;
  clue::stats::SetDrawKernel(kernel);
  double low = 0;
  for (auto _ : state) low = clue::stats::ComputeTaskIntervals(task, opt).score.bca.low;
  clue::stats::SetDrawKernel(clue::stats::DrawKernel::kAuto);
  state.SetItemsProcessed(state.iterations() * state.range(1) * state.range(0));
  char label[64];
  std::snprintf(label, sizeof(label), "score low %.12f", low);
  state.SetLabel(label);
}
void BM_TaskBootstrapOneThread(benchmark::State& state) {
  TaskOneThread(state, clue::stats::DrawKernel::kAuto);
}
void BM_TaskBootstrapOneThreadPortable(benchmark::State& state) {
  TaskOneThread(state, clue::stats::DrawKernel::kPortable);
}

BENCHMARK(BM_TaskBootstrapOneThread)->Args({10000, 10000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TaskBootstrapOneThreadPortable)->Args({10000, 10000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SuiteBootstrapMeanMetrics)->Args({10000, 10000})->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_SuiteBootstrapWithOneCorpusMetric)->Args({10000, 10000})->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
