#pragma once
// Metric "entity_f1": CLUE's UMLS entity F1 (protocol §2.3) computed natively. Concepts are found
// in prediction and reference with the dictionary matcher (concepts/matcher.h); per sample
//   P = |pred ∩ gold| / |pred| (0 if pred is empty), R = |gold ∩ pred| / |gold| (0 if gold is
//   empty), F1 = 2PR/(P+R) (0 if P+R = 0),
// over sets of canonical names (or concept ids), averaged over samples. Values UMLS_P, UMLS_R,
// UMLS_F1 (prefix configurable). With a plug-in configured it delegates to metric "plugin".
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/concepts/matcher.h"
#include "clue/metrics/metric.h"

namespace clue::metrics {

// The per-sample P/R/F1 of two concept sets, with CLUE's empty-set rules.
void SetPrf(const std::set<std::string>& pred, const std::set<std::string>& gold, double out[3]);

class EntityF1Metric : public Metric {
 public:
  EntityF1Metric(std::shared_ptr<const concepts::ConceptIndex> index,
                 concepts::MatcherOptions matcher, bool compare_ids, const std::string& prefix,
                 unsigned threads = 1);

  const std::vector<ValueSpec>& values() const override { return values_; }
  void Score(const MetricInput& in, double* stats) const override;
  // Samples are independent and matchers come from a pool, so they are scored in parallel.
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override;

  // The concept set of a text (canonical names or ids).
  std::set<std::string> Concepts(std::string_view text) const;

 private:
  std::unique_ptr<concepts::Matcher> Borrow() const;
  void Return(std::unique_ptr<concepts::Matcher> m) const;

  std::shared_ptr<const concepts::ConceptIndex> index_;
  concepts::MatcherOptions matcher_opt_;
  bool compare_ids_;
  std::vector<ValueSpec> values_;
  unsigned threads_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<concepts::Matcher>> pool_;  // matchers hold scratch space
};

// Options: dictionaries (list or comma-separated), prefix ("UMLS"), compare ("names"|"ids"),
// threshold, similarity ("cosine"|"jaccard"), max_tokens, min_length, case_fold, stopwords
// (bool or list), prefer ("score"|"length"), cache_dir, plugin (command) with timeout_s/batch.
// Context: concepts.dict, concepts.cache_dir, entity_f1.plugin; env CLUE_CONCEPT_DICT.
MetricOrReason MakeEntityF1(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
