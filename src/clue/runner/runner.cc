#include "clue/runner/runner.h"

#include <filesystem>

#include "clue/data/input_error.h"
#include "clue/runner/answer.h"
#include "clue/runner/scorer.h"
#include "clue/data/sha256.h"

namespace clue::runner {

std::string ResolveDataPath(const tasks::TaskSpec& task, const RunOptions& opts) {
  if (auto it = opts.data_overrides.find(task.name); it != opts.data_overrides.end()) {
    if (!std::filesystem::exists(it->second))
      throw data::InputError(it->second, 0, "", "data file for task '" + task.name + "' not found");
    return it->second;
  }
  std::string tried;
  for (const auto& dir : opts.data_dirs) {
    const std::string path = (std::filesystem::path(dir) / task.data_path).string();
    if (std::filesystem::exists(path)) return path;
    tried += (tried.empty() ? "" : ", ") + path;
  }
  throw data::InputError(task.data_path, 0, "",
                         "data file for task '" + task.name + "' not found (looked for " +
                             (tried.empty() ? std::string("it with no --data-dir") : tried) +
                             "); pass --data-dir DIR or --data " + task.name + "=PATH");
}

backends::GenerationRequest MakeRequest(const tasks::TaskSpec& task, const Instance& inst,
                                        const RunOptions& opts, int repeat) {
  backends::GenerationRequest req;
  req.task = task.name;
  req.sample_id = inst.id;
  req.messages = inst.prompt.messages;
  req.prompt = inst.prompt.completion_prompt;
  req.assistant_prefix = inst.prompt.assistant_prefix;
  req.max_tokens = task.max_tokens;
  req.temperature = opts.temperature.value_or(task.temperature);
  req.top_p = task.top_p;
  req.stop = task.stop;
  req.repeat = repeat;
  if (req.temperature > 0) req.seed = static_cast<uint64_t>(repeat);
  req.sample = inst.fields;
  return req;
}

std::string RequestHash(const backends::GenerationRequest& r) {
  nlohmann::json j;
  for (const auto& m : r.messages) j["messages"].push_back({{"role", m.role}, {"content", m.content}});
  j["prompt"] = r.prompt;
  j["assistant_prefix"] = r.assistant_prefix;
  j["max_tokens"] = r.max_tokens;
  j["temperature"] = r.temperature;
  j["top_p"] = r.top_p;
  j["stop"] = r.stop;
  return data::Sha256Hex(j.dump());
}

TaskResult RunTask(const tasks::TaskSpec& task, backends::Backend& backend,
                   const RunOptions& opts) {
  const std::string path = ResolveDataPath(task, opts);
  TaskInstances inst = BuildInstances(task, path, backend.GetTokenizer(), opts.limit);
  const AnswerParser parser(task);

  std::vector<backends::GenerationRequest> requests;
  for (int rep = 0; rep < opts.repeats; ++rep)
    for (const auto& i : inst.items) requests.push_back(MakeRequest(task, i, opts, rep));

  TaskResult result;
  result.task = task.name;
  result.task_hash = task.hash;
  result.data_path = path;
  result.score_values = task.score_values;
  result.double_count_first = opts.legacy_double_count && task.legacy_double_count;
  result.samples.resize(requests.size());
  std::string all_hashes;
  for (size_t k = 0; k < requests.size(); ++k) {
    const Instance& i = inst.items[k % inst.items.size()];
    SampleRecord& s = result.samples[k];
    s.id = opts.repeats > 1 ? i.id + "#" + std::to_string(k / inst.items.size()) : i.id;
    s.cluster = opts.repeats > 1 && i.cluster.empty() ? i.id : i.cluster;
    s.group = i.group;
    s.gold = i.gold;
    s.prompt_hash = RequestHash(requests[k]);
    s.status = Status::kError;  // until the backend reports; a lost result is never "scored"
    s.error = "the backend returned no result for this sample";
    all_hashes += s.prompt_hash;
  }
  result.prompts_hash = data::Sha256Hex(all_hashes);

  if (opts.on_generation_start) opts.on_generation_start(requests.size());
  backend.Generate(requests, [&](size_t k, backends::GenerationResult g) {
    SampleRecord& s = result.samples[k];
    Answer a = parser.Parse(g);
    s.prediction = std::move(a.prediction);
    s.answer = std::move(a.parsed);
    s.status = a.status;
    s.error = std::move(a.error);
    s.finish_reason = g.finish_reason;
    s.prompt_tokens = g.prompt_tokens;
    s.completion_tokens = g.completion_tokens;
    s.latency_s = g.latency_s;
    s.cached = g.cached;
    if (opts.on_generation) opts.on_generation(g);
  });
  ScoreTask(task, opts.metric_ctx, result);
  return result;
}

}  // namespace clue::runner
