#include "clue/metrics/concepts/concept_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "clue/metrics/concepts/concept_index.h"
#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {
namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p < s.size()) {
    size_t q = s.find(' ', p);
    if (q == std::string::npos) q = s.size();
    if (q > p) out.push_back(s.substr(p, q - p));
    p = q + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& w, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) s += (i > from ? " " : "") + w[i];
  return s;
}

// Queries shaped like the matcher's windows, drawn from the index's own names so that many have
// matches: names, names with a typo, names minus or plus a word, and runs of 1-5 words taken from
// random names.
std::vector<std::string> MakeQueries(const ConceptIndex& idx, size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t k) { return static_cast<size_t>(rng() % k); };
  auto name = [&] { return std::string(idx.term(static_cast<uint32_t>(pick(idx.term_count())))); };
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string t = name();
    std::vector<std::string> w = Split(t);
    switch (out.size() % 6) {
      case 0: out.push_back(t); break;
      case 1: {  // one character replaced or dropped
        const size_t at = pick(t.size());
        if (rng() % 2) t[at] = static_cast<char>('a' + pick(26));
        else t.erase(at, 1);
        out.push_back(t);
        break;
      }
      case 2: out.push_back(w.size() > 1 ? Join(w, 1, w.size()) : t + "s"); break;
      case 3: out.push_back(t + " " + Split(name())[0]); break;
      case 4: out.push_back(Split(name()).back() + " " + t); break;
      default: {
        std::vector<std::string> run;
        for (size_t k = 1 + pick(5); k > 0; --k) {
          std::vector<std::string> o = Split(name());
          run.push_back(o[pick(o.size())]);
        }
        out.push_back(Join(run, 0, run.size()));
      }
    }
  }
  return out;
}

using Hit = std::tuple<uint32_t, uint32_t, double>;  // term, overlap, score

// |q n Y| for every term Y (raw 3-gram sets, set intersection).
std::vector<uint32_t> CommonCounts(const std::vector<std::vector<uint32_t>>& terms,
                                   const std::vector<uint32_t>& q) {
  std::vector<uint32_t> out(terms.size());
  std::vector<uint32_t> common;
  for (size_t t = 0; t < terms.size(); ++t) {
    common.clear();
    std::set_intersection(q.begin(), q.end(), terms[t].begin(), terms[t].end(),
                          std::back_inserter(common));
    out[t] = static_cast<uint32_t>(common.size());
  }
  return out;
}

// Every term with sim >= threshold, by scanning all of them.
std::vector<Hit> BruteForce(const std::vector<std::vector<uint32_t>>& terms,
                            const std::vector<uint32_t>& common, size_t q_size, double th,
                            Similarity sim) {
  std::vector<Hit> out;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    const double c = common[t], x = static_cast<double>(q_size), l = terms[t].size();
    const double score = sim == Similarity::kCosine ? c / std::sqrt(x * l) : c / (x + l - c);
    if (common[t] > 0 && score + 1e-9 >= th) out.emplace_back(t, common[t], score);
  }
  return out;
}

// Search (every kernel the CPU has) returns exactly the brute-force hits, scores included, for
// a few hundred window-like queries over a real vocabulary, with cosine and Jaccard at several
// thresholds, on indexes built for min_threshold 0.7 and 0.5.
TEST(ConceptSearchTest, EveryKernelEqualsBruteForceOnRealVocabulary) {
  Dictionary d = LoadDictionary("../shared/datasets/vocab_disease_ontology/doid_lexicon.tsv");
  const SearchKernel original = CurrentSearchKernel();
  std::vector<SearchKernel> kernels;
  for (SearchKernel k : {SearchKernel::kPortable, SearchKernel::kPopcnt, SearchKernel::kAvx512})
    if (UseSearchKernel(k)) kernels.push_back(k);
  UseSearchKernel(original);
  ASSERT_FALSE(kernels.empty());
  struct Setting {
    double min_threshold;
    std::vector<double> thresholds;
  };
  for (const Setting& setting : {Setting{0.7, {0.7, 0.75, 0.85, 1.0}}, Setting{0.5, {0.5, 0.6}}}) {
    IndexOptions opt;
    opt.min_threshold = setting.min_threshold;
    auto idx = ConceptIndex::Build(d, opt);
    ASSERT_GT(idx->term_count(), 10000u);
    std::vector<std::vector<uint32_t>> terms(idx->term_count());
    for (uint32_t t = 0; t < idx->term_count(); ++t) terms[t] = NameTrigrams(idx->term(t));
    SearchScratch sc;
    std::vector<SearchHit> hits;
    size_t total = 0, multi_word_hits = 0, exact_found = 0;
    for (const std::string& q : MakeQueries(*idx, 60, 7)) {
      const std::vector<uint32_t> raw = NameTrigrams(NormalizeName(q, true));
      std::vector<uint32_t> mapped;
      idx->MapGrams(raw, &mapped);
      ASSERT_EQ(mapped.size(), raw.size());
      const std::vector<uint32_t> common = CommonCounts(terms, raw);
      // ExactTerm: the lowest term with exactly this gram set.
      const auto same = std::find(terms.begin(), terms.end(), raw);
      const uint32_t exact_want = same == terms.end() ? UINT32_MAX : static_cast<uint32_t>(same - terms.begin());
      EXPECT_EQ(idx->ExactTerm(mapped), exact_want) << "'" << q << "'";
      exact_found += exact_want != UINT32_MAX;
      for (Similarity sim : {Similarity::kCosine, Similarity::kJaccard}) {
        for (double th : setting.thresholds) {
          const std::vector<Hit> want = BruteForce(terms, common, raw.size(), th, sim);
          total += want.size();
          if (q.find(' ') != std::string::npos) multi_word_hits += want.size();
          for (SearchKernel k : kernels) {
            ASSERT_TRUE(UseSearchKernel(k));
            idx->Search(mapped, th, sim, &sc, &hits);
            std::vector<Hit> got;
            for (const auto& h : hits) got.emplace_back(h.term, h.overlap, h.score);
            std::sort(got.begin(), got.end());
            EXPECT_EQ(got, want) << "'" << q << "' @ " << th << " kernel " << static_cast<int>(k)
                                 << (sim == Similarity::kCosine ? " cosine" : " Jaccard");
          }
        }
      }
    }
    UseSearchKernel(original);
    // Not a vacuous comparison: many hits, including for multi-word windows.
    EXPECT_GT(total, 1000u) << total;
    EXPECT_GT(multi_word_hits, 1000u) << multi_word_hits;
    EXPECT_GE(exact_found, 10u) << exact_found;
  }
}

// Different names can share a gram set: " abab " and " ababab " both have {" ab", "aba", "bab",
// "ab "}. ExactTerm returns the lowest of them, the one Search's callers pick among equal scores.
TEST(ConceptSearchTest, ExactTermPicksTheLowestOfNamesWithTheSameGramSet) {
  Dictionary d;
  d.Add("tsv:1", "ababab", "");
  d.Add("tsv:2", "abab", "");
  d.Add("tsv:3", "abba", "");
  auto idx = ConceptIndex::Build(d, IndexOptions{});
  std::vector<uint32_t> mapped;
  idx->MapGrams(NameTrigrams("abab"), &mapped);
  SearchScratch sc;
  std::vector<SearchHit> hits;
  idx->Search(mapped, 1.0, Similarity::kCosine, &sc, &hits);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(idx->ExactTerm(mapped), std::min(hits[0].term, hits[1].term));
  idx->MapGrams(NameTrigrams("abbab"), &mapped);
  EXPECT_EQ(idx->ExactTerm(mapped), UINT32_MAX);  // known grams, no name with exactly these
  idx->MapGrams(NameTrigrams("xyz"), &mapped);
  EXPECT_EQ(idx->ExactTerm(mapped), UINT32_MAX);  // unknown grams
}

TEST(ConceptSearchTest, KernelSelection) {
  const SearchKernel original = CurrentSearchKernel();
  EXPECT_TRUE(UseSearchKernel(SearchKernel::kPortable));  // always available
  EXPECT_EQ(CurrentSearchKernel(), SearchKernel::kPortable);
  EXPECT_TRUE(UseSearchKernel(original));
  EXPECT_EQ(CurrentSearchKernel(), original);
}

}  // namespace
}  // namespace clue::metrics::concepts
