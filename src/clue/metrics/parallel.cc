#include "clue/metrics/parallel.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace clue::metrics {

void ParallelForRanges(size_t n, unsigned threads, const std::function<void(size_t, size_t)>& fn,
                       size_t min_chunk, size_t max_chunk) {
  if (n == 0) return;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t chunk = std::clamp<size_t>(n / (size_t{threads} * 8), std::max<size_t>(1, min_chunk),
                                          std::max<size_t>(1, max_chunk));
  const size_t workers = std::min<size_t>(threads, (n + chunk - 1) / chunk);
  if (workers <= 1) {
    fn(0, n);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (;;) {
      const size_t begin = next.fetch_add(chunk);
      if (begin >= n) return;
      fn(begin, std::min(n, begin + chunk));
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn) {
  ParallelForRanges(
      n, threads,
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) fn(i);
      },
      1, 64);
}

unsigned ThreadsSetting(const MetricContext& ctx) {
  const std::string* s = ctx.Find("threads");
  if (!s) return 0;
  size_t pos = 0;
  long v = -1;
  try {
    v = std::stol(*s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != s->size() || v < 0 || v > 4096)
    throw std::invalid_argument("setting threads: expected a count from 0 to 4096, got '" + *s + "'");
  return static_cast<unsigned>(v);
}

}  // namespace clue::metrics
