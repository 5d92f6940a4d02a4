#pragma once
// A model engine in miniature: K slots (a request occupies one for its whole generation) and a
// per-token decode latency, so clients can be measured against realistic queueing. Records how
// long slots were busy, for slot-utilisation figures.
#include <condition_variable>
#include <mutex>

namespace clue::backends::testserver {

struct EngineStats {
  double busy_slot_seconds = 0;  // sum over requests of time holding a slot
  double elapsed_s = 0;          // since construction or Reset()
  long served = 0;
  int max_waiting = 0;
  int slots = 0;
};

class EngineSim {
 public:
  // slots <= 0: unlimited and no latency (answers at once).
  EngineSim(int slots, double per_token_s, double per_prompt_token_s = 0);
  // Waits for a slot and holds it for the generation time.
  void Run(int prompt_tokens, int completion_tokens);
  EngineStats Stats();
  void Reset();

 private:
  int slots_;
  double per_token_s_, per_prompt_token_s_;
  std::mutex mu_;
  std::condition_variable cv_;
  int busy_ = 0, waiting_ = 0;
  EngineStats stats_;
  double start_;
};

}  // namespace clue::backends::testserver
