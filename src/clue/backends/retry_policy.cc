#include "clue/backends/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace clue::backends {

std::string_view FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kRateLimited: return "rate limited (429)";
    case FailureKind::kServerError: return "server error (5xx)";
    case FailureKind::kTimeout: return "timeout";
    case FailureKind::kConnection: return "connection error";
    case FailureKind::kBadResponse: return "bad response";
    case FailureKind::kFatal: return "client error";
  }
  return "unknown";
}

std::optional<FailureKind> ClassifyHttp(const HttpResponse& r) {
  switch (r.error) {
    case TransportError::kTimeout: return FailureKind::kTimeout;
    case TransportError::kConnect:
    case TransportError::kBroken: return FailureKind::kConnection;
    case TransportError::kNone: break;
  }
  if (r.status >= 200 && r.status < 300) return std::nullopt;
  if (r.status == 429) return FailureKind::kRateLimited;
  if (r.status == 408) return FailureKind::kTimeout;
  if (r.status >= 500) return FailureKind::kServerError;
  return FailureKind::kFatal;
}

bool IsOverload(const HttpResponse& r) {
  return r.error == TransportError::kNone && (r.status == 429 || r.status == 503 || r.status == 529);
}

RetryConfig RetryConfig::FromMaxRetries(int k, double base_delay_s, double max_delay_s) {
  RetryConfig c;
  k = std::max(0, k);
  c.budget[static_cast<int>(FailureKind::kRateLimited)] = 3 * k;
  c.budget[static_cast<int>(FailureKind::kServerError)] = k;
  c.budget[static_cast<int>(FailureKind::kTimeout)] = k;
  c.budget[static_cast<int>(FailureKind::kConnection)] = k;
  c.budget[static_cast<int>(FailureKind::kBadResponse)] = k;
  c.budget[static_cast<int>(FailureKind::kFatal)] = 0;
  c.base_delay_s = base_delay_s;
  c.max_delay_s = max_delay_s;
  return c;
}

std::optional<double> RetryState::OnFailure(const RetryConfig& cfg, FailureKind kind,
                                            double retry_after_s, std::mt19937_64& rng) {
  int& n = counts_[static_cast<int>(kind)];
  if (n >= cfg.budget[static_cast<int>(kind)]) return std::nullopt;
  ++n;
  double ceiling = std::min(cfg.max_delay_s, cfg.base_delay_s * std::ldexp(1.0, n - 1));
  double delay = std::uniform_real_distribution<double>(0.0, ceiling)(rng);
  if (retry_after_s >= 0) delay = std::max(delay, std::min(retry_after_s, cfg.max_retry_after_s));
  return delay;
}

}  // namespace clue::backends
