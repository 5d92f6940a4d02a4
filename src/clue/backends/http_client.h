#pragma once
// An asynchronous HTTP client on libcurl's multi interface: many requests in flight on one
// thread, connections kept alive and reused between requests. The owner drives it with Poll()
// from its own thread, so completion handling needs no locks.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clue::backends {

struct HttpRequest {
  std::string url;
  std::string method = "POST";  // GET or POST
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  double timeout_s = 600;
  uint64_t tag = 0;  // returned with the response
};

enum class TransportError {
  kNone,     // an HTTP response arrived (any status)
  kTimeout,  // no complete response within timeout_s
  kConnect,  // could not connect (refused, unreachable, DNS)
  kBroken,   // connection dropped or response cut short
};

struct HttpResponse {
  uint64_t tag = 0;
  TransportError error = TransportError::kNone;
  std::string error_text;  // curl's description; never contains request headers
  int status = 0;
  std::string body;
  double retry_after_s = -1;  // from a Retry-After header (seconds or HTTP date); -1 = absent
  double latency_s = 0;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  void Submit(HttpRequest request);
  // Runs transfers for up to max_wait_s (returns early when any completes) and returns the
  // responses that finished.
  std::vector<HttpResponse> Poll(double max_wait_s);
  size_t InFlight() const { return transfers_.size(); }

 private:
  struct Transfer;
  void* multi_;
  std::map<void*, std::unique_ptr<Transfer>> transfers_;  // keyed by easy handle
  std::vector<void*> idle_handles_;                       // reused so connections stay warm
};

// One blocking request (start-up checks such as /v1/models and tokenizer detection).
HttpResponse HttpFetch(const HttpRequest& request);

// Parses a Retry-After value: delta-seconds or an HTTP date. Returns -1 when unparseable.
double ParseRetryAfter(const std::string& value);

}  // namespace clue::backends
