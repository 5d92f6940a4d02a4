#pragma once
// How the user chose and configured the model: `--model SPEC` plus the flags that shape a
// backend. One struct so `clue run` and `clue score` share the same flags.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace clue::backends {

struct BackendOptions {
  // baseline | baseline:NAME | file:PATH | openai:MODEL (with --base-url)
  std::string spec = "baseline";
  std::vector<std::string> base_urls;  // one per replica
  std::string api_key_env;             // name of the environment variable holding the key
  std::string revision;                // model revision/fingerprint for cache identity
  std::string endpoint = "chat";       // chat | completions
  int concurrency = 8;
  double timeout_s = 600;
  int max_retries = 6;
  double rpm_limit = 0;                // 0 = unlimited
  double tpm_limit = 0;
  std::string cache_path;              // default: <out>/cache.sqlite
  bool no_cache = false;
  bool refresh = false;
  bool stream = false;                 // use server-sent events (finish_reason/usage still recorded)
  double retry_base_s = 0.5;           // first retry waits up to this long (full jitter)
  double retry_max_s = 30;             // cap on any one backoff
};

// Registers the backend flags on a subcommand.
void AddBackendFlags(CLI::App& cmd, BackendOptions& opts);

}  // namespace clue::backends
