#include "clue/tasks/longhealth_builder.h"

#include <algorithm>
#include <stdexcept>

#include "clue/data/py_random.h"

namespace clue::tasks {

const char* const kLongHealthAnswerF = "Question cannot be answered with provided documents";

namespace {

constexpr const char* kBudgetSeparator = "\n\n-------------- NEW DOCUMENT --------------\n\n";
constexpr const char* kJoinSeparator = "\n\n--------------\n\n";

// Mustache placeholders counted as the Python-format ones CLUE measured.
std::string AsPythonFormat(std::string t) {
  for (const char* from : {"{{{", "}}}", "{{", "}}"}) {
    const std::string f = from;
    const std::string to(1, f[0]);
    for (size_t p = t.find(f); p != std::string::npos; p = t.find(f, p + 1)) t.replace(p, f.size(), to);
  }
  return t;
}

struct Budget {
  int64_t max_len = 0;
  int64_t fixed = 0;  // question + options + template
  int64_t separator = 0;
};

// Adds docs in order while they fit; the first that does not is cut to what is left and ends the
// list (CLUE's create_prompt loop body, shared by both document lists).
void AddDocs(const std::vector<const std::string*>& docs, const Budget& b, int64_t& total,
             std::vector<std::string>& selected, backends::Tokenizer& tok) {
  for (const std::string* doc : docs) {
    const int64_t len = static_cast<int64_t>(tok.Count(*doc));
    if (total + len <= b.max_len) {
      selected.push_back(*doc);
      total += len + b.separator;
    } else {
      selected.push_back(tok.Truncate(*doc, static_cast<size_t>(std::max<int64_t>(b.max_len - total, 0))));
      total += b.max_len - total;
      break;
    }
  }
}

std::string BuildDocuments(const std::vector<const std::string*>& answer_docs,
                           const std::vector<const std::string*>& other_docs, const Budget& b,
                           data::PyRandom& rng, backends::Tokenizer& tok) {
  std::vector<std::string> selected;
  int64_t total = b.fixed;
  AddDocs(answer_docs, b, total, selected, tok);
  AddDocs(other_docs, b, total, selected, tok);
  rng.Shuffle(selected);
  std::string out;
  for (size_t i = 0; i < selected.size(); ++i) {
    if (i) out += kJoinSeparator;
    out += selected[i];
  }
  return out;
}

std::string Options(const nlohmann::ordered_json& q, const std::string& labels) {
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += '\n';
    out += static_cast<char>(labels[i] - 'a' + 'A');
    out += ": ";
    out += q.at(std::string("answer_") + labels[i]).get<std::string>();
  }
  return out;
}

// Everything one question needs, computed once.
struct QuestionCtx {
  const data::LongHealthPatient* patient;
  const data::LongHealthQuestion* question;
  std::vector<const std::string*> answer_docs;
};

LongHealthPrompt MakePrompt(const QuestionCtx& q, int task, int repeat, const std::string& docs,
                            const std::string& options, std::string gold) {
  LongHealthPrompt p;
  p.patient = q.patient->id;
  p.question_id = q.question->no;
  p.task = task;
  p.repeat = repeat;
  p.id = p.patient + "-q" + p.question_id + "-t" + std::to_string(task) + "-r" + std::to_string(repeat);
  p.fields = {{"documents", docs}, {"question_text", q.question->question}, {"options", options}};
  p.gold = std::move(gold);
  return p;
}

}  // namespace

std::string LongHealthGoldLetter(const nlohmann::ordered_json& question, bool last_match) {
  const auto correct_it = question.find("correct");
  if (correct_it == question.end() || !correct_it->is_string()) return "";
  const std::string& correct = correct_it->get_ref<const std::string&>();
  std::string letter;
  for (const auto& [key, value] : question.items()) {
    if (key.rfind("answer", 0) != 0) continue;
    if (key.size() >= 8 && key.compare(key.size() - 8, 8, "location") == 0) continue;
    if (!value.is_string() || value.get_ref<const std::string&>().find(correct) == std::string::npos)
      continue;
    const char c = key.back();
    letter = std::string(1, (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    if (!last_match) break;
  }
  return letter;
}

uint64_t LongHealthQuestionSeed(uint64_t seed, const std::string& patient, const std::string& no,
                                bool tasks_2_3) {
  const std::string key = std::to_string(seed) + "|" + patient + "|" + no + "|" + (tasks_2_3 ? "t23" : "t1");
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<LongHealthPrompt> BuildLongHealthPrompts(const data::LongHealthData& data,
                                                     const LongHealthOptions& opt,
                                                     backends::Tokenizer& tok) {
  if (opt.task < 1 || opt.task > 3) throw std::invalid_argument("LongHealth task must be 1, 2 or 3");
  if (opt.prompts_per_question < 1)
    throw std::invalid_argument("LongHealth prompts_per_question must be at least 1");
  if (opt.user_template.empty()) throw std::invalid_argument("LongHealth needs a user prompt template");
  const std::string& sys = opt.system_prompt;
  const std::string tmpl = AsPythonFormat(opt.user_template);
  Budget b;
  b.max_len = static_cast<int64_t>(opt.max_len) - static_cast<int64_t>(tok.Count(sys));
  b.separator = static_cast<int64_t>(tok.Count(kBudgetSeparator));
  const int64_t len_template = static_cast<int64_t>(tok.Count(tmpl));
  const bool t23 = opt.task != 1;
  const std::string labels = t23 ? "abcdef" : "abcde";

  std::vector<LongHealthPrompt> out;
  for (size_t pi = 0; pi < data.patients.size(); ++pi) {
    const data::LongHealthPatient& patient = data.patients[pi];
    // Distractor pool: every other patient's texts, in file order (sample_distractions).
    std::vector<const std::string*> pool;
    if (t23)
      for (size_t oi = 0; oi < data.patients.size(); ++oi)
        if (data.patients[oi].id != patient.id)
          for (const auto& [_, text] : data.patients[oi].texts) pool.push_back(&text);

    for (const data::LongHealthQuestion& question : patient.questions) {
      QuestionCtx q{&patient, &question, {}};
      for (const std::string& tid : question.answer_location) q.answer_docs.push_back(patient.FindText(tid));
      nlohmann::ordered_json qjson = question.raw;
      if (t23) qjson["answer_f"] = kLongHealthAnswerF;
      const std::string options = Options(qjson, labels);
      b.fixed = static_cast<int64_t>(tok.Count(question.question)) +
                static_cast<int64_t>(tok.Count(options)) + len_template;
      data::PyRandom rng(0);
      rng.SeedUnsigned(LongHealthQuestionSeed(opt.seed, patient.id, question.no, t23));

      if (!t23) {
        std::vector<const std::string*> others;
        for (const auto& [tid, text] : patient.texts)
          if (std::find(question.answer_location.begin(), question.answer_location.end(), tid) ==
              question.answer_location.end())
            others.push_back(&text);
        const std::string gold = LongHealthGoldLetter(qjson, opt.last_match_gold);
        for (int j = 0; j < opt.prompts_per_question; ++j)
          out.push_back(MakePrompt(q, 1, j, BuildDocuments(q.answer_docs, others, b, rng, tok), options, gold));
        continue;
      }
      const std::string gold2 = LongHealthGoldLetter(qjson, opt.last_match_gold);
      for (int j = 0; j < 2 * opt.prompts_per_question; ++j) {
        // Drawn for every j, whichever task is being built, so both tasks see the same stream.
        std::vector<const std::string*> distractors;
        for (size_t idx : rng.Sample(pool.size(), std::min<size_t>(10, pool.size())))
          distractors.push_back(pool[idx]);
        const bool task3 = j % 2 == 0;
        const std::vector<const std::string*> none;
        const std::string docs = BuildDocuments(task3 ? none : q.answer_docs, distractors, b, rng, tok);
        if (task3 == (opt.task == 3))
          out.push_back(MakePrompt(q, opt.task, j / 2, docs, options, task3 ? "F" : gold2));
      }
    }
  }
  return out;
}

}  // namespace clue::tasks
