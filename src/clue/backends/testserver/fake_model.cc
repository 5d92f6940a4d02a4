#include "clue/backends/testserver/fake_model.h"

#include <cctype>
#include <regex>

namespace clue::backends::testserver {

using nlohmann::json;

std::string CanonicalBody(const json& request) {
  json j = request;
  if (j.is_object()) {
    j.erase("stream");
    j.erase("stream_options");
  }
  return j.dump();
}

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<std::string> SplitPieces(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

namespace {

std::string AllText(const json& request, bool chat) {
  if (!chat) return request.value("prompt", "");
  std::string all;
  for (const auto& m : request.value("messages", json::array()))
    if (m.contains("content") && m["content"].is_string()) all += m["content"].get<std::string>() + "\n";
  return all;
}

std::string LastMessage(const json& request, bool chat) {
  if (!chat) return request.value("prompt", "");
  const json& msgs = request.value("messages", json::array());
  for (auto it = msgs.rbegin(); it != msgs.rend(); ++it)
    if (it->value("role", "") == "user" && (*it)["content"].is_string()) return (*it)["content"];
  return "";
}

std::string ChooseText(const std::string& all, const std::string& last, uint64_t h) {
  static const std::regex kOption(R"((?:^|\n)\s*([A-E])[:)]\s*([^\n]+))");
  std::vector<std::pair<std::string, std::string>> options;
  for (std::sregex_iterator it(last.begin(), last.end(), kOption), end; it != end; ++it)
    options.emplace_back((*it)[1], (*it)[2]);
  if (options.size() >= 2) {
    const auto& [letter, text] = options[h % options.size()];
    return "The correct answer is " + letter + ": " + text;
  }
  if (all.find("entailment") != std::string::npos && all.find("contradiction") != std::string::npos) {
    static const char* kLabels[] = {"entailment", "contradiction", "neutral"};
    return kLabels[h % 3];
  }
  // First sentence of the last message, at most 40 words.
  size_t end = last.find_first_of(".!?\n");
  std::string sentence = last.substr(0, end == std::string::npos ? last.size() : end + 1);
  auto pieces = SplitPieces(sentence);
  if (pieces.size() > 40) pieces.resize(40);
  std::string out;
  for (const auto& p : pieces) out += p;
  size_t start = out.find_first_not_of(" \t\n");
  return start == std::string::npos ? "No findings." : out.substr(start);
}

}  // namespace

FakeCompletion Answer(const json& request, bool chat) {
  std::string all = AllText(request, chat);
  FakeCompletion c;
  c.prompt_tokens = static_cast<int>(SplitPieces(all).size());
  c.finish_reason = "stop";
  if (all.find("[[filter]]") != std::string::npos) {
    c.finish_reason = "content_filter";
    return c;
  }
  std::string text = all.find("[[refuse]]") != std::string::npos
                         ? "I'm sorry, but I can't help with that request."
                         : ChooseText(all, LastMessage(request, chat), Fnv1a(CanonicalBody(request)));
  auto pieces = SplitPieces(text);
  int max_tokens = request.value("max_tokens", 512);
  if (max_tokens >= 0 && static_cast<int>(pieces.size()) > max_tokens) {
    pieces.resize(max_tokens);
    c.finish_reason = "length";
  }
  for (const auto& p : pieces) c.text += p;
  c.completion_tokens = static_cast<int>(pieces.size());
  return c;
}

std::vector<int> Vocabulary::Encode(const std::string& text) {
  std::lock_guard lock(mu_);
  std::vector<int> out;
  for (auto& p : SplitPieces(text)) {
    auto [it, fresh] = ids_.emplace(p, static_cast<int>(pieces_.size()));
    if (fresh) pieces_.push_back(p);
    out.push_back(it->second);
  }
  return out;
}

std::string Vocabulary::Decode(const std::vector<int>& ids) {
  std::lock_guard lock(mu_);
  std::string out;
  for (int id : ids)
    if (id >= 0 && id < static_cast<int>(pieces_.size())) out += pieces_[id];
  return out;
}

}  // namespace clue::backends::testserver
