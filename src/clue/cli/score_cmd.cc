// `clue score RUN_DIR`: re-scores a finished run from its stored predictions, e.g. after adding
// a BERTScore model or a concept dictionary, without calling the model again.
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "clue/cli/commands.h"
#include "clue/cli/run_cmd.h"
#include "clue/data/input_error.h"

namespace clue::cli {

namespace {

nlohmann::json ReadResults(const std::string& run_dir) {
  const std::string path = run_dir + "/results.json";
  std::ifstream f(path);
  if (!f) throw data::InputError(path, 0, "", "cannot open (is this a clue run directory?)");
  try {
    return nlohmann::json::parse(f);
  } catch (const nlohmann::json::parse_error& e) {
    throw data::InputError(path, 0, "", std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace

void AddScoreCommand(CLI::App& app) {
  struct Args {
    std::string run_dir, out_dir;
    std::vector<std::string> settings, data_dirs;
    bool legacy = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "score",
      "Re-score a run directory from its stored predictions (no model calls), e.g. after\n"
      "configuring BERTScore or a concept dictionary. Writes results to --out (default: in place).");
  cmd->add_option("run_dir", a->run_dir, "A directory written by clue run")->required();
  cmd->add_option("--out", a->out_dir, "Where to write the re-scored run (default: run_dir)");
  cmd->add_option("--set", a->settings, "Metric setting KEY=VALUE");
  cmd->add_option("--data-dir", a->data_dirs, "Data folders (default: those the run used)");
  cmd->add_flag("--legacy-double-count", a->legacy, "See clue run --help");
  cmd->callback([a] {
    const nlohmann::json r = ReadResults(a->run_dir);
    const nlohmann::json& cfg = r["config"];
    RunConfig c;
    if (!r.value("suite", "").empty()) c.suite = r["suite"];
    c.tasks = cfg.value("tasks", std::vector<std::string>{});
    c.profile = r.value("profile", "");
    c.tasks_dir = cfg.value("tasks_dir", "");
    c.data_dirs = a->data_dirs.empty() ? cfg.value("data_dirs", std::vector<std::string>{})
                                       : a->data_dirs;
    c.limit = cfg.value("limit", size_t{0});
    c.repeats = cfg.value("repeats", 1);
    c.legacy_double_count = a->legacy || cfg.value("legacy_double_count", false);
    c.settings = a->settings;
    c.out_dir = a->out_dir.empty() ? a->run_dir : a->out_dir;
    c.backend.spec = "file:" + a->run_dir;
    const int rc = ExecuteRun(c);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace clue::cli
