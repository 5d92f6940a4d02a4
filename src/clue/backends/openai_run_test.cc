// End to end: `clue run --model openai:...` against clue-test-server, both as real processes.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/backends/response_cache.h"
#include "clue/backends/testserver/server_process.h"

namespace clue::backends {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testserver::ServerProcess;

std::string Dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("clue_openai_run_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(d);
  return d.string();
}

std::vector<std::string> RunArgs(const ServerProcess& s, const std::string& out) {
  return {"run", "--suite", "clue", "--model", "openai:test-model", "--base-url", s.BaseUrl(),
          "--data-dir", "data/samples", "--limit", "3", "--concurrency", "2", "-q", "--out", out};
}

int RunClue(const std::vector<std::string>& args, const std::string& log) {
  return testserver::WaitExit(testserver::Spawn(testserver::ClueBinDir() + "/clue", args, log));
}

// Every task's samples, keyed by task, without the fields that legitimately differ between an
// interrupted-and-resumed run and an uninterrupted one (latency, cache provenance).
std::map<std::string, std::vector<json>> Samples(const std::string& out) {
  std::map<std::string, std::vector<json>> all;
  for (const auto& d : fs::directory_iterator(out)) {
    fs::path p = d.path() / "samples.jsonl";
    if (!fs::exists(p)) continue;
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) {
      json j = json::parse(line);
      j.erase("latency_s");
      j.erase("cached");
      all[d.path().filename().string()].push_back(j);
    }
  }
  return all;
}

json Results(const std::string& out) {
  std::ifstream in(out + "/results.json");
  json j = json::parse(in);
  return {{"tasks", j["tasks"]}, {"levels", j["levels"]}, {"model", j["model"]}};
}

TEST(ClueRunOpenAi, FullSuiteAgainstTheTestServer) {
  ServerProcess server;
  std::string out = Dir("full");
  ASSERT_EQ(RunClue(RunArgs(server, out), out + ".log"), 0) << out + ".log";
  auto samples = Samples(out);
  EXPECT_GE(samples.size(), 6u);  // every CLUE task wrote its samples
  size_t n = 0;
  for (const auto& [task, rows] : samples) {
    EXPECT_FALSE(rows.empty()) << task;
    for (const auto& s : rows) {
      EXPECT_NE(s["status"], "error") << task << ": " << s.dump();
      EXPECT_FALSE(s["finish_reason"].get<std::string>().empty()) << task;
      EXPECT_GT(s["completion_tokens"].get<int>(), 0) << task;
      ++n;
    }
  }
  EXPECT_EQ(Results(out)["model"], "openai:test-model");
  json counts = server.Get("/admin/counts");
  EXPECT_EQ(counts["ok"].get<size_t>(), counts["by_body"].size());  // nothing answered twice
  EXPECT_EQ(counts["requests"].get<size_t>(), counts["by_body"].size());
  EXPECT_LE(counts["by_body"].size(), n);  // identical prompts may share one request
}

TEST(ClueRunOpenAi, KillNineMidRunThenResumeGivesIdenticalResults) {
  // One engine slot at 3 ms per token: slow enough to kill the client mid-run.
  ServerProcess server({"--slots", "1", "--token-latency", "0.003"});
  std::string ref = Dir("ref"), out = Dir("resumed");
  ASSERT_EQ(RunClue(RunArgs(server, ref), ref + ".log"), 0);
  server.Post("/admin/reset", json::object());

  pid_t pid = testserver::Spawn(testserver::ClueBinDir() + "/clue", RunArgs(server, out), out + ".log");
  for (int i = 0; i < 1000 && server.Get("/admin/counts")["ok"].get<int>() < 8; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  ASSERT_EQ(testserver::WaitExit(pid), 128 + SIGKILL);
  json at_kill = server.Get("/admin/counts");
  int64_t stored = ResponseCache(out + "/cache.sqlite").Size();
  ASSERT_GE(stored, 6);
  ASSERT_FALSE(fs::exists(out + "/results.json")) << "the run finished before it was killed";

  ASSERT_EQ(RunClue(RunArgs(server, out), out + ".log2"), 0);
  json counts = server.Get("/admin/counts");
  size_t distinct = counts["by_body"].size();
  // The resumed run sent exactly what had no stored response.
  EXPECT_EQ(counts["requests"].get<int64_t>() - at_kill["requests"].get<int64_t>(),
            static_cast<int64_t>(distinct) - stored);
  int answered_twice = 0;
  for (const auto& [h, c] : counts["by_body"].items()) answered_twice += c["ok"].get<int>() > 1;
  EXPECT_LE(answered_twice, 2);  // at most the requests in flight (concurrency 2) at the kill
  EXPECT_EQ(Samples(out), Samples(ref));
  EXPECT_EQ(Results(out), Results(ref));
}

}  // namespace
}  // namespace clue::backends
