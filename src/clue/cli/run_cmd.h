#pragma once
// What `clue run` does, callable from `clue score` (which replays a run's predictions).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "clue/backends/backend_options.h"

namespace clue::cli {

struct RunConfig {
  std::string suite;
  std::vector<std::string> tasks;
  std::string profile = "clue-2024";
  std::string tasks_dir;
  std::vector<std::string> data_dirs;
  std::vector<std::string> data_overrides;  // TASK=PATH
  std::string out_dir;
  size_t limit = 0;
  bool dry_run = false;
  bool legacy_double_count = false;
  std::optional<double> temperature;
  int repeats = 1;
  std::vector<std::string> settings;        // metric settings KEY=VALUE
  bool quiet = false;
  int resamples = 1000;     // bootstrap resamples for the "ci" objects; 0 = no intervals
  double ci_level = 0.95;
  uint64_t seed = 20240601; // bootstrap seed
  backends::BackendOptions backend;
};

// Runs (or dry-runs) the configured tasks and writes the run directory. Returns the exit code:
// 0, or 3 when some samples ended in error (they are reported, not scored).
int ExecuteRun(const RunConfig& config);

// --bertscore-model/-models-dir/-layer: shorthands that append metric settings.
void AddMetricSugarFlags(CLI::App& cmd, std::vector<std::string>& settings);

}  // namespace clue::cli
