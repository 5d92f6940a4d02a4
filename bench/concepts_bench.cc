// Concept index and matcher speed over the shared open vocabularies (run from the repo root):
//   BM_BuildIndex    parse MeSH + Disease Ontology + HPO + DrugBank and build the index
//   BM_LoadFromCache hash the inputs and map the cached index (what every later run pays)
//   BM_Match/<KB>    mention detection + linking on the first <KB> KB of PubMed abstracts
//                    (NCBI-disease train set), max_tokens 5 and 1
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "clue/metrics/concepts/concept_index.h"
#include "clue/metrics/concepts/matcher.h"
#include "clue/metrics/concepts/test_corpus.h"
#include "clue/metrics/concepts/text_source.h"

namespace cc = clue::metrics::concepts;

namespace {

const std::string kData = "../shared/datasets/";

cc::IndexSource FullSource() {
  cc::IndexSource src;
  src.dictionaries = {kData + "vocab_mesh/mesh2024_descriptor_terms.tsv.gz",
                      kData + "vocab_disease_ontology/doid_lexicon.tsv",
                      kData + "vocab_hpo/hpo_lexicon_en.tsv",
                      kData + "vocab_drugbank/drugbank_vocabulary.csv"};
  src.cache_dir = (std::filesystem::temp_directory_path() / "clue_concepts_bench").string();
  return src;
}

void BM_BuildIndex(benchmark::State& state) {
  cc::IndexSource src = FullSource();
  size_t names = 0, terms = 0, concepts = 0;
  for (auto _ : state) {
    cc::Dictionary all;
    for (const auto& d : src.dictionaries) all.Merge(cc::LoadDictionary(d));
    auto idx = cc::ConceptIndex::Build(all, src.options);
    names = all.name_count(), terms = idx->term_count(), concepts = idx->concept_count();
    benchmark::DoNotOptimize(idx);
  }
  state.counters["names"] = static_cast<double>(names);
  state.counters["distinct_terms"] = static_cast<double>(terms);
  state.counters["concepts"] = static_cast<double>(concepts);
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kSecond)->Iterations(2);

void BM_LoadFromCache(benchmark::State& state) {
  cc::IndexSource src = FullSource();
  cc::LoadOrBuildIndex(src);  // make sure the cache file exists
  size_t bytes = 0;
  for (auto _ : state) {
    cc::IndexLoadInfo info;
    auto idx = cc::LoadOrBuildIndex(src, &info);
    if (!info.from_cache) state.SkipWithError("cache was not used");
    bytes = idx->byte_size();
    benchmark::DoNotOptimize(idx);
  }
  state.counters["index_MB"] = bytes / 1e6;
}
BENCHMARK(BM_LoadFromCache)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_Match(benchmark::State& state) {
  auto idx = cc::LoadOrBuildIndex(FullSource());
  const std::string text = cc::testing::PubMedAbstracts().substr(0, static_cast<size_t>(state.range(0)) * 1000);
  cc::MatcherOptions opt;
  opt.max_tokens = static_cast<int>(state.range(1));
  size_t mentions = 0;
  uint64_t fingerprint = 0;
  for (auto _ : state) {
    cc::Matcher fresh(idx, opt);  // no memo carried over between iterations
    auto ms = fresh.Match(text);
    mentions = ms.size();
    benchmark::DoNotOptimize(ms);
    state.PauseTiming();
    // A hash of every mention (span, concept, name, score to 1e-9) so speed work can show that
    // the results did not change.
    std::string all;
    for (const auto& m : ms)
      all += std::to_string(m.begin) + ' ' + std::to_string(m.end) + ' ' + m.concept_id + ' ' +
             m.matched_name + ' ' + std::to_string(std::llround(m.score * 1e9)) + '\n';
    fingerprint = cc::HashBytes(all) & 0xFFFFFFu;
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["text_MB"] = text.size() / 1e6;
  state.counters["mentions"] = static_cast<double>(mentions);
  state.counters["fingerprint"] = static_cast<double>(fingerprint);
}
// Five iterations, each with a fresh matcher (no memo carried over): the first also pays for
// touching the memory-mapped index pages.
BENCHMARK(BM_Match)->Args({50, 5})->Args({50, 1})->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
