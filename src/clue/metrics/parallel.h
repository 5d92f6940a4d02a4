#pragma once
// The one parallel-for of the library: metric scoring, BERTScore's element-wise layers and the
// bootstrap's resamples all split their independent work with it.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Calls fn(begin, end) for consecutive chunks covering [0, n), using up to `threads` threads
// (0 = hardware concurrency). Chunks hold about n / (8 threads) items, clamped to [min_chunk,
// max_chunk], and are handed out dynamically so one slow item does not stall a whole slice;
// per-chunk setup (scratch buffers) is paid once per chunk. fn must not throw.
void ParallelForRanges(size_t n, unsigned threads, const std::function<void(size_t, size_t)>& fn,
                       size_t min_chunk = 1, size_t max_chunk = SIZE_MAX);

// Calls fn(i) for every i in [0, n), in chunks of at most 64 (one long document per sample).
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

// The "threads" setting of ctx (0 when absent). Throws std::invalid_argument when malformed.
unsigned ThreadsSetting(const MetricContext& ctx);

}  // namespace clue::metrics
