#pragma once
// Deterministic, parameter-free baselines that need no GPU: the floor every model should beat,
// and the way the whole pipeline runs end to end on a laptop. Each task names its baselines:
//   {kind: constant, text: T}                  always answer T
//   {kind: first_sentence, field: F}           the first sentence of the sample's field F
//   {kind: first_line, field: F, prefix: P}    P + the first line of F (e.g. the first option)
//   {kind: shot_codes, top: N}                 the N most frequent ICD-10 codes in the shots'
//                                              answers (N defaults to their mean count per shot)
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"

namespace clue::backends {

class BaselineBackend : public Backend {
 public:
  // spec_by_task: the chosen baseline definition for each task; label: e.g. "baseline".
  BaselineBackend(std::map<std::string, nlohmann::json> spec_by_task, std::string label);

  std::string Identity() const override { return label_; }
  void Generate(std::span<const GenerationRequest> requests,
                const std::function<void(size_t, GenerationResult)>& on_result) override;

  // The answer one baseline gives to one request (exposed for tests).
  static std::string Answer(const nlohmann::json& spec, const GenerationRequest& request);

 private:
  std::map<std::string, nlohmann::json> spec_by_task_;
  std::string label_;
};

// The first sentence of text: up to the first '.', '?' or '!' followed by whitespace or the end,
// or up to the first line break, whichever comes first; surrounding whitespace trimmed.
std::string FirstSentence(const std::string& text);

}  // namespace clue::backends
