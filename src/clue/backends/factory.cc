#include "clue/backends/factory.h"

#include "clue/data/input_error.h"

namespace clue::backends {

std::unique_ptr<Backend> CreateBackend(const BackendOptions& opts, const BackendEnv& env) {
  throw data::InputError("--model", 0, "", "unknown model spec '" + opts.spec + "'");
}

}  // namespace clue::backends
