#include "clue/metrics/concepts/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "clue/metrics/concepts/test_corpus.h"
#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {
namespace {

const std::string kData = "../shared/datasets/";

// Disease Ontology + HPO + DrugBank (~105k names): the real vocabularies, but not MeSH, to keep
// the ASan build fast.
std::shared_ptr<const ConceptIndex> ClinicalIndex() {
  static auto idx = [] {
    Dictionary d = LoadDictionary(kData + "vocab_disease_ontology/doid_lexicon.tsv");
    d.Merge(LoadDictionary(kData + "vocab_hpo/hpo_lexicon_en.tsv"));
    d.Merge(LoadDictionary(kData + "vocab_drugbank/drugbank_vocabulary.csv"));
    return ConceptIndex::Build(d, IndexOptions{});
  }();
  return idx;
}

// "span => id (canonical)" per mention, in text order.
std::vector<std::string> Linked(const std::vector<Mention>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.text + " => " + m.concept_id + " (" + m.canonical + ")");
  return out;
}

std::vector<std::string> MatchText(const std::string& text, MatcherOptions opt = {}) {
  return Linked(Matcher(ClinicalIndex(), opt).Match(text));
}

TEST(MatcherTest, DiabetesAndHypertension) {
  auto ms = Matcher(ClinicalIndex(), {}).Match("Patient with type 2 diabetes mellitus and hypertension.");
  ASSERT_EQ(Linked(ms), (std::vector<std::string>{
                            "type 2 diabetes mellitus => lexicon:DOID:9352 (type 2 diabetes mellitus)",
                            "hypertension => lexicon:DOID:10763 (hypertension)"}));
  EXPECT_EQ(ms[0].begin, 13u);
  EXPECT_EQ(ms[0].end, 37u);
  EXPECT_DOUBLE_EQ(ms[0].score, 1.0);
}

TEST(MatcherTest, DiseasesAcrossClausesAndAbbreviationSynonym) {
  EXPECT_EQ(MatchText("Myocardial infarction, chronic kidney disease and asthma; no pneumonia. COPD."),
            (std::vector<std::string>{
                "Myocardial infarction => lexicon:DOID:5844 (myocardial infarction)",
                "chronic kidney disease => lexicon:DOID:784 (chronic kidney disease)",
                "asthma => lexicon:DOID:2841 (asthma)",
                "pneumonia => lexicon:DOID:552 (pneumonia)",
                "COPD => lexicon:DOID:3083 (chronic obstructive pulmonary disease)"}));
}

TEST(MatcherTest, DrugsLinkToCanonicalNameAndPhenotypes) {
  EXPECT_EQ(MatchText("Started metformin and aspirin; stop warfarin. Seizures and short stature noted."),
            (std::vector<std::string>{
                "metformin => drugbank:DB00331 (Metformin)",
                "aspirin => drugbank:DB00945 (Acetylsalicylic acid)",  // synonym -> canonical
                "warfarin => drugbank:DB00682 (Warfarin)",
                "Seizures => lexicon:HP:0001250 (Seizures)",
                "short stature => lexicon:HP:0004322 (Short stature)"}));
}

// Set cosine over char_wb 3-grams, checked with python3:
//   g = lambda s: {p[i:i+3] for w in s.split() for p in [' '+w+' '] for i in range(len(p)-2)}
//   "diabetis mellitus" vs "diabetes mellitus": 16, 16 grams, 13 shared -> cos 0.8125, jacc 0.684
//   "atrial fibrilation" vs "atrial fibrillation": 17, 18, 16 -> cos 0.91466
TEST(MatcherTest, MisspellingsMatchApproximately) {
  auto ms = Matcher(ClinicalIndex(), {}).Match("Known diabetis mellitus and atrial fibrilation.");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].canonical, "diabetes mellitus");
  EXPECT_NEAR(ms[0].score, 0.8125, 1e-9);
  EXPECT_EQ(ms[1].canonical, "atrial fibrillation");
  EXPECT_NEAR(ms[1].score, 16 / std::sqrt(17.0 * 18.0), 1e-9);
  // Jaccard 0.684 is below the 0.7 threshold.
  MatcherOptions jac;
  jac.similarity = Similarity::kJaccard;
  auto mj = Matcher(ClinicalIndex(), jac).Match("Known diabetis mellitus.");
  for (const auto& m : mj) EXPECT_NE(m.canonical, "diabetes mellitus");
}

TEST(MatcherTest, ThresholdStopwordsAndMinLength) {
  MatcherOptions strict;
  strict.threshold = 0.95;
  EXPECT_TRUE(MatchText("Known diabetis mellitus.", strict).empty());
  // "ALL" (acute lymphoblastic leukemia in DO) is also a stop word in lower case.
  EXPECT_TRUE(MatchText("all of them").empty());
  MatcherOptions no_stop;
  no_stop.use_stopwords = false;
  no_stop.min_length = 1;
  EXPECT_FALSE(MatchText("all of them", no_stop).empty());
  MatcherOptions long_min;
  long_min.min_length = 7;  // "asthma" has 6 characters
  EXPECT_TRUE(MatchText("asthma", long_min).empty());
}

TEST(MatcherTest, CaseFoldingOff) {
  Dictionary d;
  d.Add("tsv:1", "Aids", "");
  d.Add("tsv:2", "AIDS", "");
  IndexOptions keep;
  keep.fold_case = false;
  auto idx = ConceptIndex::Build(d, keep);
  auto ms = Matcher(idx, {}).Match("history of AIDS");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].concept_id, "tsv:2");
  auto folded = Matcher(ConceptIndex::Build(d, IndexOptions{}), {}).Match("history of AIDS");
  ASSERT_EQ(folded.size(), 1u);
  EXPECT_EQ(folded[0].concept_id, "tsv:1");  // same normalized name: first concept wins
}

TEST(MatcherTest, LongestCriterionOption) {
  MatcherOptions longest;
  longest.prefer_longest = true;
  longest.max_tokens = 6;
  // The 4-token window still reaches 0.775 against "type 2 diabetes mellitus" and swallows the
  // neighbour, which is why score-first is the default.
  auto ms = Matcher(ClinicalIndex(), longest).Match("type 2 diabetes mellitus and hypertension");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].text, "type 2 diabetes mellitus and hypertension");
}

// The matcher's rules applied naively, as documented in matcher.h: every window looked up at the
// plain threshold, its best name (highest score, then lowest term), then overlaps resolved by
// score, length and position. Match skips windows that cannot win; it must agree exactly.
std::vector<Mention> NaiveMatch(const ConceptIndex& idx, const MatcherOptions& opt,
                                std::string_view text) {
  std::unordered_set<std::string> stop;
  for (const auto& w : DefaultStopwords()) stop.insert(NormalizeToken(w, idx.fold_case()));
  const auto tokens = Tokenize(text);
  auto norm = [&](size_t k) {
    return NormalizeToken(text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin), idx.fold_case());
  };
  struct Cand {
    size_t first, last;
    SearchHit best;
    size_t bytes;
  };
  std::vector<Cand> cands;
  SearchScratch sc;
  std::vector<SearchHit> hits;
  std::vector<uint32_t> raw, mapped;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string joined;
    bool alpha = false;
    raw.clear();
    for (size_t j = i; j < tokens.size() && j < i + static_cast<size_t>(opt.max_tokens); ++j) {
      if (j > i && tokens[j].break_before) break;
      const std::string tok = norm(j);
      joined += (j > i ? " " : "") + tok;
      alpha |= std::any_of(tok.begin(), tok.end(), [](char c) { return c < '0' || c > '9'; });
      AppendTokenTrigrams(tok, &raw);
      if (stop.count(norm(i)) || stop.count(tok) || !alpha ||
          joined.size() < static_cast<size_t>(opt.min_length))
        continue;
      idx.MapGrams(raw, &mapped);
      idx.Search(mapped, opt.threshold, opt.similarity, &sc, &hits);
      if (hits.empty()) continue;
      SearchHit best = hits[0];
      for (const auto& h : hits)
        if (h.score > best.score || (h.score == best.score && h.term < best.term)) best = h;
      cands.push_back(Cand{i, j, best, joined.size()});
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    if (a.best.score != b.best.score) return a.best.score > b.best.score;
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.first < b.first;
  });
  std::vector<char> taken(tokens.size(), 0);
  std::vector<Mention> out;
  for (const Cand& c : cands) {
    if (std::count(taken.begin() + c.first, taken.begin() + c.last + 1, 1) > 0) continue;
    std::fill(taken.begin() + c.first, taken.begin() + c.last + 1, 1);
    Mention m;
    m.begin = tokens[c.first].begin;
    m.end = tokens[c.last].end;
    m.concept_id = std::string(idx.concept_id(idx.term_concepts(c.best.term)[0]));
    m.matched_name = std::string(idx.term(c.best.term));
    m.score = c.best.score;
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  return out;
}

TEST(MatcherTest, EqualsTheNaiveMatcherOnRealAbstracts) {
  const std::string text = testing::PubMedAbstracts(8000);
  MatcherOptions jaccard;
  jaccard.similarity = Similarity::kJaccard;
  MatcherOptions strict;
  strict.threshold = 0.85;
  strict.max_tokens = 3;
  for (const MatcherOptions& opt : {MatcherOptions{}, jaccard, strict}) {
    const auto want = NaiveMatch(*ClinicalIndex(), opt, text);
    const auto got = Matcher(ClinicalIndex(), opt).Match(text);
    ASSERT_GT(want.size(), 40u);
    ASSERT_EQ(got.size(), want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].begin, want[k].begin) << k;
      EXPECT_EQ(got[k].end, want[k].end) << k;
      EXPECT_EQ(got[k].concept_id, want[k].concept_id) << k;
      EXPECT_EQ(got[k].matched_name, want[k].matched_name) << k;
      EXPECT_EQ(got[k].score, want[k].score) << k;
    }
  }
}

}  // namespace
}  // namespace clue::metrics::concepts
