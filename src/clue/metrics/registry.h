#pragma once
// Metric names as they appear in task files and `clue metrics --metrics`, mapped to factories.
// Adding a metric is one file triple plus one line in registry.cc.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// options: the metric's entry from the task file (minus "name"), or {} when used from the CLI.
// Throws std::invalid_argument for unknown names or bad options (the caller adds file/line).
MetricOrReason CreateMetric(const std::string& name, const nlohmann::json& options,
                            const MetricContext& ctx);

std::vector<std::string> MetricNames();

}  // namespace clue::metrics
