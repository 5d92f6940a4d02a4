#include "clue/backends/adaptive_concurrency.h"

#include <algorithm>

namespace clue::backends {

AdaptiveConcurrency::AdaptiveConcurrency(int max_limit, double cooldown_s, double decrease)
    : max_(std::max(1, max_limit)), limit_(max_), cooldown_s_(cooldown_s), decrease_(decrease) {}

void AdaptiveConcurrency::OnSuccess() {
  if (limit_ >= max_) return;
  if (++successes_ >= limit_) {
    ++limit_;
    successes_ = 0;
  }
}

void AdaptiveConcurrency::OnOverload(double now) {
  if (now - last_cut_ < cooldown_s_) return;
  last_cut_ = now;
  limit_ = std::max(1, static_cast<int>(limit_ * decrease_));
  successes_ = 0;
  ++decreases_;
}

}  // namespace clue::backends
