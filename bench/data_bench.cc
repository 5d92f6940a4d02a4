// Speed of the data layer and CLUE scorers. Run from the repo root (reads ../shared/datasets and
// data/samples):  build-bench/data_bench
#include <benchmark/benchmark.h>

#include <string>

#include "clue/backends/whitespace_tokenizer.h"
#include "clue/data/dataset.h"
#include "clue/data/longhealth.h"
#include "clue/data/py_random.h"
#include "clue/metrics/icd_codes.h"
#include "clue/tasks/longhealth_builder.h"

namespace {

void BM_LoadJsonlMeqsum(benchmark::State& state) {
  for (auto _ : state) {
    auto d = clue::data::LoadJsonl("../shared/datasets/meqsum/meqsum.jsonl");
    benchmark::DoNotOptimize(d.rows.size());
  }
}
BENCHMARK(BM_LoadJsonlMeqsum)->Unit(benchmark::kMillisecond);

void BM_ShuffleMednliSize(benchmark::State& state) {
  for (auto _ : state) {
    clue::data::PyRandom rng(1);
    auto idx = rng.ShuffledIndices(1422);
    benchmark::DoNotOptimize(idx.data());
  }
}
BENCHMARK(BM_ShuffleMednliSize)->Unit(benchmark::kMicrosecond);

void BM_LoadIcdCodeList(benchmark::State& state) {
  for (auto _ : state) {
    auto list = clue::metrics::IcdCodeList::Load(
        "../shared/datasets/icd10cm/original/bryand1_icd10.json.gz");
    benchmark::DoNotOptimize(list.size());
  }
}
BENCHMARK(BM_LoadIcdCodeList)->Unit(benchmark::kMillisecond);

void BM_ParseIcdCodes(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "ICD-10 Codes: E11.22, I10, N18.3, Z79.4, J18.9 and more text; ";
  for (auto _ : state) {
    auto codes = clue::metrics::ParseIcdCodes(text);
    benchmark::DoNotOptimize(codes.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseIcdCodes);

void BM_LongHealthTask2Sample(benchmark::State& state) {
  const auto data = clue::data::LoadLongHealth("data/samples/longhealth/benchmark_v5.json");
  clue::backends::WhitespaceTokenizer tok;
  clue::tasks::LongHealthOptions opt;
  opt.task = 2;
  for (auto _ : state) {
    auto prompts = clue::tasks::BuildLongHealthPrompts(data, opt, tok);
    benchmark::DoNotOptimize(prompts.size());
  }
}
BENCHMARK(BM_LongHealthTask2Sample)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
