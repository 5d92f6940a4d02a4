#pragma once
// The backend for OpenAI-compatible servers (vLLM, SGLang, TGI, llama.cpp server, Ollama, hosted
// APIs): many requests in flight over kept-alive connections, AIMD concurrency, per-kind retry
// budgets, optional RPM/TPM limits, several replicas, and a crash-safe response cache.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "clue/backends/backend.h"
#include "clue/backends/backend_options.h"
#include "clue/backends/factory.h"
#include "clue/backends/openai_wire.h"
#include "clue/backends/remote_tokenizer.h"
#include "clue/backends/response_cache.h"
#include "clue/backends/retry_policy.h"

namespace clue::backends {

struct OpenAiConfig {
  std::string model;
  std::string revision;
  std::vector<std::string> base_urls;
  std::string api_key;  // the secret itself; only ever sent in the Authorization header
  Endpoint endpoint = Endpoint::kChat;
  int concurrency = 8;
  double timeout_s = 600;
  RetryConfig retry = RetryConfig::FromMaxRetries(6, 0.5, 30);
  double rpm = 0, tpm = 0;
  double rate_burst_s = 10;  // the RPM/TPM buckets hold this many seconds of their rate
  bool stream = false;
  std::string cache_path;  // empty: no cache
  bool refresh = false;
  bool check_models = true;
  bool detect_tokenizer = true;
  double overload_cooldown_s = 1.0;
  int replica_fail_threshold = 3;
  double replica_probe_s = 0.5;
  uint64_t jitter_seed = 0x636c7565;
};

// Validates the flags for spec "openai:MODEL" and reads the key from --api-key-env.
// Throws data::InputError naming the flag at fault.
OpenAiConfig OpenAiConfigFromOptions(const BackendOptions& opts, const BackendEnv& env);

struct OpenAiStats {
  int64_t requests_sent = 0;
  int64_t retries = 0;
  int64_t cache_hits = 0;
  int64_t deduplicated = 0;  // identical requests in one batch answered by one send
  int64_t errors = 0;
  int concurrency_decreases = 0;
  int min_concurrency_seen = 0;
  int replicas_taken_out = 0;  // times a failing replica was taken out of rotation
};

class OpenAiBackend : public Backend {
 public:
  // Checks /v1/models (unless disabled) and detects the tokenizer endpoint.
  // Throws data::InputError when no replica serves the model.
  explicit OpenAiBackend(OpenAiConfig cfg);
  ~OpenAiBackend() override;

  std::string Identity() const override;
  void Generate(std::span<const GenerationRequest> requests,
                const std::function<void(size_t, GenerationResult)>& on_result) override;
  Tokenizer* GetTokenizer() override { return tokenizer_.get(); }
  const OpenAiStats& stats() const { return stats_; }

 private:
  struct Job;
  class Run;
  void CheckModels();
  std::string Redact(std::string s) const;

  OpenAiConfig cfg_;
  std::vector<std::string> headers_;
  std::unique_ptr<ResponseCache> cache_;
  std::unique_ptr<RemoteTokenizer> tokenizer_;
  std::mt19937_64 rng_;
  OpenAiStats stats_;
};

}  // namespace clue::backends
