#pragma once
// Spreads requests over replicas of the same model (several --base-url), always to the one with
// the fewest requests outstanding. A replica that fails `fail_threshold` times in a row
// (connection errors, timeouts) is taken out; after a delay one probe request is let through, and
// the delay doubles each time the probe fails, so a dead replica costs little.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace clue::backends {

class ReplicaPool {
 public:
  ReplicaPool(std::vector<std::string> urls, int fail_threshold = 3, double probe_base_s = 0.5,
              double probe_max_s = 30);
  // The replica for the next request, or nullopt when none may take one now.
  std::optional<size_t> Pick(double now);
  void OnSend(size_t i);
  void OnSuccess(size_t i);
  // Any finished request that is not a replica fault (e.g. 429, 4xx): just not outstanding.
  void OnNeutral(size_t i);
  void OnFailure(size_t i, double now);
  // The replica asked for no new requests before t (a Retry-After): the others keep working.
  void PauseUntil(size_t i, double t);
  // Earliest time a replica that cannot take a request now may take one: a paused replica's
  // pause end, a taken-out one's probe time (infinity when there is none).
  double NextAvailableTime() const;
  const std::string& Url(size_t i) const { return replicas_[i].url; }
  size_t size() const { return replicas_.size(); }
  bool Healthy(size_t i) const { return replicas_[i].down_until < 0; }
  int Outstanding(size_t i) const { return replicas_[i].outstanding; }
  int TakenOut(size_t i) const { return replicas_[i].times_taken_out; }

 private:
  struct Replica {
    std::string url;
    int outstanding = 0;
    int consecutive_failures = 0;
    double down_until = -1;  // <0: healthy
    double paused_until = 0;  // Retry-After
    double probe_delay = 0;
    bool probing = false;    // a probe is in flight
    int times_taken_out = 0;
  };
  std::vector<Replica> replicas_;
  int fail_threshold_;
  double probe_base_s_, probe_max_s_;
};

}  // namespace clue::backends
