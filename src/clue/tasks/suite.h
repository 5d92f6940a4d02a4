#pragma once
// A suite groups tasks into levels, e.g. CLUE's Level 1 and Level 2. A level entry is a task, or
// a named group of tasks whose scores are averaged first (LongHealth = mean of its three tasks).
#include <string>
#include <vector>

namespace clue::tasks {

struct SuiteEntry {
  std::string name;                // display name (the task's name for a single task)
  std::vector<std::string> tasks;  // one task, or the members of a group
};

struct SuiteLevel {
  std::string name;  // "L1"
  std::vector<SuiteEntry> entries;
};

struct SuiteSpec {
  std::string name;
  std::string description;
  std::string file;
  std::vector<SuiteLevel> levels;

  std::vector<std::string> AllTasks() const;
};

SuiteSpec LoadSuiteFile(const std::string& path);

// Where task and suite files are looked up: --tasks-dir, else $CLUE_HOME/tasks, else the
// source tree's tasks/ (suites/ beside it).
struct TaskCatalog {
  std::string tasks_dir;
  std::string suites_dir;

  static TaskCatalog Default(const std::string& tasks_dir_override);
  // A task name (tasks/<name>.yaml) or a path to a YAML file.
  std::string TaskPath(const std::string& name_or_path) const;
  std::string SuitePath(const std::string& name_or_path) const;
  std::vector<std::string> TaskNames() const;
};

}  // namespace clue::tasks
