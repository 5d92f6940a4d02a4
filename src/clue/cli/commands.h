#pragma once
// Each `clue` subcommand lives in its own <name>_cmd.cc and registers itself here.
#include <CLI/CLI.hpp>

namespace clue::cli {

void AddRunCommand(CLI::App& app);      // clue run
void AddScoreCommand(CLI::App& app);    // clue score
void AddTasksCommand(CLI::App& app);    // clue tasks list|show
void AddMetricsCommand(CLI::App& app);  // clue metrics (metrics_cmd.cc)
void AddCompareCommand(CLI::App& app);  // clue compare A B | --families FILE
void AddPowerCommand(CLI::App& app);    // clue power PILOT
// Later subcommands add one declaration here and one call in clue_main.cc.

}  // namespace clue::cli
