// The `clue` command line: a thin layer that parses flags and calls the library.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "clue/cli/commands.h"
#include "clue/data/input_error.h"

int main(int argc, char** argv) {
  CLI::App app{
      "clue: clinical-LLM evaluation. Runs the CLUE protocol (and any task written as a YAML file)\n"
      "against a model server, a file of outputs or a built-in baseline, and scores it exactly as\n"
      "the reference implementations do."};
  app.require_subcommand(1);
  app.set_version_flag("--version", CLUE_VERSION);
  clue::cli::AddRunCommand(app);
  clue::cli::AddScoreCommand(app);
  clue::cli::AddTasksCommand(app);
  clue::cli::AddMetricsCommand(app);
  clue::cli::AddCompareCommand(app);
  clue::cli::AddPowerCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const clue::data::InputError& e) {
    std::fprintf(stderr, "clue: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clue: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
