#pragma once
// Metric "plugin": scores with an external program, so exact-parity scorers (scispaCy UMLS F1)
// and metrics written in any language can be used. Protocol (JSON Lines, UTF-8):
//   clue -> plug-in stdin : {"id": "...", "prediction": "...", "reference": "..."}   one per line
//   plug-in stdout -> clue: {"id": "...", "<value>": <number>, ...}  one per request
//                           or {"id": "...", "error": "message"} for a sample it cannot score.
// Requests go in batches; the plug-in may answer each line as it comes or after the batch. It is
// started once and reused; stdin is closed when clue is done. A timeout, a crash or malformed
// output gives the affected samples an error and the run continues.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"
#include "clue/metrics/plugin_process.h"

namespace clue::metrics {

struct PluginOptions {
  std::vector<std::string> argv;  // a string command becomes {"/bin/sh", "-c", command}
  std::vector<ValueSpec> values;
  double timeout_s = 60;   // per batch
  double startup_timeout_s = 300;  // extra allowance for the first batch (model loading)
  size_t batch = 16;
  int max_restarts = 2;    // crashes tolerated before the plug-in is given up on
};

// Parses the task-file options (command, values, timeout_s, startup_timeout_s, batch,
// to_percent, max_restarts).
// Throws std::invalid_argument on bad options.
PluginOptions ParsePluginOptions(const nlohmann::json& options);
// "command" as string (shell) or list (argv).
std::vector<std::string> ParsePluginCommand(const nlohmann::json& command);

class PluginMetric : public Metric {
 public:
  explicit PluginMetric(PluginOptions options);
  ~PluginMetric() override;

  const std::vector<ValueSpec>& values() const override { return opt_.values; }
  void Score(const MetricInput& in, double* stats) const override;
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override;

 private:
  void ScoreBatch(std::span<const MetricInput> in, double* stats, std::string* errors) const;
  // Parses one result line into the batch; false when the line is not a valid result (then the
  // stream can no longer be trusted).
  bool TakeResult(std::string_view line, std::span<const MetricInput> in, double* stats,
                  std::string* errors, std::vector<char>* done, std::string* problem) const;

  PluginOptions opt_;
  mutable std::mutex mu_;
  mutable std::unique_ptr<PluginProcess> proc_;
  mutable int restarts_ = 0;
  mutable std::string disabled_;  // non-empty: why the plug-in is no longer used
};

MetricOrReason MakePluginMetric(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
