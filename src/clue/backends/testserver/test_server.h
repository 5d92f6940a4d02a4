#pragma once
// clue's own OpenAI-compatible server for tests and benchmarks (see clue_test_server_main.cc).
// Real HTTP on loopback (cpp-httplib), deterministic answers (fake_model.h), per-body request
// counts, fault injection (fault_plan.h) and an engine simulation (engine_sim.h).
//
// Endpoints: GET /v1/models, POST /v1/chat/completions, POST /v1/completions (both with
// "stream": true as server-sent events), POST /tokenize, POST /detokenize (vLLM or llama.cpp
// dialect), and admin: GET /admin/counts, GET|POST /admin/faults, GET /admin/stats,
// POST /admin/reset.
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "clue/backends/testserver/engine_sim.h"
#include "clue/backends/testserver/fake_model.h"
#include "clue/backends/testserver/fault_plan.h"

namespace httplib {
class Server;
class Request;
class Response;
}  // namespace httplib

namespace clue::backends::testserver {

struct TestServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::vector<std::string> models = {"test-model"};
  std::string tokenizer = "vllm";  // vllm | llamacpp | none
  std::string api_key;             // when set, requests must carry "Authorization: Bearer <key>"
  int threads = 256;                // one per kept-alive connection: keep >= client concurrency
  int slots = 0;                   // engine slots (0 = unlimited, no latency)
  double per_token_s = 0;
  double per_prompt_token_s = 0;
  FaultConfig faults;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions opts);
  ~TestServer();
  // Binds (returns the port) and serves on a background thread.
  int Start();
  // Serves on the calling thread until Stop().
  int Bind();
  void Serve();
  void Stop();

 private:
  void Routes();
  bool Authorized(const httplib::Request& req, httplib::Response& res);
  void Generate(const httplib::Request& req, httplib::Response& res, bool chat);
  void Respond(httplib::Response& res, const nlohmann::json& request, bool chat, Fault fault);
  int CountArrival(const std::string& body);

  TestServerOptions opts_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<EngineSim> engine_;
  Vocabulary vocab_;
  std::mutex mu_;  // guards counts_ and opts_.faults
  struct Counts {
    int requests = 0;
    int ok = 0;
  };
  std::map<std::string, Counts> counts_;  // by sha-free FNV hex of the canonical body
  long total_requests_ = 0, total_ok_ = 0;
  std::unique_ptr<std::thread> thread_;
  int listen_fd_ = -1;
};

}  // namespace clue::backends::testserver
