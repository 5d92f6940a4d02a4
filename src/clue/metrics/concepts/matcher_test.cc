#include "clue/metrics/concepts/matcher.h"

#include <gtest/gtest.h>

#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {
namespace {

const std::string kData = "../shared/datasets/";

std::shared_ptr<const ConceptIndex> DoIndex() {
  static auto idx = ConceptIndex::Build(
      LoadDictionary(kData + "vocab_disease_ontology/doid_lexicon.tsv"), IndexOptions{});
  return idx;
}

std::vector<std::string> Ids(const std::vector<Mention>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.concept_id + "=" + m.canonical);
  return out;
}

TEST(MatcherTest, Debug) {
  Matcher m(DoIndex(), MatcherOptions{});
  for (const char* s : {"Patient with type 2 diabetes mellitus and hypertension.",
                        "History of myocardial infarction, chronic kidney disease and asthma; no pneumonia.",
                        "The patient was diagnosed with breast cancer and Alzheimer's disease."}) {
    for (const auto& x : m.Match(s))
      std::printf("[%s] -> %s %s (%s) %.3f\n", x.text.c_str(), x.concept_id.c_str(),
                  x.canonical.c_str(), x.matched_name.c_str(), x.score);
    std::printf("--\n");
  }
}

}  // namespace
}  // namespace clue::metrics::concepts
