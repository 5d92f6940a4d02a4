#include "clue/backends/openai_wire.h"

#include <sstream>

namespace clue::backends {

using nlohmann::json;

json BuildRequestBody(const GenerationRequest& req, const std::string& model, Endpoint endpoint) {
  json body = {{"model", model},
               {"max_tokens", req.max_tokens},
               {"temperature", req.temperature},
               {"top_p", req.top_p}};
  if (req.seed) body["seed"] = *req.seed;
  if (!req.stop.empty()) body["stop"] = req.stop;
  if (endpoint == Endpoint::kChat) {
    json messages = json::array();
    for (const auto& m : req.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
    if (!req.assistant_prefix.empty()) {
      messages.push_back({{"role", "assistant"}, {"content", req.assistant_prefix}});
      body["continue_final_message"] = true;
      body["add_generation_prompt"] = false;
    }
    body["messages"] = std::move(messages);
  } else {
    std::string prompt = req.prompt;
    if (prompt.empty()) {
      for (size_t i = 0; i < req.messages.size(); ++i) {
        if (i) prompt += "\n\n";
        prompt += req.messages[i].content;
      }
    }
    body["prompt"] = prompt + req.assistant_prefix;
  }
  return body;
}

std::string WireBody(const json& canonical, bool stream) {
  if (!stream) return canonical.dump();
  json body = canonical;
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  return body.dump();
}

namespace {

int IntOr(const json& obj, const char* key) {
  if (!obj.is_object()) return -1;
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int>() : -1;
}

std::string StringOr(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// Takes text and finish_reason from one choice (a whole message or a stream delta).
void ReadChoice(const json& choice, Endpoint endpoint, bool delta, ParsedResponse& out) {
  if (endpoint == Endpoint::kChat) {
    const json& msg = choice.contains(delta ? "delta" : "message") ? choice[delta ? "delta" : "message"]
                                                                    : json();
    out.text += StringOr(msg, "content");
  } else {
    out.text += StringOr(choice, "text");
  }
  std::string fr = StringOr(choice, "finish_reason");
  if (!fr.empty()) out.finish_reason = fr;
}

void ReadUsage(const json& j, ParsedResponse& out) {
  if (j.contains("usage") && j["usage"].is_object()) {
    out.prompt_tokens = IntOr(j["usage"], "prompt_tokens");
    out.completion_tokens = IntOr(j["usage"], "completion_tokens");
  }
  std::string fp = StringOr(j, "system_fingerprint");
  if (!fp.empty()) out.system_fingerprint = fp;
}

std::optional<ParsedResponse> ParseWhole(const std::string& body, Endpoint endpoint,
                                         std::string* error) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    *error = "malformed JSON in response";
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) {
    *error = "response has no choices";
    return std::nullopt;
  }
  ParsedResponse out;
  ReadChoice(j["choices"][0], endpoint, false, out);
  ReadUsage(j, out);
  return out;
}

std::optional<ParsedResponse> ParseStream(const std::string& body, Endpoint endpoint,
                                          std::string* error) {
  ParsedResponse out;
  bool done = false;
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("data:", 0) != 0) continue;  // comments, event names, blank separators
    std::string data = line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
    if (data == "[DONE]") {
      done = true;
      break;
    }
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded()) {
      *error = "malformed JSON in stream event";
      return std::nullopt;
    }
    if (j.contains("choices") && j["choices"].is_array() && !j["choices"].empty())
      ReadChoice(j["choices"][0], endpoint, endpoint == Endpoint::kChat, out);
    ReadUsage(j, out);
  }
  if (!done) {
    *error = "stream ended without [DONE]";
    return std::nullopt;
  }
  if (out.finish_reason.empty()) {
    *error = "stream has no finish_reason";
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<ParsedResponse> ParseResponse(const std::string& body, Endpoint endpoint, bool stream,
                                            std::string* error) {
  return stream ? ParseStream(body, endpoint, error) : ParseWhole(body, endpoint, error);
}

std::string ErrorExcerpt(const std::string& body, size_t max_chars) {
  std::string msg;
  json j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    if (j.contains("error") && j["error"].is_object()) msg = StringOr(j["error"], "message");
    else if (j.contains("error") && j["error"].is_string()) msg = j["error"].get<std::string>();
    else msg = StringOr(j, "message");
  }
  if (msg.empty()) msg = body;
  for (char& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  if (msg.size() > max_chars) msg = msg.substr(0, max_chars) + "...";
  return msg;
}

}  // namespace clue::backends
