// clue-test-server: an OpenAI-compatible server on loopback for clue's integration tests and
// benchmarks. Prints the port it listens on as the first line of stdout, then serves until
// killed. See test_server.h for the endpoints.
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "clue/backends/testserver/test_server.h"

namespace {
clue::backends::testserver::TestServer* g_server = nullptr;
void OnSignal(int) {
  if (g_server) g_server->Stop();
}
}  // namespace

int main(int argc, char** argv) {
  using namespace clue::backends::testserver;
  TestServerOptions o;
  std::vector<std::string> fault_kinds;
  std::string api_key_env;
  CLI::App app{"clue-test-server: deterministic OpenAI-compatible server with fault injection"};
  app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", o.port, "Port (0 = any free port; printed on stdout)")->capture_default_str();
  app.add_option("--model", o.models, "Served model name (repeatable)")->capture_default_str();
  app.add_option("--tokenizer", o.tokenizer, "Tokenizer endpoints: vllm, llamacpp or none")
      ->check(CLI::IsMember({"vllm", "llamacpp", "none"}))->capture_default_str();
  app.add_option("--api-key-env", api_key_env, "Require the key held in this environment variable");
  app.add_option("--threads", o.threads, "HTTP worker threads (one per kept-alive connection: keep >= client concurrency)")->capture_default_str();
  app.add_option("--slots", o.slots, "Engine slots (0 = unlimited, no latency)")->capture_default_str();
  app.add_option("--token-latency", o.per_token_s, "Seconds per generated token")->capture_default_str();
  app.add_option("--prompt-token-latency", o.per_prompt_token_s, "Seconds per prompt token");
  app.add_option("--fault-rate", o.faults.rate, "Share of attempts that fail")->check(CLI::Range(0.0, 1.0));
  app.add_option("--faults", fault_kinds, "Fault kinds: 500 503 429 drop malformed truncated delay");
  app.add_option("--fail-first", o.faults.first_attempts, "The first N attempts of every body fail");
  app.add_option("--retry-after", o.faults.retry_after_s, "Retry-After seconds on 429/503");
  app.add_option("--delay", o.faults.delay_s, "Seconds added by the 'delay' fault");
  app.add_option("--fault-seed", o.faults.seed, "Seed of the fault decisions");
  CLI11_PARSE(app, argc, argv);
  if (!fault_kinds.empty()) {
    o.faults.kinds.clear();
    for (const auto& k : fault_kinds) {
      auto f = ParseFault(k);
      if (!f) {
        std::fprintf(stderr, "clue-test-server: error: --faults: unknown kind '%s'\n", k.c_str());
        return 2;
      }
      o.faults.kinds.push_back(*f);
    }
  }
  if (!api_key_env.empty()) {
    const char* key = std::getenv(api_key_env.c_str());
    if (!key || !*key) {
      std::fprintf(stderr, "clue-test-server: error: --api-key-env: %s is not set\n", api_key_env.c_str());
      return 2;
    }
    o.api_key = key;
  }
  TestServer server(o);
  int port = server.Bind();
  if (port <= 0) {
    std::fprintf(stderr, "clue-test-server: error: cannot listen on %s:%d\n", o.host.c_str(), o.port);
    return 1;
  }
  std::printf("%d\n", port);
  std::fflush(stdout);
  g_server = &server;
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  server.Serve();
  return 0;
}
