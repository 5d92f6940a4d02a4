#include "clue/runner/progress.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace clue::runner {
namespace {

struct Captured {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* f = open_memstream(&buf, &len);
  std::string Text() {
    std::fflush(f);
    return std::string(buf, len);
  }
  ~Captured() {
    std::fclose(f);
    free(buf);
  }
};

backends::GenerationResult Ok(int prompt, int completion, bool cached = false) {
  backends::GenerationResult r;
  r.ok = true;
  r.prompt_tokens = prompt;
  r.completion_tokens = completion;
  r.cached = cached;
  return r;
}

TEST(Progress, LineShowsRatesErrorsAndEta) {
  double t = 100;
  ProgressOptions o;
  o.out = nullptr;
  o.clock = [&] { return t; };
  o.label = "meqsum";
  Progress p(o);
  p.Start(10);
  t = 102;  // 4 done in 2 s: 2 req/s, 200 completion tokens / 2 s = 100 tok/s, 6 left: ETA 3 s
  p.Update(Ok(30, 50));
  p.Update(Ok(30, 50, true));
  p.Update(Ok(30, 100));
  backends::GenerationResult err;
  err.ok = false;
  p.Update(err);
  EXPECT_EQ(p.Line(), "meqsum 4/10 (40.0%) | 2.0 req/s | 100 tok/s | 1 errors | 1 cached | ETA 3s");
  EXPECT_EQ(p.Summary(),
            "meqsum: 4 of 10 requests done in 2s (1 errors, 1 from cache); tokens: 90 prompt + 200 "
            "completion = 290");
}

TEST(Progress, TtyRedrawsWithCarriageReturn) {
  Captured cap;
  double t = 0;
  ProgressOptions o;
  o.out = cap.f;
  o.tty = true;
  o.tty_interval_s = 0.1;
  o.clock = [&] { return t; };
  Progress p(o);
  p.Start(2);
  t = 1;
  p.Update(Ok(1, 1));
  t = 1.05;  // within the redraw interval: nothing printed
  p.Update(Ok(1, 1));
  p.Finish();
  std::string out = cap.Text();
  EXPECT_EQ(out.rfind("\r1/2 (50.0%)", 0), 0u) << out;
  EXPECT_NE(out.find("\r2/2 (100.0%)"), std::string::npos);
  EXPECT_EQ(out.find("\n"), out.find("\n2 of 2") );  // one newline before the summary line
}

TEST(Progress, PlainLinesArePeriodic) {
  Captured cap;
  double t = 0;
  ProgressOptions o;
  o.out = cap.f;
  o.tty = false;
  o.plain_interval_s = 10;
  o.clock = [&] { return t; };
  Progress p(o);
  p.Start(100);
  for (int i = 0; i < 100; ++i) {
    t += 0.25;  // 25 s in total: lines at 10 s and 20 s, then the final line and summary
    p.Update(Ok(1, 1));
  }
  p.Finish();
  std::string out = cap.Text();
  EXPECT_EQ(out.find('\r'), std::string::npos);
  int lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 4) << out;
}

}  // namespace
}  // namespace clue::runner
