#pragma once
// Turns `--model SPEC` and its flags into a Backend.
#include <memory>
#include <string>

#include "clue/backends/backend.h"
#include "clue/backends/backend_options.h"

namespace clue::backends {

struct BackendEnv {
  std::string out_dir;  // the run's output directory (default cache location)
};

// Throws data::InputError (field "--model") for a malformed or unknown spec.
std::unique_ptr<Backend> CreateBackend(const BackendOptions& opts, const BackendEnv& env);

}  // namespace clue::backends
