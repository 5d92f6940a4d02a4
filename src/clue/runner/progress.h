#pragma once
// The live progress line of a generation run: done/total, req/s, generated tokens/s, errors,
// cache hits and ETA. On a terminal it redraws one line with \r; otherwise (CI logs, files) it
// prints a plain line every few seconds. Finish() prints the token summary.
//
// Use: Progress p; p.Start(requests.size()); backend.Generate(reqs, [&](size_t i, auto r) {
//   p.Update(r); ... }); p.Finish();
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "clue/backends/backend.h"

namespace clue::runner {

struct ProgressOptions {
  std::FILE* out = stderr;
  std::optional<bool> tty;          // default: isatty(out)
  std::string label;                // e.g. the task name
  double tty_interval_s = 0.1;      // redraw at most this often
  double plain_interval_s = 10;     // plain lines this often
  std::function<double()> clock;    // seconds; default steady clock (tests inject one)
};

class Progress {
 public:
  explicit Progress(ProgressOptions opts = {});
  void Start(size_t total);
  void Update(const backends::GenerationResult& r);
  void Finish();

  std::string Line() const;     // the current status, without \r or newline
  std::string Summary() const;  // the final token summary

 private:
  double Now() const;
  void Emit(bool force);

  ProgressOptions opts_;
  bool tty_ = false;
  size_t total_ = 0, done_ = 0, errors_ = 0, cached_ = 0;
  long long prompt_tokens_ = 0, completion_tokens_ = 0;
  double start_ = 0, last_emit_ = -1e300;
  bool drawn_ = false;
};

}  // namespace clue::runner
