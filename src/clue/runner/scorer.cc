#include "clue/runner/scorer.h"

#include <stdexcept>

#include "clue/data/input_error.h"
#include "clue/metrics/registry.h"
#include "clue/runner/instances.h"

namespace clue::runner {
namespace {

struct Scored {
  MetricBlock block;
  std::vector<double> stats;          // one row per eligible sample
  std::vector<std::string> errors;    // per eligible sample
};

metrics::MetricOrReason Create(const tasks::TaskSpec& task, size_t i,
                               const metrics::MetricContext& ctx) {
  const auto& spec = task.metrics[i];
  try {
    return metrics::CreateMetric(spec.name, spec.options, ctx);
  } catch (const data::InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw data::InputError(task.file, spec.line, "metrics[" + std::to_string(i) + "]", e.what());
  }
}

}  // namespace

void ScoreTask(const tasks::TaskSpec& task, const metrics::MetricContext& ctx, TaskResult& result) {
  std::vector<size_t> eligible;
  for (size_t i = 0; i < result.samples.size(); ++i)
    if (CountsTowardScores(result.samples[i].status)) eligible.push_back(i);
  std::vector<std::vector<std::string>> refs(eligible.size());
  std::vector<metrics::MetricInput> inputs(eligible.size());
  for (size_t r = 0; r < eligible.size(); ++r) {
    const SampleRecord& s = result.samples[eligible[r]];
    refs[r] = ReferencesOf(s.gold);
    inputs[r] = {s.id, s.prediction, &s.answer, &s.gold, refs[r]};
  }

  std::vector<Scored> scored;
  for (size_t m = 0; m < task.metrics.size(); ++m) {
    Scored sc;
    sc.block.name = task.metrics[m].name;
    auto made = Create(task, m, ctx);
    if (auto* nc = std::get_if<metrics::NotComputed>(&made)) {
      sc.block.not_computed_reason = nc->reason;
    } else {
      std::shared_ptr<const metrics::Metric> impl = std::move(std::get<0>(made));
      sc.block.impl = impl;
      sc.block.computed = true;
      sc.block.values = impl->values();
      sc.block.stat_count = impl->stat_count();
      sc.stats.assign(eligible.size() * sc.block.stat_count, 0.0);
      sc.errors = impl->ScoreAll(inputs, sc.stats.data());
      for (size_t r = 0; r < eligible.size(); ++r)
        if (!sc.errors[r].empty()) {
          SampleRecord& s = result.samples[eligible[r]];
          s.status = Status::kError;
          s.error = "metric " + sc.block.name + ": " + sc.errors[r];
        }
    }
    scored.push_back(std::move(sc));
  }

  for (auto& sc : scored) {
    MetricBlock& b = sc.block;
    for (size_t r = 0; b.computed && r < eligible.size(); ++r) {
      SampleRecord& s = result.samples[eligible[r]];
      if (!CountsTowardScores(s.status)) continue;
      const double* row = sc.stats.data() + r * b.stat_count;
      b.stats.insert(b.stats.end(), row, row + b.stat_count);
      b.rows.push_back(eligible[r]);
      std::vector<double> values(b.values.size());
      b.impl->SampleValues(row, values.data());
      for (size_t v = 0; v < values.size(); ++v) s.values[b.values[v].name] = values[v];
    }
    result.metrics.push_back(std::move(b));
  }
}

std::vector<double> RowWeights(const TaskResult& result, const MetricBlock& block) {
  std::vector<double> w(block.rows.size(), 1.0);
  if (result.double_count_first && !w.empty()) w[0] = 2.0;
  return w;
}

}  // namespace clue::runner
