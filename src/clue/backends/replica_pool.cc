#include "clue/backends/replica_pool.h"

#include <algorithm>
#include <limits>

namespace clue::backends {

ReplicaPool::ReplicaPool(std::vector<std::string> urls, int fail_threshold, double probe_base_s,
                         double probe_max_s)
    : fail_threshold_(std::max(1, fail_threshold)),
      probe_base_s_(probe_base_s),
      probe_max_s_(probe_max_s) {
  for (auto& u : urls) replicas_.push_back(Replica{std::move(u)});
}

std::optional<size_t> ReplicaPool::Pick(double now) {
  std::optional<size_t> best;
  for (size_t i = 0; i < replicas_.size(); ++i) {
    const Replica& r = replicas_[i];
    if (r.down_until >= 0 || r.paused_until > now) continue;
    if (!best || r.outstanding < replicas_[*best].outstanding) best = i;
  }
  if (best) return best;
  // No healthy replica: let one probe through to a replica whose wait is over.
  for (size_t i = 0; i < replicas_.size(); ++i) {
    Replica& r = replicas_[i];
    if (!r.probing && r.down_until <= now && r.paused_until <= now) {
      r.probing = true;
      return i;
    }
  }
  return std::nullopt;
}

void ReplicaPool::OnSend(size_t i) { ++replicas_[i].outstanding; }

void ReplicaPool::OnNeutral(size_t i) {
  Replica& r = replicas_[i];
  --r.outstanding;
  if (r.probing) {  // the replica answered: it is up
    r.probing = false;
    r.down_until = -1;
    r.consecutive_failures = 0;
    r.probe_delay = 0;
  }
}

void ReplicaPool::OnSuccess(size_t i) {
  OnNeutral(i);
  replicas_[i].consecutive_failures = 0;
}

void ReplicaPool::OnFailure(size_t i, double now) {
  Replica& r = replicas_[i];
  --r.outstanding;
  ++r.consecutive_failures;
  if (r.probing) {
    r.probing = false;
    r.probe_delay = std::min(probe_max_s_, r.probe_delay * 2);
    r.down_until = now + r.probe_delay;
  } else if (r.down_until < 0 && r.consecutive_failures >= fail_threshold_) {
    r.probe_delay = probe_base_s_;
    r.down_until = now + r.probe_delay;
    ++r.times_taken_out;
  }
}

void ReplicaPool::PauseUntil(size_t i, double t) {
  replicas_[i].paused_until = std::max(replicas_[i].paused_until, t);
}

double ReplicaPool::NextAvailableTime() const {
  double t = std::numeric_limits<double>::infinity();
  for (const auto& r : replicas_) {
    if (r.probing) continue;
    if (r.down_until >= 0) t = std::min(t, std::max(r.down_until, r.paused_until));
    else if (r.paused_until > 0) t = std::min(t, r.paused_until);  // 0: never paused
  }
  return t;
}

}  // namespace clue::backends
