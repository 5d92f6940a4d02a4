#pragma once
// AIMD concurrency control: the in-flight limit halves when the server signals overload (429,
// 503) and grows by one after each window of `limit` successes, like TCP congestion control.
// Overload signals that arrive together (one burst of 429s) cut the limit only once per
// cooldown. (A Retry-After pauses only the replica that sent it: ReplicaPool::PauseUntil.)
namespace clue::backends {

class AdaptiveConcurrency {
 public:
  AdaptiveConcurrency(int max_limit, double cooldown_s = 1.0, double decrease = 0.5);
  int Limit() const { return limit_; }
  int MaxLimit() const { return max_; }
  void OnSuccess();
  void OnOverload(double now);
  int Decreases() const { return decreases_; }

 private:
  int max_;
  int limit_;
  double cooldown_s_;
  double decrease_;
  int successes_ = 0;
  double last_cut_ = -1e300;
  int decreases_ = 0;
};

}  // namespace clue::backends
