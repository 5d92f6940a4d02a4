#include "clue/backends/backend_options.h"

namespace clue::backends {

void AddBackendFlags(CLI::App& cmd, BackendOptions& o) {
  cmd.add_option("--model", o.spec,
                 "Model to evaluate: 'baseline' (each task's default parameter-free baseline),\n"
                 "'baseline:NAME', 'file:PATH' (score existing outputs: JSONL with 'id' and\n"
                 "'prediction'), or 'openai:MODEL' for an OpenAI-compatible server (--base-url)")
      ->capture_default_str();
  cmd.add_option("--base-url", o.base_urls,
                 "Server base URL such as http://127.0.0.1:8000/v1; repeat for replicas");
  cmd.add_option("--api-key-env", o.api_key_env,
                 "Name of the environment variable holding the API key (the key itself is never\n"
                 "taken on the command line, logged or stored)");
  cmd.add_option("--revision", o.revision, "Model revision or fingerprint, part of the cache key");
  cmd.add_option("--endpoint", o.endpoint, "chat or completions")
      ->check(CLI::IsMember({"chat", "completions"}))
      ->capture_default_str();
  cmd.add_option("--concurrency", o.concurrency, "Maximum requests in flight")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--timeout", o.timeout_s, "Per-request timeout in seconds")->capture_default_str();
  cmd.add_option("--max-retries", o.max_retries, "Retries per request and failure kind (5xx, timeout, connection, bad\n"
                 "response; 3x for 429) before the sample is an error")
      ->capture_default_str();
  cmd.add_option("--rpm", o.rpm_limit, "Requests-per-minute limit (0 = none)");
  cmd.add_option("--tpm", o.tpm_limit, "Tokens-per-minute limit (0 = none)");
  cmd.add_option("--cache", o.cache_path, "Response cache (SQLite); default <out>/cache.sqlite");
  cmd.add_flag("--no-cache", o.no_cache, "Neither read nor write the response cache");
  cmd.add_flag("--refresh", o.refresh, "Ignore cached responses but store new ones");
  cmd.add_flag("--stream", o.stream, "Stream responses (server-sent events)");
  cmd.add_option("--retry-base-delay", o.retry_base_s,
                 "Backoff before the first retry, doubled per retry, in seconds (jittered)")
      ->capture_default_str();
  cmd.add_option("--retry-max-delay", o.retry_max_s, "Longest backoff between retries, in seconds")
      ->capture_default_str();
}

}  // namespace clue::backends
