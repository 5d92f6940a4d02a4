#include "clue/backends/baseline_backend.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <re2/re2.h>

namespace clue::backends {
namespace {

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string FieldText(const nlohmann::json& spec, const GenerationRequest& req) {
  const std::string field = spec.value("field", "");
  if (!req.sample.is_object() || !req.sample.contains(field) || !req.sample[field].is_string())
    throw std::runtime_error("baseline: sample has no text field '" + field + "'");
  return req.sample[field].get<std::string>();
}

// The same code pattern MeDiSumCode scoring uses.
std::string ShotCodes(const nlohmann::json& spec, const GenerationRequest& req) {
  static const RE2 kCode(R"(\b([A-TV-Z][0-9]{2}(?:\.?[0-9A-Z]{1,4})?)\b)");
  std::vector<std::pair<std::string, int>> counts;  // first-appearance order
  int shots = 0;
  for (const auto& m : req.messages) {
    if (m.role != "assistant") continue;
    ++shots;
    re2::StringPiece in(m.content);
    std::string code;
    while (RE2::FindAndConsume(&in, kCode, &code)) {
      auto it = std::find_if(counts.begin(), counts.end(), [&](auto& c) { return c.first == code; });
      if (it == counts.end()) counts.emplace_back(code, 1);
      else ++it->second;
    }
  }
  int total = 0;
  for (const auto& c : counts) total += c.second;
  const int top = spec.contains("top") ? spec["top"].get<int>()
                                       : (shots ? (int)std::lround((double)total / shots) : 0);
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (int i = 0; i < top && i < (int)counts.size(); ++i) out += (i ? ", " : "") + counts[i].first;
  return out;
}

}  // namespace

std::string FirstSentence(const std::string& text) {
  const std::string t = Trim(text);
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') return Trim(t.substr(0, i));
    if ((c == '.' || c == '?' || c == '!') &&
        (i + 1 == t.size() || std::isspace(static_cast<unsigned char>(t[i + 1]))))
      return t.substr(0, i + 1);
  }
  return t;
}

std::string BaselineBackend::Answer(const nlohmann::json& spec, const GenerationRequest& req) {
  const std::string kind = spec.value("kind", "");
  if (kind == "constant") return spec.value("text", "");
  if (kind == "first_sentence") return FirstSentence(FieldText(spec, req));
  if (kind == "first_line") {
    const std::string text = Trim(FieldText(spec, req));
    return spec.value("prefix", "") + text.substr(0, text.find('\n'));
  }
  if (kind == "shot_codes") return ShotCodes(spec, req);
  throw std::runtime_error("unknown baseline kind '" + kind + "'");
}

BaselineBackend::BaselineBackend(std::map<std::string, nlohmann::json> spec_by_task,
                                 std::string label)
    : spec_by_task_(std::move(spec_by_task)), label_(std::move(label)) {}

void BaselineBackend::Generate(std::span<const GenerationRequest> requests,
                               const std::function<void(size_t, GenerationResult)>& on_result) {
  for (size_t i = 0; i < requests.size(); ++i) {
    GenerationResult r;
    auto it = spec_by_task_.find(requests[i].task);
    if (it == spec_by_task_.end()) {
      r.error = "no baseline defined for task '" + requests[i].task + "'";
    } else {
      try {
        r.text = Answer(it->second, requests[i]);
        r.ok = true;
        r.finish_reason = "stop";
      } catch (const std::exception& e) {
        r.error = e.what();
      }
    }
    on_result(i, std::move(r));
  }
}

}  // namespace clue::backends
