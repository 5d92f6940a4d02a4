#include "clue/metrics/concepts/concept_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clue_cidx_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& body) const {
    std::ofstream((path / name).string(), std::ios::binary) << body;
    return (path / name).string();
  }
};

std::vector<uint32_t> Q(const ConceptIndex& idx, const std::string& name) {
  std::vector<uint32_t> mapped;
  idx.MapGrams(NameTrigrams(NormalizeName(name, true)), &mapped);
  return mapped;
}

const char* kTsv =
    "C1\tmyocardial infarction\theart attack\tMI\n"
    "C2\thypertension\thigh blood pressure\n"
    "C3\tdiabetes mellitus\n"
    "C4\ttype 2 diabetes mellitus\tNIDDM\n";

TEST(ConceptIndexTest, TermsConceptsAndExactSearch) {
  TempDir dir;
  Dictionary d = LoadDictionary(dir.Write("d.tsv", kTsv));
  auto idx = ConceptIndex::Build(d, IndexOptions{});
  EXPECT_EQ(idx->concept_count(), 4u);
  EXPECT_EQ(idx->term_count(), 8u);  // "mi" included; all normalized names are distinct
  SearchScratch sc;
  std::vector<SearchHit> hits;
  idx->Search(Q(*idx, "hypertension"), 1.0, Similarity::kCosine, &sc, &hits);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(idx->term(hits[0].term), "hypertension");
  EXPECT_EQ(idx->canonical(idx->term_concepts(hits[0].term)[0]), "hypertension");
  EXPECT_EQ(idx->concept_id(idx->term_concepts(hits[0].term)[0]), "tsv:C2");
  // At 0.7, "diabetes mellitus" (16 grams) finds itself and "type 2 diabetes mellitus"
  // (16 + 4 (" ty","typ","ype","pe ") + 1 (" 2 ") = 21 grams, 16 shared: 16/sqrt(16*21) = 0.8729),
  // nothing else. python3: see matcher_test.cc for the gram function.
  idx->Search(Q(*idx, "diabetes mellitus"), 0.7, Similarity::kCosine, &sc, &hits);
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) {
    if (idx->term(h.term) == "diabetes mellitus") EXPECT_DOUBLE_EQ(h.score, 1.0);
    else EXPECT_NEAR(h.score, 16 / std::sqrt(16.0 * 21.0), 1e-12);
  }
  // Jaccard for the same pair: 16 / 21 = 0.762.
  idx->Search(Q(*idx, "type 2 diabetes mellitus"), 0.75, Similarity::kJaccard, &sc, &hits);
  EXPECT_EQ(hits.size(), 2u);
  idx->Search(Q(*idx, "type 2 diabetes mellitus"), 0.77, Similarity::kJaccard, &sc, &hits);
  EXPECT_EQ(hits.size(), 1u);
}

// The CPMerge pruning must not lose anything: compare with brute force over every term.
TEST(ConceptIndexTest, SearchEqualsBruteForce) {
  Dictionary d = LoadDictionary("../shared/datasets/vocab_disease_ontology/doid_lexicon.tsv");
  auto idx = ConceptIndex::Build(d, IndexOptions{});
  std::vector<std::vector<uint32_t>> all(idx->term_count());
  for (uint32_t t = 0; t < idx->term_count(); ++t) all[t] = NameTrigrams(idx->term(t));
  SearchScratch sc;
  std::vector<SearchHit> hits;
  // A lower-threshold index too, to exercise prefix filtering at other settings.
  IndexOptions low;
  low.min_threshold = 0.5;
  auto idx_low = ConceptIndex::Build(d, low);
  EXPECT_THROW(idx->Search(Q(*idx, "x"), 0.6, Similarity::kCosine, &sc, &hits), std::invalid_argument);
  for (const char* q : {"diabetis", "chronic kidny disease"}) {
    auto qg = NameTrigrams(NormalizeName(q, true));
    size_t brute = 0;
    for (const auto& y : all) {
      std::vector<uint32_t> common;
      std::set_intersection(qg.begin(), qg.end(), y.begin(), y.end(), std::back_inserter(common));
      if (common.size() / std::sqrt(double(qg.size()) * y.size()) + 1e-9 >= 0.5) ++brute;
    }
    idx_low->Search(Q(*idx_low, q), 0.5, Similarity::kCosine, &sc, &hits);
    EXPECT_EQ(hits.size(), brute) << q;
    EXPECT_GT(brute, 0u);
  }
  for (const char* q : {"diabetis", "chronic kidny disease", "lung cancer", "heart failure acute",
                        "x", "the patient has"}) {
    for (double th : {0.7, 0.8, 0.9}) {
      auto qg = NameTrigrams(NormalizeName(q, true));
      size_t brute = 0;
      for (const auto& y : all) {
        std::vector<uint32_t> common;
        std::set_intersection(qg.begin(), qg.end(), y.begin(), y.end(), std::back_inserter(common));
        if (common.size() / std::sqrt(double(qg.size()) * y.size()) + 1e-9 >= th) ++brute;
      }
      idx->Search(Q(*idx, q), th, Similarity::kCosine, &sc, &hits);
      EXPECT_EQ(hits.size(), brute) << q << " @ " << th;
      size_t brute_j = 0;
      for (const auto& y : all) {
        std::vector<uint32_t> common;
        std::set_intersection(qg.begin(), qg.end(), y.begin(), y.end(), std::back_inserter(common));
        if (double(common.size()) / (qg.size() + y.size() - common.size()) + 1e-9 >= th) ++brute_j;
      }
      idx->Search(Q(*idx, q), th, Similarity::kJaccard, &sc, &hits);
      EXPECT_EQ(hits.size(), brute_j) << q << " @ " << th << " (Jaccard)";
    }
  }
}

TEST(ConceptIndexTest, CacheIsReusedAndKeyedByContent) {
  TempDir dir;
  IndexSource src;
  src.dictionaries = {dir.Write("d.tsv", kTsv)};
  src.cache_dir = (dir.path / "cache").string();
  IndexLoadInfo first, second;
  auto a = LoadOrBuildIndex(src, &first);
  EXPECT_FALSE(first.from_cache);
  ASSERT_TRUE(fs::exists(first.cache_path));
  auto b = LoadOrBuildIndex(src, &second);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.cache_path, first.cache_path);
  EXPECT_EQ(b->term_count(), a->term_count());
  EXPECT_EQ(b->canonical(1), a->canonical(1));
  // Changed content -> another key -> rebuilt, not the stale file.
  dir.Write("d.tsv", std::string(kTsv) + "C5\tasthma\n");
  IndexLoadInfo third;
  auto c = LoadOrBuildIndex(src, &third);
  EXPECT_FALSE(third.from_cache);
  EXPECT_NE(third.cache_path, first.cache_path);
  EXPECT_EQ(c->concept_count(), 5u);
  // Other options -> another key.
  src.options.fold_case = false;
  IndexLoadInfo fourth;
  LoadOrBuildIndex(src, &fourth);
  EXPECT_NE(fourth.cache_path, third.cache_path);
}

TEST(ConceptIndexTest, CorruptOrTruncatedCacheIsRebuilt) {
  TempDir dir;
  IndexSource src;
  src.dictionaries = {dir.Write("d.tsv", kTsv)};
  src.cache_dir = (dir.path / "cache").string();
  IndexLoadInfo info;
  LoadOrBuildIndex(src, &info);
  const std::string path = info.cache_path;
  const auto size = fs::file_size(path);
  {  // flip one byte in the payload
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 20));
    f.put('\x7f');
  }
  IndexLoadInfo again;
  auto idx = LoadOrBuildIndex(src, &again);
  EXPECT_FALSE(again.from_cache);
  EXPECT_NE(again.note.find("checksum mismatch"), std::string::npos) << again.note;
  EXPECT_EQ(idx->concept_count(), 4u);
  fs::resize_file(path, size / 2);
  IndexLoadInfo truncated;
  LoadOrBuildIndex(src, &truncated);
  EXPECT_FALSE(truncated.from_cache);
  EXPECT_NE(truncated.note.find("truncated"), std::string::npos) << truncated.note;
  // And after the rebuild the cache is good again.
  IndexLoadInfo good;
  LoadOrBuildIndex(src, &good);
  EXPECT_TRUE(good.from_cache);
  dir.Write("junk.cidx", "not an index at all, but long enough to pass a size check? no.");
  std::string why;
  EXPECT_EQ(ConceptIndex::Open((dir.path / "junk.cidx").string(), 1, &why), nullptr);
  EXPECT_FALSE(why.empty());
}

}  // namespace
}  // namespace clue::metrics::concepts
