// Benchmarks of the OpenAI backend against clue-test-server (a real process on loopback).
//   BM_ZeroLatency:     requests/s and client CPU microseconds per request when the server
//                       answers at once (the cost of the HTTP client, JSON and bookkeeping).
//   BM_SlotUtilisation: share of time the server's K engine slots are busy when each request
//                       holds a slot for a realistic decode time, at several client concurrencies.
// Run from the repo root with CLUE_BIN pointing at the build dir that holds clue-test-server.
#include <time.h>

#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "clue/backends/openai_backend.h"
#include "clue/backends/testserver/server_process.h"

namespace {

using namespace clue::backends;

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// A note whose first sentence (the fake model's answer) is 12 words long.
std::vector<GenerationRequest> Batch(int n, int round) {
  std::vector<GenerationRequest> reqs(n);
  for (int i = 0; i < n; ++i) {
    reqs[i].messages = {{"system", "Summarise the clinical note in one sentence."},
                        {"user", "Patient " + std::to_string(round) + "-" + std::to_string(i) +
                                     " was admitted with chest pain and treated with aspirin today. "
                                     "Troponin was negative and the ECG showed no ischaemia."}};
    reqs[i].max_tokens = 64;
  }
  return reqs;
}

OpenAiConfig Config(const testserver::ServerProcess& s, int concurrency) {
  BackendOptions o;
  o.spec = "openai:test-model";
  o.base_urls = {s.BaseUrl()};
  o.no_cache = true;
  o.concurrency = concurrency;
  OpenAiConfig c = OpenAiConfigFromOptions(o, BackendEnv{});
  c.detect_tokenizer = false;
  return c;
}

void BM_ZeroLatency(benchmark::State& state) {
  testserver::ServerProcess server({"--threads", "256"});  // one thread per kept-alive connection
  OpenAiBackend backend(Config(server, static_cast<int>(state.range(0))));
  const int batch = 500;
  int round = 0;
  double cpu = 0;
  int64_t done = 0;
  for (auto _ : state) {
    auto reqs = Batch(batch, round++);
    double c0 = ThreadCpuSeconds();
    int ok = 0;
    backend.Generate(reqs, [&](size_t, GenerationResult r) { ok += r.ok; });
    cpu += ThreadCpuSeconds() - c0;
    done += ok;
    if (ok != batch) state.SkipWithError("requests failed");
  }
  state.counters["req/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
  state.counters["client_cpu_us/req"] = 1e6 * cpu / static_cast<double>(done);
}
BENCHMARK(BM_ZeroLatency)->Arg(1)->Arg(8)->Arg(32)->Arg(128)->UseRealTime()->Unit(benchmark::kMillisecond);

// K = 16 slots, 10 ms per generated token: a 12-token answer holds a slot for ~120 ms, like a
// mid-sized model decoding ~100 tokens/s per stream. Argument: client concurrency.
void BM_SlotUtilisation(benchmark::State& state) {
  const int slots = 16;
  testserver::ServerProcess server({"--slots", std::to_string(slots), "--token-latency", "0.010",
                                    "--threads", "128"});
  OpenAiBackend backend(Config(server, static_cast<int>(state.range(0))));
  const int batch = 160;
  int round = 0;
  double busy = 0, wall = 0;
  for (auto _ : state) {
    auto reqs = Batch(batch, round++);
    server.Post("/admin/reset", nlohmann::json::object());
    backend.Generate(reqs, [&](size_t, GenerationResult r) {
      if (!r.ok) state.SkipWithError("request failed");
    });
    auto stats = server.Get("/admin/stats");
    busy += stats["busy_slot_seconds"].get<double>();
    wall += stats["elapsed_s"].get<double>();
  }
  state.counters["slot_utilisation_%"] = 100.0 * busy / (slots * wall);
  state.counters["req/s"] = benchmark::Counter(static_cast<double>(batch) * state.iterations(),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SlotUtilisation)->Arg(8)->Arg(16)->Arg(32)->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
