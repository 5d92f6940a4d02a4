#include "clue/backends/factory.h"

#include "clue/backends/baseline_backend.h"
#include "clue/backends/file_backend.h"
#include "clue/data/input_error.h"

namespace clue::backends {
namespace {

std::unique_ptr<Backend> CreateBaseline(const std::string& name, const BackendEnv& env) {
  std::map<std::string, nlohmann::json> chosen;
  for (const auto& [task, b] : env.baselines) {
    const std::string pick = name.empty() ? b.default_name : name;
    auto it = b.by_name.find(pick);
    if (it == b.by_name.end()) {
      std::string known;
      for (const auto& [n, _] : b.by_name) known += (known.empty() ? "" : ", ") + n;
      throw data::InputError("--model", 0, "",
                             pick.empty() ? "task '" + task + "' defines no default baseline"
                                          : "task '" + task + "' has no baseline '" + pick +
                                                "' (it has: " + known + ")");
    }
    chosen[task] = it->second;
  }
  return std::make_unique<BaselineBackend>(std::move(chosen),
                                           name.empty() ? "baseline" : "baseline:" + name);
}

}  // namespace

std::unique_ptr<Backend> CreateBackend(const BackendOptions& opts, const BackendEnv& env) {
  const std::string& spec = opts.spec;
  if (spec == "baseline") return CreateBaseline("", env);
  if (spec.starts_with("baseline:")) return CreateBaseline(spec.substr(9), env);
  if (spec.starts_with("file:")) return std::make_unique<FileBackend>(spec.substr(5));
  throw data::InputError("--model", 0, "",
                         "unknown model spec '" + spec +
                             "' (expected baseline, baseline:NAME, file:PATH or openai:MODEL)");
}

}  // namespace clue::backends
