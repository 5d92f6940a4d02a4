#include "clue/backends/remote_tokenizer.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "clue/backends/http_client.h"

namespace clue::backends {

using nlohmann::json;

std::string ServerRoot(const std::string& base_url) {
  std::string root = base_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  if (root.size() >= 3 && root.compare(root.size() - 3, 3, "/v1") == 0) root.resize(root.size() - 3);
  return root;
}

namespace {

json Post(const std::string& url, const json& body, const std::vector<std::string>& headers,
          double timeout_s, bool throw_on_error) {
  HttpRequest req{url, "POST", body.dump(), headers, timeout_s};
  HttpResponse r = HttpFetch(req);
  json j = r.error == TransportError::kNone && r.status == 200
               ? json::parse(r.body, nullptr, false)
               : json();
  if (throw_on_error && !j.is_object())
    throw std::runtime_error("tokenizer endpoint " + url + " failed: " +
                             (r.error != TransportError::kNone ? r.error_text
                                                               : "HTTP " + std::to_string(r.status)));
  return j;
}

bool HasTokenArray(const json& j) { return j.is_object() && j.contains("tokens") && j["tokens"].is_array(); }

}  // namespace

RemoteTokenizer::RemoteTokenizer(std::string root, std::string model,
                                 std::vector<std::string> headers, double timeout_s, Dialect d)
    : root_(std::move(root)),
      model_(std::move(model)),
      headers_(std::move(headers)),
      timeout_s_(timeout_s),
      dialect_(d) {}

std::unique_ptr<RemoteTokenizer> RemoteTokenizer::Detect(const std::string& base_url,
                                                         const std::string& model,
                                                         std::vector<std::string> headers,
                                                         double timeout_s) {
  std::string root = ServerRoot(base_url);
  json vllm = Post(root + "/tokenize", {{"model", model}, {"prompt", "hello world"},
                                        {"add_special_tokens", false}},
                   headers, timeout_s, false);
  if (HasTokenArray(vllm) && vllm.contains("count"))
    return std::unique_ptr<RemoteTokenizer>(
        new RemoteTokenizer(root, model, std::move(headers), timeout_s, Dialect::kVllm));
  json llama = Post(root + "/tokenize", {{"content", "hello world"}, {"add_special", false}},
                    headers, timeout_s, false);
  if (HasTokenArray(llama))
    return std::unique_ptr<RemoteTokenizer>(
        new RemoteTokenizer(root, model, std::move(headers), timeout_s, Dialect::kLlamaCpp));
  return nullptr;
}

std::vector<long long> RemoteTokenizer::Tokenize(const std::string& text) {
  json body = dialect_ == Dialect::kVllm
                  ? json{{"model", model_}, {"prompt", text}, {"add_special_tokens", false}}
                  : json{{"content", text}, {"add_special", false}};
  json j = Post(root_ + "/tokenize", body, headers_, timeout_s_, true);
  if (!HasTokenArray(j)) throw std::runtime_error("tokenizer endpoint " + root_ + "/tokenize: no tokens");
  std::vector<long long> ids;
  for (const auto& t : j["tokens"]) {
    // llama.cpp may return {"id":..,"piece":..} objects when asked for pieces.
    ids.push_back(t.is_object() ? t.value("id", 0LL) : t.get<long long>());
  }
  return ids;
}

std::string RemoteTokenizer::Detokenize(const std::vector<long long>& tokens) {
  json body = dialect_ == Dialect::kVllm ? json{{"model", model_}, {"tokens", tokens}}
                                         : json{{"tokens", tokens}};
  json j = Post(root_ + "/detokenize", body, headers_, timeout_s_, true);
  const char* field = dialect_ == Dialect::kVllm ? "prompt" : "content";
  if (!j.contains(field) || !j[field].is_string())
    throw std::runtime_error("tokenizer endpoint " + root_ + "/detokenize: no '" + field + "'");
  return j[field].get<std::string>();
}

size_t RemoteTokenizer::Count(const std::string& text) { return Tokenize(text).size(); }

std::string RemoteTokenizer::Truncate(const std::string& text, size_t n) {
  auto ids = Tokenize(text);
  if (ids.size() <= n) return text;
  ids.resize(n);
  std::string decoded = Detokenize(ids);
  // Decoding may normalise whitespace; return the longest common prefix so the result is always
  // a true prefix of the input.
  size_t k = 0;
  while (k < decoded.size() && k < text.size() && decoded[k] == text[k]) ++k;
  return text.substr(0, k);
}

std::string RemoteTokenizer::Name() const {
  return (dialect_ == Dialect::kVllm ? "server-tokenize(vllm):" : "server-tokenize(llama.cpp):") +
         model_;
}

}  // namespace clue::backends
