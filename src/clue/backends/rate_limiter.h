#pragma once
// Requests-per-minute and tokens-per-minute limits as token buckets. Each bucket holds up to
// 10 seconds' worth of its rate, so a run starts with a small burst and then sends at the
// configured pace. Token costs are estimated before sending and corrected when the server
// reports usage.
namespace clue::backends {

class TokenBucket {
 public:
  // per_minute <= 0 means unlimited.
  // burst_s: how many seconds' worth of the rate the bucket holds.
  explicit TokenBucket(double per_minute, double now = 0, double burst_s = 10);
  bool Unlimited() const { return rate_ <= 0; }
  // Seconds until `amount` can be taken (0 = now). A request larger than the bucket waits for
  // a full bucket and then drives it negative, so it is never blocked forever.
  double WaitTime(double amount, double now);
  void Take(double amount, double now);
  // Corrects an earlier estimate (delta may be negative: a refund).
  void Adjust(double delta, double now);

 private:
  void Refill(double now);
  double rate_;      // per second
  double capacity_;
  double level_;
  double last_;
};

class RateLimiter {
 public:
  RateLimiter(double rpm, double tpm, double now = 0, double burst_s = 10);
  // Seconds to wait before a request with this token estimate may go; 0 = send now (and the
  // request's cost is then taken).
  double Acquire(double est_tokens, double now);
  // The same in two steps, for callers that must check other conditions in between.
  double WaitTime(double est_tokens, double now);
  void Take(double est_tokens, double now);
  void Correct(double est_tokens, double actual_tokens, double now);

 private:
  TokenBucket requests_;
  TokenBucket tokens_;
};

}  // namespace clue::backends
