#include "clue/tasks/suite.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "clue/data/input_error.h"
#include "clue/tasks/yaml_reader.h"

namespace clue::tasks {
namespace fs = std::filesystem;

std::vector<std::string> SuiteSpec::AllTasks() const {
  std::vector<std::string> out;
  for (const auto& level : levels)
    for (const auto& entry : level.entries)
      for (const auto& t : entry.tasks)
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

SuiteSpec LoadSuiteFile(const std::string& path) {
  YamlReader r(path);
  const YAML::Node doc = r.LoadFile();
  r.CheckKeys(doc, "", {"name", "description", "levels"});
  SuiteSpec s;
  s.file = path;
  if (!doc["name"]) r.Fail(doc, "name", "missing");
  s.name = r.String(doc["name"], "name");
  if (doc["description"]) s.description = r.String(doc["description"], "description");
  const YAML::Node levels = doc["levels"];
  if (!levels) r.Fail(doc, "levels", "missing");
  r.RequireMap(levels, "levels");
  for (const auto& kv : levels) {
    SuiteLevel level;
    level.name = kv.first.Scalar();
    const std::string at = "levels." + level.name;
    if (!kv.second.IsSequence() || kv.second.size() == 0)
      r.Fail(kv.second, at, "expected a non-empty list of tasks");
    for (size_t i = 0; i < kv.second.size(); ++i) {
      const YAML::Node e = kv.second[i];
      const std::string eat = at + "[" + std::to_string(i) + "]";
      if (e.IsScalar()) {
        level.entries.push_back({e.Scalar(), {e.Scalar()}});
      } else if (e.IsMap() && e.size() == 1) {
        const auto group = *e.begin();
        level.entries.push_back({group.first.Scalar(),
                                 r.StringList(group.second, eat + "." + group.first.Scalar())});
      } else {
        r.Fail(e, eat, "expected a task name or {group: [tasks...]}");
      }
    }
    s.levels.push_back(std::move(level));
  }
  return s;
}

TaskCatalog TaskCatalog::Default(const std::string& tasks_dir_override) {
  TaskCatalog c;
  if (!tasks_dir_override.empty()) {
    c.tasks_dir = tasks_dir_override;
  } else if (const char* home = std::getenv("CLUE_HOME"); home && *home) {
    c.tasks_dir = std::string(home) + "/tasks";
  } else {
    c.tasks_dir = std::string(CLUE_SOURCE_DIR) + "/tasks";
  }
  c.suites_dir = (fs::path(c.tasks_dir).parent_path() / "suites").string();
  return c;
}

static std::string Resolve(const std::string& dir, const std::string& name, const char* what) {
  if (name.find('/') != std::string::npos || name.ends_with(".yaml")) {
    if (!fs::exists(name)) throw data::InputError(name, 0, "", std::string("no such ") + what + " file");
    return name;
  }
  const std::string path = dir + "/" + name + ".yaml";
  if (!fs::exists(path))
    throw data::InputError(path, 0, "", std::string("unknown ") + what + " '" + name + "' (no file here)");
  return path;
}

std::string TaskCatalog::TaskPath(const std::string& name) const {
  return Resolve(tasks_dir, name, "task");
}

std::string TaskCatalog::SuitePath(const std::string& name) const {
  return Resolve(suites_dir, name, "suite");
}

std::vector<std::string> TaskCatalog::TaskNames() const {
  std::vector<std::string> out;
  if (!fs::is_directory(tasks_dir)) return out;
  for (const auto& e : fs::directory_iterator(tasks_dir))
    if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace clue::tasks
