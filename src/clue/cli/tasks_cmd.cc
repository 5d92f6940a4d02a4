// `clue tasks list` and `clue tasks show NAME`: what tasks exist and exactly what they do.
#include <cstdio>

#include <fmt/format.h>

#include "clue/cli/commands.h"
#include "clue/tasks/prompt.h"
#include "clue/tasks/suite.h"
#include "clue/tasks/task_spec.h"

namespace clue::cli {

namespace {

nlohmann::json SpecJson(const tasks::TaskSpec& t) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : t.metrics) metrics.push_back({{"name", m.name}, {"options", m.options}});
  nlohmann::json baselines = nlohmann::json::object();
  for (const auto& [n, b] : t.baselines) baselines[n] = b;
  return {{"name", t.name}, {"description", t.description}, {"file", t.file},
          {"profile", t.profile}, {"hash", t.hash},
          {"dataset", {{"path", t.data_path}, {"format", t.data_format}, {"id_field", t.id_field}}},
          {"builder", t.builder}, {"builder_options", t.builder_options},
          {"prompt", {{"system", t.system_prompt}, {"user", t.user_template},
                      {"assistant", t.assistant_template}, {"assistant_prefix", t.assistant_prefix}}},
          {"shots", {{"count", t.shot_count}, {"select", t.shot_select}, {"seed", t.shot_seed}}},
          {"generation", {{"max_tokens", t.max_tokens}, {"temperature", t.temperature},
                          {"top_p", t.top_p}, {"stop", t.stop}}},
          {"postprocess", {{"strip", t.strip}, {"remove", t.remove_patterns},
                           {"refusal", t.refusal_patterns}}},
          {"parse", {{"regex", t.parse_regex}, {"group", t.parse_group}}},
          {"gold", t.gold_field}, {"metrics", metrics}, {"score", t.score_values},
          {"legacy_double_count", t.legacy_double_count}, {"baselines", baselines},
          {"default_baseline", t.default_baseline}};
}

}  // namespace

void AddTasksCommand(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto profile = std::make_shared<std::string>("clue-2024");
  CLI::App* cmd = app.add_subcommand("tasks", "List the available tasks, or show one resolved");
  cmd->add_option("--tasks-dir", *dir, "Folder of task YAML files");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "One line per task: name, profiles, description");
  list->callback([dir] {
    const auto catalog = tasks::TaskCatalog::Default(*dir);
    for (const auto& n : catalog.TaskNames()) {
      const std::string path = catalog.TaskPath(n);
      const auto profiles = tasks::TaskProfiles(path);
      const auto spec = tasks::LoadTaskFile(path, profiles.empty() ? "" : profiles.front());
      std::printf("%-20s %-22s %s\n", n.c_str(), fmt::format("{}", fmt::join(profiles, ",")).c_str(),
                  spec.description.c_str());
    }
  });
  CLI::App* show = cmd->add_subcommand("show", "The task as resolved under a profile, as JSON");
  show->add_option("name", *name, "Task name or YAML path")->required();
  show->add_option("--profile", *profile, "Profile to apply")->capture_default_str();
  show->callback([dir, name, profile] {
    const auto catalog = tasks::TaskCatalog::Default(*dir);
    const auto spec = tasks::LoadTaskFile(catalog.TaskPath(*name), *profile);
    std::printf("%s\n", SpecJson(spec).dump(2).c_str());
  });
}

}  // namespace clue::cli
