#include "clue/runner/progress.h"

#include <chrono>
#include <cmath>

#include <unistd.h>

#include <fmt/format.h>

namespace clue::runner {
namespace {

std::string Duration(double s) {
  if (!std::isfinite(s)) return "?";
  long t = std::lround(s);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

}  // namespace

Progress::Progress(ProgressOptions opts) : opts_(std::move(opts)) {
  tty_ = opts_.tty ? *opts_.tty : (opts_.out && isatty(fileno(opts_.out)));
}

double Progress::Now() const {
  if (opts_.clock) return opts_.clock();
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void Progress::Start(size_t total) {
  total_ = total;
  done_ = errors_ = cached_ = 0;
  prompt_tokens_ = completion_tokens_ = 0;
  start_ = Now();
  last_emit_ = start_;  // plain mode: the first line comes one interval in
  drawn_ = false;
}

void Progress::Update(const backends::GenerationResult& r) {
  ++done_;
  if (!r.ok) ++errors_;
  if (r.cached) ++cached_;
  if (r.prompt_tokens > 0) prompt_tokens_ += r.prompt_tokens;
  if (r.completion_tokens > 0) completion_tokens_ += r.completion_tokens;
  Emit(false);
}

std::string Progress::Line() const {
  double elapsed = std::max(1e-9, Now() - start_);
  double rate = done_ / elapsed;
  double eta = done_ == 0 ? NAN : (total_ - done_) / rate;
  std::string s = opts_.label.empty() ? "" : opts_.label + " ";
  s += fmt::format("{}/{} ({:.1f}%) | {:.1f} req/s | {:.0f} tok/s | {} errors", done_, total_,
                   total_ ? 100.0 * done_ / total_ : 100.0, rate, completion_tokens_ / elapsed, errors_);
  if (cached_) s += fmt::format(" | {} cached", cached_);
  s += " | ETA " + (done_ >= total_ ? std::string("0s") : Duration(eta));
  return s;
}

std::string Progress::Summary() const {
  std::string s = opts_.label.empty() ? "" : opts_.label + ": ";
  s += fmt::format("{} of {} requests done in {} ({} errors, {} from cache); tokens: {} prompt + {} "
                   "completion = {}",
                   done_, total_, Duration(Now() - start_), errors_, cached_, prompt_tokens_,
                   completion_tokens_, prompt_tokens_ + completion_tokens_);
  return s;
}

void Progress::Emit(bool force) {
  if (!opts_.out) return;
  double now = Now();
  double interval = tty_ ? opts_.tty_interval_s : opts_.plain_interval_s;
  if (!force && now - last_emit_ < interval) return;
  last_emit_ = now;
  if (tty_) {
    std::fprintf(opts_.out, "\r%s\x1b[K", Line().c_str());
    drawn_ = true;
  } else {
    std::fprintf(opts_.out, "%s\n", Line().c_str());
  }
  std::fflush(opts_.out);
}

void Progress::Finish() {
  if (!opts_.out) return;
  Emit(true);
  if (tty_ && drawn_) std::fputc('\n', opts_.out);
  std::fprintf(opts_.out, "%s\n", Summary().c_str());
  std::fflush(opts_.out);
}

}  // namespace clue::runner
