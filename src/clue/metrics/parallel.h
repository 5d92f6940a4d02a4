#pragma once
// A minimal parallel-for for scoring many independent samples on all cores.
#include <cstddef>
#include <functional>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Calls fn(i) for every i in [0, n) using up to `threads` threads (0 = hardware concurrency).
// Work is handed out in small dynamic chunks so one long document does not stall a thread's
// whole slice. fn must not throw.
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

// The "threads" setting of ctx (0 when absent). Throws std::invalid_argument when malformed.
unsigned ThreadsSetting(const MetricContext& ctx);

}  // namespace clue::metrics
