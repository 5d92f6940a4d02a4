#include "clue/backends/factory.h"

#include "clue/backends/openai_backend.h"
#include "clue/data/input_error.h"

namespace clue::backends {

std::unique_ptr<Backend> CreateBackend(const BackendOptions& opts, const BackendEnv& env) {
  if (opts.spec.rfind("openai:", 0) == 0)
    return std::make_unique<OpenAiBackend>(OpenAiConfigFromOptions(opts, env));
  throw data::InputError("--model", 0, "", "unknown model spec '" + opts.spec + "'");
}

}  // namespace clue::backends
