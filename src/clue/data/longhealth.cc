#include "clue/data/longhealth.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "clue/data/input_error.h"

namespace clue::data {
namespace {

// Line numbers of the structures we report on, found by a string-aware scan of the raw text:
// the line of each top-level key, and for each of them the lines of the '{' of objects sitting
// directly in an array directly inside that patient (its questions).
struct LineIndex {
  std::vector<int> patient_lines;
  std::vector<std::vector<int>> question_lines;
};

LineIndex IndexLines(const std::string& text) {
  LineIndex idx;
  std::vector<char> stack;  // '{' or '['
  int line = 1;
  bool in_string = false;
  int string_line = 0;
  bool last_was_string = false;  // a string just closed at this depth (a key if ':' follows)
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
        ++i;
      } else if (c == '"') {
        in_string = false;
        last_was_string = true;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string_line = line;
        break;
      case ':':
        if (last_was_string && stack.size() == 1 && stack[0] == '{') {
          idx.patient_lines.push_back(string_line);
          idx.question_lines.emplace_back();
        }
        break;
      case '{':
        if (stack.size() == 3 && stack[1] == '{' && stack[2] == '[' && !idx.question_lines.empty())
          idx.question_lines.back().push_back(line);
        stack.push_back(c);
        break;
      case '[':
        stack.push_back(c);
        break;
      case '}':
      case ']':
        if (!stack.empty()) stack.pop_back();
        break;
      default:
        break;
    }
    if (c != '"' && c != ' ' && c != '\t' && c != '\r' && c != '\n') last_was_string = false;
  }
  return idx;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const nlohmann::ordered_json& Require(const nlohmann::ordered_json& obj, const std::string& key,
                                      const std::string& path, int line, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) throw InputError(path, line, where + "." + key, "missing");
  return *it;
}

std::string RequireString(const nlohmann::ordered_json& obj, const std::string& key,
                          const std::string& path, int line, const std::string& where) {
  const auto& v = Require(obj, key, path, line, where);
  if (!v.is_string())
    throw InputError(path, line, where + "." + key,
                     std::string("expected a string, got ") + v.type_name());
  return v.get<std::string>();
}

LongHealthQuestion ParseQuestion(const nlohmann::ordered_json& q, const LongHealthPatient& p,
                                 const std::string& path, int line, const std::string& where) {
  if (!q.is_object())
    throw InputError(path, line, where, std::string("expected an object, got ") + q.type_name());
  LongHealthQuestion out;
  out.line = line;
  const auto& no = Require(q, "No", path, line, where);
  if (no.is_number_integer()) out.no = std::to_string(no.get<long long>());
  else if (no.is_string()) out.no = no.get<std::string>();
  else throw InputError(path, line, where + ".No", std::string("expected a number, got ") + no.type_name());
  out.question = RequireString(q, "question", path, line, where);
  for (const char* key : {"answer_a", "answer_b", "answer_c", "answer_d", "answer_e"})
    RequireString(q, key, path, line, where);
  out.correct = RequireString(q, "correct", path, line, where);
  const auto& loc = Require(q, "answer_location", path, line, where);
  if (!loc.is_object())
    throw InputError(path, line, where + ".answer_location",
                     std::string("expected an object, got ") + loc.type_name());
  for (const auto& [text_id, _] : loc.items()) {
    if (p.FindText(text_id) == nullptr)
      throw InputError(path, line, where + ".answer_location." + text_id,
                       "no text with this id for " + p.id);
    out.answer_location.push_back(text_id);
  }
  out.raw = q;
  return out;
}

}  // namespace

const std::string* LongHealthPatient::FindText(const std::string& text_id) const {
  for (const auto& [id, text] : texts)
    if (id == text_id) return &text;
  return nullptr;
}

LongHealthData LoadLongHealth(const std::string& path) {
  const std::string text = ReadFile(path);
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string msg = e.what();
    if (auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
    throw InputError(path, 0, "", "invalid JSON: " + msg);
  }
  if (!doc.is_object())
    throw InputError(path, 1, "", std::string("expected an object of patients, got ") + doc.type_name());
  const LineIndex idx = IndexLines(text);
  LongHealthData data{path, {}};
  size_t pi = 0;
  for (const auto& [pid, pv] : doc.items()) {
    LongHealthPatient p;
    p.id = pid;
    p.line = pi < idx.patient_lines.size() ? idx.patient_lines[pi] : 0;
    if (!pv.is_object())
      throw InputError(path, p.line, pid, std::string("expected an object, got ") + pv.type_name());
    const auto& texts = Require(pv, "texts", path, p.line, pid);
    if (!texts.is_object())
      throw InputError(path, p.line, pid + ".texts",
                       std::string("expected an object, got ") + texts.type_name());
    for (const auto& [tid, tv] : texts.items()) {
      if (!tv.is_string())
        throw InputError(path, p.line, pid + ".texts." + tid,
                         std::string("expected a string, got ") + tv.type_name());
      p.texts.emplace_back(tid, tv.get<std::string>());
    }
    const auto& qs = Require(pv, "questions", path, p.line, pid);
    if (!qs.is_array())
      throw InputError(path, p.line, pid + ".questions",
                       std::string("expected an array, got ") + qs.type_name());
    for (size_t qi = 0; qi < qs.size(); ++qi) {
      const std::vector<int>* lines = pi < idx.question_lines.size() ? &idx.question_lines[pi] : nullptr;
      const int line = lines && qi < lines->size() ? (*lines)[qi] : p.line;
      const std::string where = pid + ".questions[" + std::to_string(qi) + "]";
      p.questions.push_back(ParseQuestion(qs[qi], p, path, line, where));
    }
    data.patients.push_back(std::move(p));
    ++pi;
  }
  return data;
}

}  // namespace clue::data
