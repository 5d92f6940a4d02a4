#include "clue/backends/testserver/engine_sim.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace clue::backends::testserver {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

EngineSim::EngineSim(int slots, double per_token_s, double per_prompt_token_s)
    : slots_(slots), per_token_s_(per_token_s), per_prompt_token_s_(per_prompt_token_s), start_(Now()) {
  stats_.slots = slots;
}

void EngineSim::Run(int prompt_tokens, int completion_tokens) {
  double duration = completion_tokens * per_token_s_ + prompt_tokens * per_prompt_token_s_;
  if (slots_ <= 0) {
    std::lock_guard lock(mu_);
    ++stats_.served;
    return;
  }
  {
    std::unique_lock lock(mu_);
    ++waiting_;
    stats_.max_waiting = std::max(stats_.max_waiting, waiting_ - (slots_ - busy_));
    cv_.wait(lock, [&] { return busy_ < slots_; });
    --waiting_;
    ++busy_;
  }
  double t0 = Now();
  if (duration > 0) std::this_thread::sleep_for(std::chrono::duration<double>(duration));
  double held = Now() - t0;
  {
    std::lock_guard lock(mu_);
    --busy_;
    stats_.busy_slot_seconds += held;
    ++stats_.served;
  }
  cv_.notify_one();
}

EngineStats EngineSim::Stats() {
  std::lock_guard lock(mu_);
  EngineStats s = stats_;
  s.elapsed_s = Now() - start_;
  return s;
}

void EngineSim::Reset() {
  std::lock_guard lock(mu_);
  stats_ = EngineStats{};
  stats_.slots = slots_;
  start_ = Now();
}

}  // namespace clue::backends::testserver
