#pragma once
// Turns `--model SPEC` and its flags into a Backend.
#include <memory>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "clue/backends/backend.h"
#include "clue/backends/backend_options.h"

namespace clue::backends {

// A task's parameter-free baselines: name -> definition (see baseline_backend.h), plus its default.
struct TaskBaselines {
  std::map<std::string, nlohmann::json> by_name;
  std::string default_name;
};

struct BackendEnv {
  std::string out_dir;  // the run's output directory (default cache location)
  std::map<std::string, TaskBaselines> baselines;  // by task name
};

// Throws data::InputError (field "--model") for a malformed or unknown spec.
std::unique_ptr<Backend> CreateBackend(const BackendOptions& opts, const BackendEnv& env);

}  // namespace clue::backends
