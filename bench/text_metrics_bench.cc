// Per-pair cost of the text metrics at 10 / 100 / 600 / 5,000 tokens, and the bit-parallel LCS
// against the textbook O(n*m) table in the same run (counter "dp_over_bitparallel").
//   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLUE_BUILD_BENCH=ON
//   cmake --build build --target text_metrics_bench && build/text_metrics_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "clue/metrics/bleu.h"
#include "clue/metrics/chrf.h"
#include "clue/metrics/lcs.h"
#include "clue/metrics/rouge.h"

namespace {

using namespace clue::metrics;

// A clinical-flavoured reference of n tokens (Zipf-like word choice, sentences of ~15 tokens)
// and a prediction that keeps ~70% of it, rewrites ~20% and inserts ~10%.
struct Pair {
  std::string reference, prediction;
  std::vector<uint32_t> ref_ids, pred_ids;
};

Pair MakePair(size_t n) {
  static const char* kWords[] = {"the", "patient", "was", "admitted", "with", "chest", "pain",
                                 "and", "shortness", "of", "breath", "hx", "CHF", "s/p", "CABG",
                                 "denies", "fever", "BP", "120/80", "on", "metoprolol", "daily",
                                 "echo", "showed", "reduced", "EF", "40%", "troponin", "negative",
                                 "discharged", "home", "follow-up", "in", "two", "weeks", "."};
  constexpr size_t kVocab = sizeof(kWords) / sizeof(kWords[0]);
  std::mt19937 rng(static_cast<unsigned>(n));
  auto word = [&] {
    // Mix a small common vocabulary with rarer synthetic words ("w123").
    const uint32_t r = rng() % 100;
    if (r < 70) return std::pair<std::string, uint32_t>(kWords[rng() % kVocab], rng() % kVocab);
    const uint32_t id = 100 + rng() % 3000;
    return std::pair<std::string, uint32_t>("w" + std::to_string(id), id);
  };
  Pair p;
  for (size_t i = 0; i < n; ++i) {
    auto [w, id] = word();
    p.reference += w + ((i % 15 == 14) ? "\n" : " ");
    p.ref_ids.push_back(id);
    const uint32_t r = rng() % 100;
    if (r < 70) {
      p.prediction += w + " ";
      p.pred_ids.push_back(id);
    } else if (r < 90) {
      auto [w2, id2] = word();
      p.prediction += w2 + " ";
      p.pred_ids.push_back(id2);
    } else {
      auto [w2, id2] = word();
      p.prediction += w + " " + w2 + " ";
      p.pred_ids.push_back(id);
      p.pred_ids.push_back(id2);
    }
  }
  return p;
}

const Pair& PairFor(size_t n) {
  static std::vector<std::pair<size_t, Pair>> cache;
  for (auto& [k, p] : cache)
    if (k == n) return p;
  cache.emplace_back(n, MakePair(n));
  return cache.back().second;
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int n : {10, 100, 600, 5000}) b->Arg(n);
}

void RunRouge(benchmark::State& state, const char* type) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  RougeScorer scorer({type}, false);
  RougeScore out;
  for (auto _ : state) {
    scorer.Score(p.reference, p.prediction, &out);
    benchmark::DoNotOptimize(out.fmeasure);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_RougeL(benchmark::State& s) { RunRouge(s, "rougeL"); }
void BM_Rouge1(benchmark::State& s) { RunRouge(s, "rouge1"); }
void BM_Rouge2(benchmark::State& s) { RunRouge(s, "rouge2"); }
void BM_RougeLsum(benchmark::State& s) { RunRouge(s, "rougeLsum"); }

void BM_RougeAllStemmed(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  RougeScorer scorer({"rouge1", "rouge2", "rougeL", "rougeLsum"}, true);
  RougeScore out[4];
  for (auto _ : state) {
    scorer.Score(p.reference, p.prediction, out);
    benchmark::DoNotOptimize(out[2].fmeasure);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SentenceBleu(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  std::vector<std::string> refs = {p.reference};
  BleuOptions opt;
  double stats[10];
  for (auto _ : state) {
    BleuSegmentStats(p.prediction, refs, opt, stats);
    benchmark::DoNotOptimize(stats[2]);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_SentenceChrf(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  std::vector<std::string> refs = {p.reference};
  ChrfOptions opt;
  double stats[18];
  for (auto _ : state) {
    ChrfSegmentStats(p.prediction, refs, opt, stats);
    benchmark::DoNotOptimize(stats[2]);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_LcsBitParallel(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  LcsWorkspace ws;
  for (auto _ : state) benchmark::DoNotOptimize(LcsLength(p.ref_ids, p.pred_ids, ws));
}

void BM_LcsDpTable(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(LcsLengthDp(p.ref_ids, p.pred_ids));
}

// Both LCS implementations timed back to back in one benchmark, reported as a ratio.
void BM_LcsSpeedup(benchmark::State& state) {
  const Pair& p = PairFor(static_cast<size_t>(state.range(0)));
  LcsWorkspace ws;
  using Clock = std::chrono::steady_clock;
  double fast = 0, slow = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    const uint32_t a = LcsLength(p.ref_ids, p.pred_ids, ws);
    auto t1 = Clock::now();
    const uint32_t b = LcsLengthDp(p.ref_ids, p.pred_ids);
    auto t2 = Clock::now();
    if (a != b) state.SkipWithError("LCS mismatch");
    fast += std::chrono::duration<double>(t1 - t0).count();
    slow += std::chrono::duration<double>(t2 - t1).count();
  }
  state.counters["dp_over_bitparallel"] = fast > 0 ? slow / fast : 0;
}

BENCHMARK(BM_RougeL)->Apply(Sizes);
BENCHMARK(BM_Rouge1)->Apply(Sizes);
BENCHMARK(BM_Rouge2)->Apply(Sizes);
BENCHMARK(BM_RougeLsum)->Apply(Sizes);
BENCHMARK(BM_RougeAllStemmed)->Apply(Sizes);
BENCHMARK(BM_SentenceBleu)->Apply(Sizes);
BENCHMARK(BM_SentenceChrf)->Apply(Sizes);
BENCHMARK(BM_LcsBitParallel)->Apply(Sizes);
BENCHMARK(BM_LcsDpTable)->Apply(Sizes);
BENCHMARK(BM_LcsSpeedup)->Apply(Sizes);

}  // namespace

BENCHMARK_MAIN();
