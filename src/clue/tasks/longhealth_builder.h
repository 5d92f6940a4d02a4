#pragma once
// LongHealth prompt construction, following CLUE's eval/eval_LongHealth.py (create_prompt,
// sample_distractions, get_correct_answer):
//   * Task 1: the answer documents (answer_location order), then the patient's other texts, are
//     added while they fit the budget; 5 prompts per question, each with its own shuffle.
//   * Tasks 2/3: option F "Question cannot be answered with provided documents" is added; for
//     j = 0..9, 10 texts are drawn from all other patients' texts (random.sample); odd j is task 2
//     (answer documents + distractors, gold = the correct letter), even j is task 3 (distractors
//     only, gold "F").
//   * Budget: max_len - tokens(system prompt); the running total starts at tokens(question) +
//     tokens(options) + tokens(template) and each added document costs its tokens plus the tokens
//     of "\n\n-------------- NEW DOCUMENT --------------\n\n" (not the separator actually used).
//     The first document that does not fit is cut to the remaining budget (floored at 0) and ends
//     that list; as upstream, the distractor/other-document loop still runs afterwards, so when the
//     answer documents overflowed it appends one document cut to 0 tokens (an empty string).
//   * The selected documents are shuffled and joined with "\n\n--------------\n\n".
// Upstream sets no seed, so its prompts are not reproducible. Here every question draws from its
// own PyRandom stream seeded with FNV-1a-64("<seed>|<patient>|<No>|<t1 or t23>"), so the prompts
// for a question do not depend on which tasks, patients or --limit are run. Tasks 2 and 3 share one
// stream (as they share the upstream loop), so building only one of them still consumes the
// other's draws.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"
#include "clue/data/longhealth.h"

namespace clue::tasks {

// The prompts themselves are data: tasks/longhealth_task1.yaml holds CLUE's verbatim sys_prompt
// and prompt_template (placeholders documents, question_text, options).
extern const char* const kLongHealthAnswerF;  // "Question cannot be answered with provided documents"

struct LongHealthOptions {
  int task = 1;                   // 1, 2 or 3
  int prompts_per_question = 5;   // task 1: repeats; tasks 2/3: j runs over 2x this many draws
  size_t max_len = 8140;          // context budget before subtracting the system prompt
  std::string system_prompt;      // counted against the budget; may be empty
  // Required; counted against the budget. Mustache braces ({{x}}, {{{x}}}) are counted as the
  // Python-format {x} CLUE measured.
  std::string user_template;
  uint64_t seed = 1;
  bool last_match_gold = false;   // TGI-era get_correct_answer: the last matching option wins
};

struct LongHealthPrompt {
  std::string id;           // "<patient>-q<No>-t<task>-r<repeat>"
  std::string patient;
  std::string question_id;  // the question's "No"
  int task = 1;
  int repeat = 0;
  // Template fields: "documents" (joined), "question_text", "options" ("A: text" lines).
  nlohmann::json fields;
  std::string gold;         // letter; "F" for task 3; "" when no option contains `correct`
};

// All prompts of one task in file order (patients, then questions, then repeats).
// Throws std::invalid_argument for a bad task number or prompts_per_question < 1.
std::vector<LongHealthPrompt> BuildLongHealthPrompts(const data::LongHealthData& data,
                                                     const LongHealthOptions& options,
                                                     backends::Tokenizer& tok);

// get_correct_answer: the first (or last) key starting with "answer" and not ending in
// "location" whose string value contains question["correct"]; its last character, upper-cased.
// Returns "" when none matches.
std::string LongHealthGoldLetter(const nlohmann::ordered_json& question, bool last_match);

// The per-question seed described above.
uint64_t LongHealthQuestionSeed(uint64_t seed, const std::string& patient, const std::string& no,
                                bool tasks_2_3);

}  // namespace clue::tasks
