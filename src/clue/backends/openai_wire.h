#pragma once
// The OpenAI wire format: request bodies for /v1/chat/completions and /v1/completions, and
// parsing of their responses (whole JSON or a server-sent-event stream).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"

namespace clue::backends {

enum class Endpoint { kChat, kCompletions };

// The canonical body: everything that determines the answer and nothing else (no stream flag),
// with keys sorted by nlohmann::json, so equal requests give byte-equal bodies (cache keys).
// A chat assistant_prefix becomes a final assistant message continued by the server (vLLM's
// continue_final_message / add_generation_prompt extras); for completions it is appended to
// the prompt. A completions request without `prompt` joins the message contents with blank
// lines.
nlohmann::json BuildRequestBody(const GenerationRequest& req, const std::string& model,
                                Endpoint endpoint);

// The body actually sent: the canonical body plus streaming options when stream is set.
std::string WireBody(const nlohmann::json& canonical, bool stream);

struct ParsedResponse {
  std::string text;
  std::string finish_reason;
  int prompt_tokens = -1;
  int completion_tokens = -1;
  std::string system_fingerprint;
};

// Parses a 200 response. Returns the problem in *error (e.g. "malformed JSON", "stream ended
// without [DONE]") and nullopt when the body is unusable, which the caller treats as a
// retryable bad response.
std::optional<ParsedResponse> ParseResponse(const std::string& body, Endpoint endpoint,
                                            bool stream, std::string* error);

// The server's error message from an error body ({"error": {"message": ...}} or
// {"message": ...}), shortened to max_chars; the raw excerpt when it is not JSON.
std::string ErrorExcerpt(const std::string& body, size_t max_chars = 200);

}  // namespace clue::backends
