#pragma once
// Which failures are retried, how often and after how long. Each kind of failure has its own
// budget, so a flood of 429s (expected under load) does not use up the few retries a broken
// server gets, and a request that keeps failing the same way ends as an error instead of
// retrying forever.
#include <array>
#include <optional>
#include <random>
#include <string_view>

#include "clue/backends/http_client.h"

namespace clue::backends {

enum class FailureKind {
  kRateLimited,  // 429
  kServerError,  // 5xx (503/529 also count as overload for concurrency control)
  kTimeout,      // no response in time (or 408)
  kConnection,   // refused, dropped, cut short
  kBadResponse,  // 200 with malformed JSON or a truncated stream
  kFatal,        // other 4xx: retrying cannot help (bad request, unknown model, auth)
};
constexpr int kFailureKinds = 6;
std::string_view FailureKindName(FailureKind kind);

// The failure a finished HTTP exchange represents; nullopt for a 2xx response.
std::optional<FailureKind> ClassifyHttp(const HttpResponse& r);
// 429, 503 and 529 mean "send less": they shrink concurrency.
bool IsOverload(const HttpResponse& r);

struct RetryConfig {
  std::array<int, kFailureKinds> budget{};  // retries allowed per kind
  double base_delay_s = 0.5;
  double max_delay_s = 30;
  double max_retry_after_s = 600;  // longer server requests are capped here

  // Budgets derived from --max-retries K: K each for 5xx, timeouts, connection errors and bad
  // responses, 3K for 429 (rate limiting is normal operation, not a fault), none for fatal.
  static RetryConfig FromMaxRetries(int k, double base_delay_s, double max_delay_s);
};

class RetryState {
 public:
  // Records a failure. Returns the delay before the next attempt, or nullopt when this kind's
  // budget is spent. Delay: "full jitter" uniform(0, min(max, base*2^n)); a server's
  // Retry-After is a floor.
  std::optional<double> OnFailure(const RetryConfig& cfg, FailureKind kind, double retry_after_s,
                                  std::mt19937_64& rng);
  int Count(FailureKind kind) const { return counts_[static_cast<int>(kind)]; }

 private:
  std::array<int, kFailureKinds> counts_{};
};

}  // namespace clue::backends
