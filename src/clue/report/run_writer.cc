#include "clue/report/run_writer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace clue::report {
namespace fs = std::filesystem;

namespace {

nlohmann::json NumberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }

// Metrics whose per-sample statistics are not just their values (corpus BLEU/chrF) keep them
// in samples.jsonl so comparisons can re-aggregate without re-scoring text.
std::map<size_t, std::vector<std::pair<std::string, std::vector<double>>>> StatsBySample(
    const runner::TaskResult& task) {
  std::map<size_t, std::vector<std::pair<std::string, std::vector<double>>>> out;
  for (const auto& b : task.metrics) {
    if (!b.computed || b.stat_count == b.values.size()) continue;
    for (size_t r = 0; r < b.rows.size(); ++r)
      out[b.rows[r]].emplace_back(
          b.name, std::vector<double>(b.stats.begin() + r * b.stat_count,
                                      b.stats.begin() + (r + 1) * b.stat_count));
  }
  return out;
}

}  // namespace

void WriteFileAtomic(const std::string& path, const std::string& text) {
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + tmp);
  }
  fs::rename(tmp, path);
}

nlohmann::json SampleJson(const runner::TaskResult& task, const runner::SampleRecord& s) {
  nlohmann::json j = {{"id", s.id},
                      {"task", task.task},
                      {"cluster", s.cluster},
                      {"group", s.group},
                      {"prompt_hash", s.prompt_hash},
                      {"prediction", s.prediction},
                      {"answer", s.answer},
                      {"gold", s.gold},
                      {"status", std::string(runner::StatusName(s.status))},
                      {"finish_reason", s.finish_reason},
                      {"prompt_tokens", s.prompt_tokens},
                      {"completion_tokens", s.completion_tokens},
                      {"latency_s", s.latency_s},
                      {"cached", s.cached},
                      {"error", s.error},
                      {"values", s.values}};
  return j;
}

void WriteSamples(const std::string& out_dir, const runner::TaskResult& task) {
  const auto stats = StatsBySample(task);
  std::string text;
  for (size_t i = 0; i < task.samples.size(); ++i) {
    nlohmann::json j = SampleJson(task, task.samples[i]);
    if (auto it = stats.find(i); it != stats.end())
      for (const auto& [metric, row] : it->second) j["stats"][metric] = row;
    text += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  WriteFileAtomic((fs::path(out_dir) / task.task / "samples.jsonl").string(), text);
}

nlohmann::json TaskJson(const tasks::TaskSpec& spec, const runner::TaskResult& task,
                        const stats::TaskSummary& s, const std::string& level) {
  nlohmann::json j;
  j["level"] = level;
  j["description"] = spec.description;
  j["task_hash"] = task.task_hash;
  j["prompts_hash"] = task.prompts_hash;
  j["data_path"] = task.data_path;
  j["n"] = s.n;
  j["n_counted"] = s.n_counted;
  j["status_counts"] = s.status_counts;
  j["legacy_double_count"] = task.double_count_first;
  j["metrics"] = nlohmann::json::array();
  for (size_t m = 0; m < spec.metrics.size() && m < task.metrics.size(); ++m) {
    const auto& b = task.metrics[m];
    j["metrics"].push_back({{"name", b.name},
                            {"options", spec.metrics[m].options},
                            {"computed", b.computed},
                            {"reason", b.not_computed_reason}});
    if (!b.computed) j["not_computed"][b.name] = b.not_computed_reason;
  }
  j["values"] = nlohmann::json::object();
  for (const auto& v : s.values)
    if (v.computed) j["values"][v.name] = {{"value", NumberOrNull(v.percent)}, {"metric", v.metric}};
  j["score"] = {{"value", s.score ? nlohmann::json(*s.score) : nlohmann::json(nullptr)},
                {"partial", s.partial},
                {"missing", s.missing},
                {"components", s.score_values}};
  return j;
}

nlohmann::json ResultsJson(const RunInfo& info, const nlohmann::json& tasks,
                           const std::vector<stats::LevelSummary>& levels) {
  nlohmann::json j;
  j["clue_version"] = CLUE_VERSION;
  j["created"] = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  j["model"] = info.model;
  j["profile"] = info.profile;
  j["suite"] = info.suite;
  j["config"] = info.config;
  j["tasks"] = tasks;
  j["levels"] = nlohmann::json::object();
  for (const auto& l : levels) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : l.entries)
      entries.push_back({{"name", e.name},
                         {"tasks", e.tasks},
                         {"score", e.score ? nlohmann::json(*e.score) : nlohmann::json(nullptr)},
                         {"partial", e.partial}});
    j["levels"][l.name] = {{"value", l.score ? nlohmann::json(*l.score) : nlohmann::json(nullptr)},
                           {"partial", l.partial},
                           {"entries", entries}};
  }
  return j;
}

}  // namespace clue::report
