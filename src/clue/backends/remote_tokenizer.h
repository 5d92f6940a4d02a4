#pragma once
// The served model's own tokenizer, reached through the server's tokenizer endpoints:
//   vLLM / SGLang:     POST /tokenize {"model","prompt"} -> {"tokens","count"};
//                      POST /detokenize {"model","tokens"} -> {"prompt"}
//   llama.cpp server:  POST /tokenize {"content"} -> {"tokens"};
//                      POST /detokenize {"tokens"} -> {"content"}
// Both live at the server root (not under /v1). Detect() tries each and keeps the one that
// answers in its format.
#include <memory>
#include <string>
#include <vector>

#include "clue/backends/backend.h"

namespace clue::backends {

// http://host:8000/v1 -> http://host:8000 (the root the tokenizer endpoints live under).
std::string ServerRoot(const std::string& base_url);

class RemoteTokenizer : public Tokenizer {
 public:
  enum class Dialect { kVllm, kLlamaCpp };

  // nullptr when the server has no tokenizer endpoint we understand.
  static std::unique_ptr<RemoteTokenizer> Detect(const std::string& base_url,
                                                 const std::string& model,
                                                 std::vector<std::string> headers,
                                                 double timeout_s);

  size_t Count(const std::string& text) override;
  std::string Truncate(const std::string& text, size_t n) override;
  std::string Name() const override;
  Dialect dialect() const { return dialect_; }

 private:
  RemoteTokenizer(std::string root, std::string model, std::vector<std::string> headers,
                  double timeout_s, Dialect d);
  std::vector<long long> Tokenize(const std::string& text);
  std::string Detokenize(const std::vector<long long>& tokens);

  std::string root_, model_;
  std::vector<std::string> headers_;
  double timeout_s_;
  Dialect dialect_;
};

}  // namespace clue::backends
