#pragma once
// LongHealth's benchmark_v5.json: {patient_id: {"texts": {text_id: str}, "questions": [{"No",
// "question", "answer_a".."answer_e", "correct", "answer_location": {text_id: {"start": [...],
// "end": [...]}}}]}}. Patient, text and key order are kept as in the file because the prompt
// construction (answer documents first, distractor pools, the gold-letter rule) depends on it.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::data {

struct LongHealthQuestion {
  int line = 0;             // line of the question's '{'
  std::string no;           // "No" as text (the file has numbers; strings are accepted)
  std::string question;
  std::string correct;      // the text of the correct option
  std::vector<std::string> answer_location;  // text ids holding the answer, in file order
  nlohmann::ordered_json raw;                // the whole question object, keys in file order
};

struct LongHealthPatient {
  std::string id;
  int line = 0;  // line of the patient's key
  std::vector<std::pair<std::string, std::string>> texts;  // (text_id, text) in file order
  std::vector<LongHealthQuestion> questions;

  // The text with this id, or nullptr.
  const std::string* FindText(const std::string& text_id) const;
};

struct LongHealthData {
  std::string path;
  std::vector<LongHealthPatient> patients;
};

// Loads and validates the file. Errors are InputError(path, line, field, problem) where field is
// a path such as "patient_03.questions[2].answer_b" and line is the patient key's or question
// object's line. Checks: top level and patients are objects; texts is an object of strings;
// questions is an array of objects with No (number or string), question, answer_a..answer_e and
// correct (strings) and answer_location (an object whose keys are text ids of the same patient).
LongHealthData LoadLongHealth(const std::string& path);

}  // namespace clue::data
