#pragma once
// A task as data: the parsed, validated form of a tasks/*.yaml file under one profile.
// Everything that defines the protocol (data, prompt, shots, decoding, parsing, metrics, score)
// lives in the file, so a new clinical task needs no C++.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::tasks {

// A per-row rewrite applied after loading, before rendering and scoring.
struct Transform {
  std::string from;                                    // source field
  std::string to;                                      // target field (defaults to `from`)
  std::vector<std::pair<std::string, std::string>> replace;  // literal replacements, in order
  std::string pluck;                                   // list of objects -> list of this key
  std::optional<std::string> join;                     // list -> string joined by this
  bool lowercase = false;
};

struct MetricSpec {
  std::string name;
  nlohmann::json options = nlohmann::json::object();
  int line = 0;
};

struct TaskSpec {
  std::string name;
  std::string description;
  std::string file;     // the YAML file it came from
  std::string profile;  // the profile applied ("" = none)

  // Data.
  std::string data_path;    // relative to a --data-dir
  std::string data_format = "auto";
  std::string id_field;     // "" = row index
  std::vector<std::string> required_fields;
  std::vector<Transform> transforms;
  std::string builder = "standard";  // standard | longhealth
  nlohmann::json builder_options = nlohmann::json::object();

  // Prompt (mustache templates over the row's fields).
  std::string system_prompt;
  std::string user_template;
  std::string assistant_template;
  std::string assistant_prefix;

  // Few-shot.
  int shot_count = 0;
  std::string shot_select = "first";  // first | shuffle
  uint64_t shot_seed = 1;

  // Generation.
  int max_tokens = 512;
  double temperature = 0.0;
  double top_p = 1.0;
  std::vector<std::string> stop;

  // Post-processing and answer parsing.
  bool strip = true;
  std::vector<std::string> remove_patterns;  // RE2; each match is removed through end of line
  std::string parse_regex;                   // "" = no parsing; the answer is the whole output
  int parse_group = 1;
  // RE2, case-insensitive; a match marks the sample "refused" (it is still scored as the protocol
  // says, but counted apart). The default only matches answers that open with a refusal.
  std::vector<std::string> refusal_patterns = {
      R"(^\s*(I'm sorry|I am sorry|I apologi[sz]e|I cannot|I can't|I can not|I am unable|I'm unable|I won't|As an AI))"};

  // Scoring.
  std::string gold_field;
  std::vector<MetricSpec> metrics;
  std::vector<std::string> score_values;
  bool legacy_double_count = false;  // whether CLUE's update_results double count applied here

  // Parameter-free baselines, by name.
  std::vector<std::pair<std::string, nlohmann::json>> baselines;
  std::string default_baseline;

  // sha256 of the canonical task definition, for results.json.
  std::string hash;
};

// Loads a task file and applies `profile` (the file's profiles.<name> overrides). An empty
// profile applies the file's `default_profile`, if any. Unknown keys, bad types and unknown
// profiles throw data::InputError with the file and line.
TaskSpec LoadTaskFile(const std::string& path, const std::string& profile);

// The profiles a task file defines.
std::vector<std::string> TaskProfiles(const std::string& path);

}  // namespace clue::tasks
