#include "clue/backends/rate_limiter.h"

#include <algorithm>

namespace clue::backends {

TokenBucket::TokenBucket(double per_minute, double now, double burst_s)
    : rate_(per_minute / 60.0),
      capacity_(std::max(1.0, per_minute / 60.0 * burst_s)),
      level_(capacity_),
      last_(now) {}

void TokenBucket::Refill(double now) {
  if (now > last_) level_ = std::min(capacity_, level_ + (now - last_) * rate_);
  last_ = std::max(last_, now);
}

double TokenBucket::WaitTime(double amount, double now) {
  if (Unlimited()) return 0;
  Refill(now);
  double need = std::min(amount, capacity_);
  return level_ >= need ? 0 : (need - level_) / rate_;
}

void TokenBucket::Take(double amount, double now) {
  if (Unlimited()) return;
  Refill(now);
  level_ -= amount;
}

void TokenBucket::Adjust(double delta, double now) {
  if (Unlimited()) return;
  Refill(now);
  level_ = std::min(capacity_, level_ - delta);
}

RateLimiter::RateLimiter(double rpm, double tpm, double now, double burst_s)
    : requests_(rpm, now, burst_s), tokens_(tpm, now, burst_s) {}

double RateLimiter::WaitTime(double est_tokens, double now) {
  return std::max(requests_.WaitTime(1, now), tokens_.WaitTime(est_tokens, now));
}

void RateLimiter::Take(double est_tokens, double now) {
  requests_.Take(1, now);
  tokens_.Take(est_tokens, now);
}

double RateLimiter::Acquire(double est_tokens, double now) {
  double wait = WaitTime(est_tokens, now);
  if (wait > 0) return wait;
  Take(est_tokens, now);
  return 0;
}

void RateLimiter::Correct(double est_tokens, double actual_tokens, double now) {
  if (actual_tokens >= 0) tokens_.Adjust(actual_tokens - est_tokens, now);
}

}  // namespace clue::backends
