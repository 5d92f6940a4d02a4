#pragma once
// The model interface every backend implements: baselines, file replays and the HTTP backend.
// The runner hands over all of a task's requests at once so a backend can keep many in flight.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::backends {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct GenerationRequest {
  std::string task;       // task name, for logs and for per-task baselines
  std::string sample_id;  // the sample this request is for
  // Chat form. The last message is the query; earlier ones are the system prompt and shots.
  std::vector<ChatMessage> messages;
  // Completion form, for base models (CLUE 2024 plain-text few-shot format). Used when non-empty
  // and the backend is in completion mode.
  std::string prompt;
  // Text the answer is prefilled with (CLUE 2024's "Question: "); the model continues after it.
  std::string assistant_prefix;
  int max_tokens = 512;
  double temperature = 0.0;
  double top_p = 1.0;
  std::optional<uint64_t> seed;
  std::vector<std::string> stop;
  int repeat = 0;  // repeat index for sampled generations; part of the cache key
  // The sample's data row, for backends that answer from the sample itself (baselines). Not
  // part of what is sent to a server or of the cache key.
  nlohmann::json sample;
};

struct GenerationResult {
  bool ok = false;             // false: infrastructure error, see `error`
  std::string text;            // generated text, without the assistant prefix
  std::string finish_reason;   // "stop", "length", "content_filter", ... as the server said
  int prompt_tokens = -1;      // -1 when the backend does not know
  int completion_tokens = -1;
  double latency_s = 0.0;
  bool cached = false;         // answered from the response cache
  int attempts = 0;            // requests sent for this result (0 when cached or local)
  std::string error;           // why it failed; never contains secrets
};

// Counts and truncates text in the model's tokens, for token budgets (LongHealth).
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual size_t Count(const std::string& text) = 0;
  // The longest prefix of text that is at most n tokens.
  virtual std::string Truncate(const std::string& text, size_t n) = 0;
  virtual std::string Name() const = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  // A stable description of the model for results.json, e.g. "baseline:first-sentence".
  virtual std::string Identity() const = 0;

  // Generates every request. on_result(i, result) is called exactly once per request index, from
  // the calling thread, in any order, as each completes, so the caller can persist as it goes.
  virtual void Generate(std::span<const GenerationRequest> requests,
                        const std::function<void(size_t, GenerationResult)>& on_result) = 0;

  // The model's tokenizer when the backend can reach one, else nullptr (callers then use the
  // documented whitespace approximation).
  virtual Tokenizer* GetTokenizer() { return nullptr; }
};

}  // namespace clue::backends
