// cache-driver: a test-only client that sends N synthetic clinical prompts through the real
// backend (CreateBackend with the usual --model flags) and writes one JSON line per finished
// request, flushed as it arrives. Integration tests kill it with SIGKILL mid-run and re-run it
// to prove the response cache resumes without re-sending anything.
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "clue/backends/factory.h"
#include "clue/data/input_error.h"

int main(int argc, char** argv) {
  using namespace clue::backends;
  BackendOptions opts;
  int n = 20;
  std::string out_path, out_dir;
  CLI::App app{"cache-driver: sends N synthetic requests through a backend"};
  AddBackendFlags(app, opts);
  app.add_option("--n", n, "Number of requests")->capture_default_str();
  app.add_option("--results", out_path, "JSONL file of results (default stdout)");
  app.add_option("--out", out_dir, "Run directory (default cache location)");
  CLI11_PARSE(app, argc, argv);
  std::vector<GenerationRequest> reqs(n);
  for (int i = 0; i < n; ++i) {
    reqs[i].task = "driver";
    reqs[i].sample_id = std::to_string(i);
    reqs[i].messages = {{"system", "You are a clinical assistant."},
                        {"user", "Note " + std::to_string(i) + ": patient " + std::to_string(i) +
                                     " presents with symptom " + std::to_string(i % 7) +
                                     ". Follow-up in clinic."}};
    reqs[i].max_tokens = 64;
  }
  std::FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "cache-driver: error: cannot write %s\n", out_path.c_str());
    return 2;
  }
  try {
    auto backend = CreateBackend(opts, BackendEnv{out_dir});
    backend->Generate(reqs, [&](size_t i, GenerationResult r) {
      nlohmann::json j = {{"i", i}, {"ok", r.ok}, {"text", r.text},
                          {"finish_reason", r.finish_reason}, {"cached", r.cached},
                          {"attempts", r.attempts}, {"error", r.error}};
      std::fprintf(out, "%s\n", j.dump().c_str());
      std::fflush(out);
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cache-driver: error: %s\n", e.what());
    return 2;
  }
  if (out != stdout) std::fclose(out);
  return 0;
}
