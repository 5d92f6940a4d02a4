// Integration tests: the OpenAI backend against clue-test-server running as a real process on
// loopback ($CLUE_BIN/clue-test-server). Delays are kept small so the file runs in seconds.
#include "clue/backends/openai_backend.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "clue/backends/response_cache.h"
#include "clue/backends/testserver/server_process.h"
#include "clue/data/input_error.h"

namespace clue::backends {
namespace {

using nlohmann::json;
using testserver::ServerProcess;

std::string TempDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("clue_openai_test_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

OpenAiConfig Config(std::vector<std::string> urls, const std::string& cache_path = "") {
  BackendOptions o;
  o.spec = "openai:test-model";
  o.base_urls = std::move(urls);
  o.max_retries = 6;
  o.retry_base_s = 0.01;
  o.retry_max_s = 0.1;
  o.timeout_s = 5;
  o.no_cache = cache_path.empty();
  o.cache_path = cache_path;
  OpenAiConfig c = OpenAiConfigFromOptions(o, BackendEnv{});
  c.overload_cooldown_s = 0.05;
  c.replica_probe_s = 0.1;
  return c;
}

std::vector<GenerationRequest> Requests(int n, const std::string& tag = "") {
  std::vector<GenerationRequest> reqs(n);
  for (int i = 0; i < n; ++i) {
    reqs[i].sample_id = std::to_string(i);
    reqs[i].messages = {{"system", "You are a clinician."},
                        {"user", tag + "Case " + std::to_string(i) + ": which drug?\nA: Aspirin\n"
                                 "B: Heparin\nC: Insulin\nD: Warfarin\nE: Digoxin"}};
    reqs[i].max_tokens = 32;
  }
  return reqs;
}

struct Outcome {
  std::vector<int> calls;  // on_result calls per index
  std::vector<GenerationResult> results;
  int ok = 0, errors = 0;
};

Outcome RunAll(Backend& b, const std::vector<GenerationRequest>& reqs,
               std::function<void(size_t)> after_each = nullptr) {
  Outcome o;
  o.calls.assign(reqs.size(), 0);
  o.results.resize(reqs.size());
  b.Generate(reqs, [&](size_t i, GenerationResult r) {
    ++o.calls[i];
    (r.ok ? o.ok : o.errors)++;
    o.results[i] = std::move(r);
    if (after_each) after_each(i);
  });
  return o;
}

// The server's per-body counts (held in a named object: iterating a member of a temporary
// would outlive it).
json ByBody(const ServerProcess& s) { return s.Get("/admin/counts")["by_body"]; }

void ExpectEachOnce(const Outcome& o) {
  for (size_t i = 0; i < o.calls.size(); ++i) EXPECT_EQ(o.calls[i], 1) << "index " << i;
}

TEST(OpenAiBackend, ChatAnswersWithUsageLatencyAndTokenizer) {
  ServerProcess server;
  OpenAiBackend b(Config({server.BaseUrl()}));
  EXPECT_EQ(b.Identity(), "openai:test-model");
  auto reqs = Requests(20);
  Outcome o = RunAll(b, reqs);
  ExpectEachOnce(o);
  ASSERT_EQ(o.ok, 20);
  for (const auto& r : o.results) {
    EXPECT_EQ(r.text.rfind("The correct answer is ", 0), 0u) << r.text;
    EXPECT_EQ(r.finish_reason, "stop");
    EXPECT_GT(r.prompt_tokens, 10);
    EXPECT_GT(r.completion_tokens, 4);
    EXPECT_GT(r.latency_s, 0);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_FALSE(r.cached);
  }
  json counts = server.Get("/admin/counts");
  EXPECT_EQ(counts["requests"], 20);
  EXPECT_EQ(counts["by_body"].size(), 20u);
  Tokenizer* tok = b.GetTokenizer();
  ASSERT_NE(tok, nullptr);
  EXPECT_EQ(tok->Name(), "server-tokenize(vllm):test-model");
  EXPECT_EQ(tok->Count("the patient was admitted"), 4u);
  EXPECT_EQ(tok->Truncate("the patient was admitted", 2), "the patient");
  EXPECT_EQ(tok->Truncate("short", 5), "short");
}

TEST(OpenAiBackend, LlamaCppTokenizerAndNoTokenizer) {
  ServerProcess llama({"--tokenizer", "llamacpp"});
  OpenAiBackend a(Config({llama.BaseUrl()}));
  ASSERT_NE(a.GetTokenizer(), nullptr);
  EXPECT_EQ(a.GetTokenizer()->Name(), "server-tokenize(llama.cpp):test-model");
  EXPECT_EQ(a.GetTokenizer()->Count("one two three"), 3u);
  ServerProcess none({"--tokenizer", "none"});
  OpenAiBackend b(Config({none.BaseUrl()}));
  EXPECT_EQ(b.GetTokenizer(), nullptr);
}

TEST(OpenAiBackend, CompletionsPrefixAndStreamingGiveTheSameAnswers) {
  ServerProcess server;
  auto reqs = Requests(6);
  for (auto& r : reqs) {
    r.prompt = "Summarise: " + r.messages[1].content + "\nSummary:";
    r.assistant_prefix = " The";
  }
  OpenAiConfig plain = Config({server.BaseUrl()});
  plain.endpoint = Endpoint::kCompletions;
  OpenAiConfig streamed = plain;
  streamed.stream = true;
  OpenAiBackend a(plain), b(streamed);
  Outcome x = RunAll(a, reqs), y = RunAll(b, reqs);
  ASSERT_EQ(x.ok, 6);
  ASSERT_EQ(y.ok, 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(x.results[i].text, y.results[i].text);
    EXPECT_EQ(y.results[i].finish_reason, "stop");
    EXPECT_EQ(y.results[i].completion_tokens, x.results[i].completion_tokens);
  }
  // Streaming does not change the canonical body: each body was sent exactly twice.
  for (const json by_body = ByBody(server); const auto& [h, c] : by_body.items()) EXPECT_EQ(c["requests"], 2);
}

TEST(OpenAiBackend, UnknownModelAndUnreachableServerAreClearErrors) {
  ServerProcess server({"--model", "other-model"});
  try {
    OpenAiBackend b(Config({server.BaseUrl()}));
    FAIL() << "expected an InputError";
  } catch (const data::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("model 'test-model' is not served by " + server.BaseUrl() +
                                         " (it serves: other-model)"),
              std::string::npos)
        << e.what();
  }
  try {
    OpenAiBackend b(Config({"http://127.0.0.1:1/v1"}));
    FAIL() << "expected an InputError";
  } catch (const data::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("http://127.0.0.1:1/v1/models"), std::string::npos) << e.what();
  }
}

TEST(OpenAiBackend, ThirtyPercentFaultsEverySampleAccountedForNoneDuplicated) {
  ServerProcess server({"--fault-rate", "0.3", "--faults", "500", "503", "429", "drop", "malformed",
                        "truncated", "--retry-after", "0.02", "--fault-seed", "11"});
  OpenAiConfig cfg = Config({server.BaseUrl()});
  cfg.retry = RetryConfig::FromMaxRetries(2, 0.01, 0.05);  // small budget: some samples must fail
  cfg.concurrency = 16;
  OpenAiBackend b(cfg);
  const int n = 120;
  Outcome o = RunAll(b, Requests(n));
  ExpectEachOnce(o);
  EXPECT_EQ(o.ok + o.errors, n);
  json counts = server.Get("/admin/counts");
  // Every ok sample is exactly one successful server response; no body got two.
  EXPECT_EQ(counts["ok"], o.ok);
  int bodies_with_ok = 0;
  for (const auto& [h, c] : counts["by_body"].items()) {
    EXPECT_LE(c["ok"].get<int>(), 1);
    bodies_with_ok += c["ok"].get<int>();
  }
  EXPECT_EQ(bodies_with_ok, o.ok);
  EXPECT_GT(b.stats().retries, 20);  // about 0.3 * 120 first attempts failed
  EXPECT_GT(o.ok, 100);
  for (const auto& r : o.results) {
    if (r.ok) continue;
    EXPECT_NE(r.error.find("retries for this kind exhausted"), std::string::npos) << r.error;
    EXPECT_TRUE(r.text.empty());
  }
}

TEST(OpenAiBackend, PersistentFailureEndsAsErrorAfterBudget) {
  ServerProcess server({"--fault-rate", "1", "--faults", "500"});
  OpenAiConfig cfg = Config({server.BaseUrl()});
  cfg.retry = RetryConfig::FromMaxRetries(2, 0.01, 0.02);
  OpenAiBackend b(cfg);
  Outcome o = RunAll(b, Requests(5));
  ExpectEachOnce(o);
  EXPECT_EQ(o.errors, 5);
  for (const auto& r : o.results) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.attempts, 3);
    EXPECT_NE(r.error.find("server error (5xx)"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("after 3 attempt(s)"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("injected internal server error"), std::string::npos) << r.error;
  }
  for (const json by_body = ByBody(server); const auto& [h, c] : by_body.items()) EXPECT_EQ(c["requests"], 3);
}

TEST(OpenAiBackend, RateLimitRetryAfterIsHonouredAndConcurrencyShrinks) {
  ServerProcess server({"--fail-first", "1", "--faults", "429", "--retry-after", "0.3"});
  OpenAiBackend b(Config({server.BaseUrl()}));
  auto t0 = std::chrono::steady_clock::now();
  Outcome o = RunAll(b, Requests(10));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ExpectEachOnce(o);
  EXPECT_EQ(o.ok, 10);
  EXPECT_GE(secs, 0.3);  // nothing was re-sent before the server's Retry-After
  for (const json by_body = ByBody(server); const auto& [h, c] : by_body.items()) {
    EXPECT_EQ(c["requests"], 2);
    EXPECT_EQ(c["ok"], 1);
  }
  EXPECT_GE(b.stats().concurrency_decreases, 1);
  EXPECT_LT(b.stats().min_concurrency_seen, 8);
  for (const auto& r : o.results) EXPECT_EQ(r.attempts, 2);
}

// A Retry-After pauses only the replica that sent it. The limited replica answers every body's
// first request with 429 and Retry-After: 2; while it is paused the healthy one serves all the
// rest, so the limited one only ever sees the first wave (at most `concurrency` requests in
// flight). With one pause for all replicas, the healthy one would idle too, and about half of
// the remaining requests would meet the limited one first and be refused again.
TEST(OpenAiBackend, RetryAfterPausesOnlyTheReplicaThatSentIt) {
  ServerProcess limited({"--fail-first", "1", "--faults", "429", "--retry-after", "2"});
  ServerProcess healthy;
  const OpenAiConfig cfg = Config({limited.BaseUrl(), healthy.BaseUrl()});
  OpenAiBackend b(cfg);
  const int n = 40;
  Outcome o = RunAll(b, Requests(n));
  ExpectEachOnce(o);
  EXPECT_EQ(o.ok, n);
  const json lc = limited.Get("/admin/counts"), hc = healthy.Get("/admin/counts");
  const int refused = lc["requests"].get<int>() - lc["ok"].get<int>();
  const int on_healthy = hc["requests"].get<int>();
  EXPECT_GE(refused, 1);
  EXPECT_LE(refused, cfg.concurrency);
  EXPECT_GE(on_healthy, n - cfg.concurrency);
}

TEST(OpenAiBackend, ReplicaGoingDownMidRunLosesNothing) {
  std::vector<std::string> slow = {"--slots", "4", "--token-latency", "0.002"};
  ServerProcess a(slow), b(slow);
  OpenAiConfig cfg = Config({a.BaseUrl(), b.BaseUrl()});
  cfg.concurrency = 8;
  OpenAiBackend backend(cfg);
  const int n = 60;
  int done = 0;
  Outcome o = RunAll(backend, Requests(n), [&](size_t) {
    if (++done == 10) b.Kill();  // replica b dies with requests in flight
  });
  ExpectEachOnce(o);
  EXPECT_EQ(o.ok, n);
  EXPECT_EQ(o.errors, 0);
  EXPECT_GE(backend.stats().retries, 1);             // requests in flight to b were re-sent
  EXPECT_EQ(backend.stats().replicas_taken_out, 1);  // b was taken out once, not hammered
  // a answered everything b did not answer before dying.
  EXPECT_GE(a.Get("/admin/counts")["ok"].get<int>(), n - 10 - 8);
  for (const json by_body = ByBody(a); const auto& [h, c] : by_body.items()) EXPECT_EQ(c["ok"], 1);
}

TEST(OpenAiBackend, RequestsPerMinuteLimitPacesSends) {
  ServerProcess server;
  OpenAiConfig cfg = Config({server.BaseUrl()});
  cfg.rpm = 1200;           // 20 requests/s
  cfg.rate_burst_s = 0.05;  // a bucket of one request: no initial burst
  OpenAiBackend b(cfg);
  auto t0 = std::chrono::steady_clock::now();
  Outcome o = RunAll(b, Requests(7));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(o.ok, 7);
  EXPECT_GE(secs, 0.29);  // the first goes at once, the other six 50 ms apart
  EXPECT_LT(secs, 3.0);
}

TEST(OpenAiBackend, TokensPerMinuteLimitPacesByEstimatedTokens) {
  ServerProcess server;
  OpenAiConfig cfg = Config({server.BaseUrl()});
  // Each request is estimated at body_chars/4 + max_tokens = 241/4 + 32 = 92.25 tokens and
  // then corrected to the reported usage, 19 prompt + 6 completion = 25 tokens (python3:
  // len(json.dumps(body, separators=(',',':'), sort_keys=True)) == 241). At 54,000 TPM = 900
  // tokens/s with a 0.1 s bucket (90 tokens) each send needs a full bucket and nets 25 tokens,
  // so sends are 25/900 s = 27.8 ms apart: 4 gaps >= 0.111 s for 5 requests (unlimited: ~5 ms).
  cfg.tpm = 54000;
  cfg.rate_burst_s = 0.1;
  OpenAiBackend b(cfg);
  auto t0 = std::chrono::steady_clock::now();
  Outcome o = RunAll(b, Requests(5));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(o.ok, 5);
  EXPECT_GE(secs, 0.1);
  EXPECT_LT(secs, 3.0);
}

TEST(OpenAiBackend, ApiKeyIsSentButNeverStoredOrReported) {
  const std::string key = "sk-test-SECRET-4242";
  setenv("CLUE_TEST_KEY", key.c_str(), 1);
  ServerProcess server({"--api-key-env", "CLUE_TEST_KEY"});
  std::string dir = TempDir("key");
  BackendOptions o;
  o.spec = "openai:test-model";
  o.base_urls = {server.BaseUrl()};
  o.api_key_env = "CLUE_TEST_KEY";
  o.retry_base_s = 0.01;
  OpenAiBackend b(OpenAiConfigFromOptions(o, BackendEnv{dir}));
  Outcome ok = RunAll(b, Requests(3));
  EXPECT_EQ(ok.ok, 3);
  // An error path that echoes request details: unknown model (check skipped) -> 404 text.
  OpenAiConfig bad = OpenAiConfigFromOptions(o, BackendEnv{dir});
  bad.model = "missing-" + key;  // a hostile server message could echo the key back
  bad.check_models = false;
  OpenAiBackend c(bad);
  Outcome err = RunAll(c, Requests(1));
  ASSERT_EQ(err.errors, 1);
  EXPECT_EQ(err.results[0].error.find(key), std::string::npos) << err.results[0].error;
  EXPECT_NE(err.results[0].error.find("[REDACTED]"), std::string::npos) << err.results[0].error;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(f.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(bytes.find(key), std::string::npos) << f.path();
  }
  // A wrong key: the server refuses; the message says so without any key.
  setenv("CLUE_TEST_KEY", "wrong", 1);
  EXPECT_THROW(OpenAiBackend(OpenAiConfigFromOptions(o, BackendEnv{dir})), data::InputError);
  unsetenv("CLUE_TEST_KEY");
  EXPECT_THROW(OpenAiConfigFromOptions(o, BackendEnv{dir}), data::InputError);
}

TEST(OpenAiBackend, CacheAnswersRepeatsRefreshResendsDuplicatesSentOnce) {
  ServerProcess server;
  std::string cache = TempDir("cache") + "/cache.sqlite";
  auto reqs = Requests(8);
  reqs.push_back(reqs[0]);  // an identical request in the same batch
  {
    OpenAiBackend b(Config({server.BaseUrl()}, cache));
    Outcome o = RunAll(b, reqs);
    ExpectEachOnce(o);
    EXPECT_EQ(o.ok, 9);
    EXPECT_EQ(o.results[8].text, o.results[0].text);
    EXPECT_EQ(b.stats().deduplicated, 1);
  }
  EXPECT_EQ(server.Get("/admin/counts")["requests"], 8);
  OpenAiBackend again(Config({server.BaseUrl()}, cache));
  Outcome o2 = RunAll(again, reqs);
  for (const auto& r : o2.results) EXPECT_TRUE(r.cached);
  EXPECT_EQ(server.Get("/admin/counts")["requests"], 8);  // nothing re-sent
  OpenAiConfig refresh = Config({server.BaseUrl()}, cache);
  refresh.refresh = true;
  OpenAiBackend r(refresh);
  Outcome o3 = RunAll(r, reqs);
  for (const auto& res : o3.results) EXPECT_FALSE(res.cached);
  EXPECT_EQ(server.Get("/admin/counts")["requests"], 16);
  // Sampled generations: the same prompt with another repeat index or seed is a new request.
  auto sampled = Requests(1);
  sampled[0].temperature = 0.7;
  sampled[0].seed = 1;
  auto second = sampled[0];
  second.repeat = 1;
  sampled.push_back(second);
  auto third = sampled[0];
  third.seed = 2;
  sampled.push_back(third);
  Outcome o4 = RunAll(r, sampled);
  EXPECT_EQ(o4.ok, 3);
  EXPECT_EQ(r.stats().deduplicated, 1);  // only the batch duplicate above; repeat 1 is distinct
}

TEST(OpenAiBackend, KillNineMidRunThenResumeResendsOnlyMissing) {
  ServerProcess server({"--slots", "2", "--token-latency", "0.002"});
  std::string dir = TempDir("resume");
  std::string driver = testserver::ClueBinDir() + "/cache-driver";
  std::vector<std::string> args = {"--model", "openai:test-model", "--base-url", server.BaseUrl(),
                                   "--out", dir, "--n", "40", "--concurrency", "2",
                                   "--results", dir + "/first.jsonl"};
  pid_t pid = testserver::Spawn(driver, args);
  // Wait until some results are in, then SIGKILL the client mid-run.
  for (int i = 0; i < 500; ++i) {
    std::ifstream in(dir + "/first.jsonl");
    int lines = 0;
    for (std::string l; std::getline(in, l);) ++lines;
    if (lines >= 10) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  EXPECT_EQ(testserver::WaitExit(pid), 128 + SIGKILL);
  // The client is dead: no more arrivals. What it committed is what the cache holds.
  int sent_before = server.Get("/admin/counts")["requests"];
  int64_t stored = ResponseCache(dir + "/cache.sqlite").Size();
  ASSERT_GE(stored, 10);
  ASSERT_LT(stored, 40) << "the driver finished before it was killed";

  args.back() = dir + "/second.jsonl";
  ASSERT_EQ(testserver::WaitExit(testserver::Spawn(driver, args)), 0);
  json counts = server.Get("/admin/counts");
  // The resumed run sent exactly the requests without a stored response, each once.
  EXPECT_EQ(counts["requests"].get<int>() - sent_before, 40 - stored);
  EXPECT_EQ(counts["by_body"].size(), 40u);
  // A body answered twice can only be one that was in flight (concurrency 2) at the kill.
  int answered_twice = 0;
  for (const auto& [h, c] : counts["by_body"].items()) {
    EXPECT_GE(c["ok"].get<int>(), 1) << h;
    answered_twice += c["ok"].get<int>() > 1;
  }
  EXPECT_LE(answered_twice, 2);
  std::ifstream in(dir + "/second.jsonl");
  int lines = 0, cached = 0;
  std::map<int, std::string> resumed;
  for (std::string l; std::getline(in, l);) {
    json j = json::parse(l);
    ++lines;
    cached += j["cached"].get<bool>();
    EXPECT_TRUE(j["ok"].get<bool>());
    resumed[j["i"]] = j["text"];
  }
  EXPECT_EQ(lines, 40);
  EXPECT_EQ(cached, stored);
  // Same answers as an uninterrupted run with a fresh cache.
  args.back() = dir + "/fresh.jsonl";
  args[5] = dir + "/fresh";
  ASSERT_EQ(testserver::WaitExit(testserver::Spawn(driver, args)), 0);
  std::ifstream fresh(dir + "/fresh.jsonl");
  int compared = 0;
  for (std::string l; std::getline(fresh, l);) {
    json j = json::parse(l);
    EXPECT_FALSE(j["cached"].get<bool>());
    EXPECT_EQ(resumed[j["i"]], j["text"].get<std::string>());
    ++compared;
  }
  EXPECT_EQ(compared, 40);
}

TEST(OpenAiConfigFromOptions, ValidatesFlags) {
  BackendOptions o;
  o.spec = "openai:";
  EXPECT_THROW(OpenAiConfigFromOptions(o, {}), data::InputError);
  o.spec = "openai:m";
  try {
    OpenAiConfigFromOptions(o, {});
    FAIL();
  } catch (const data::InputError& e) {
    EXPECT_EQ(e.file(), "--base-url");
  }
  o.base_urls = {"127.0.0.1:8000"};
  EXPECT_THROW(OpenAiConfigFromOptions(o, {}), data::InputError);
  o.base_urls = {"http://h:1/v1/"};
  OpenAiConfig c = OpenAiConfigFromOptions(o, BackendEnv{"/tmp/run"});
  EXPECT_EQ(c.base_urls[0], "http://h:1/v1");
  EXPECT_EQ(c.cache_path, "/tmp/run/cache.sqlite");
  o.no_cache = true;
  EXPECT_EQ(OpenAiConfigFromOptions(o, BackendEnv{"/tmp/run"}).cache_path, "");
}

}  // namespace
}  // namespace clue::backends
