// Placeholder while the runner is being written; replaced by the real `clue run`.
#include "clue/cli/commands.h"

namespace clue::cli {
void AddRunCommand(CLI::App& app) { app.add_subcommand("run", "Run tasks against a model"); }
void AddScoreCommand(CLI::App& app) { app.add_subcommand("score", "Re-score a run directory"); }
void AddTasksCommand(CLI::App& app) { app.add_subcommand("tasks", "List or show tasks"); }
}  // namespace clue::cli
