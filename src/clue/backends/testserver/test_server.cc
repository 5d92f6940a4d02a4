#include "clue/backends/testserver/test_server.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include <httplib.h>
#include <sys/socket.h>

namespace clue::backends::testserver {

using nlohmann::json;

namespace {

std::string Hex(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void JsonReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void ErrorReply(httplib::Response& res, int status, const std::string& msg) {
  JsonReply(res, status, {{"error", {{"message", msg}, {"type", "error"}, {"code", status}}}});
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

json CompletionJson(const FakeCompletion& c, const std::string& model, bool chat) {
  json choice = {{"index", 0}, {"finish_reason", c.finish_reason}};
  if (chat) choice["message"] = {{"role", "assistant"}, {"content", c.finish_reason == "content_filter" ? json(nullptr) : json(c.text)}};
  else choice["text"] = c.text;
  return {{"id", "cmpl-test"},
          {"object", chat ? "chat.completion" : "text_completion"},
          {"model", model},
          {"system_fingerprint", "clue-test-server"},
          {"choices", json::array({choice})},
          {"usage", {{"prompt_tokens", c.prompt_tokens},
                     {"completion_tokens", c.completion_tokens},
                     {"total_tokens", c.prompt_tokens + c.completion_tokens}}}};
}

// The stream as server-sent events: one event per word piece, a final event with the finish
// reason, a usage event, then [DONE] (omitted when truncated).
std::string StreamEvents(const FakeCompletion& c, const std::string& model, bool chat, bool truncated) {
  std::string out;
  auto event = [&](json choice) {
    json e = {{"id", "cmpl-test"}, {"object", chat ? "chat.completion.chunk" : "text_completion"},
              {"model", model}, {"choices", json::array({std::move(choice)})}};
    out += "data: " + e.dump() + "\n\n";
  };
  auto pieces = SplitPieces(c.text);
  if (truncated) pieces.resize(pieces.size() / 2);
  for (const auto& p : pieces) {
    json choice = {{"index", 0}, {"finish_reason", nullptr}};
    if (chat) choice["delta"] = {{"content", p}};
    else choice["text"] = p;
    event(choice);
  }
  if (truncated) return out;
  json last = {{"index", 0}, {"finish_reason", c.finish_reason}};
  if (chat) last["delta"] = json::object();
  else last["text"] = "";
  event(last);
  json usage = {{"id", "cmpl-test"}, {"model", model}, {"choices", json::array()},
                {"usage", {{"prompt_tokens", c.prompt_tokens}, {"completion_tokens", c.completion_tokens}}}};
  out += "data: " + usage.dump() + "\n\n";
  out += "data: [DONE]\n\n";
  return out;
}

}  // namespace

TestServer::TestServer(TestServerOptions opts)
    : opts_(std::move(opts)),
      http_(std::make_unique<httplib::Server>()),
      engine_(std::make_unique<EngineSim>(opts_.slots, opts_.per_token_s, opts_.per_prompt_token_s)) {
  int threads = opts_.threads;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_keep_alive_max_count(100000);
  http_->set_keep_alive_timeout(30);
  http_->set_tcp_nodelay(true);
  http_->set_socket_options([this](int fd) {
    httplib::default_socket_options(fd);
    listen_fd_ = fd;
  });
  Routes();
}

TestServer::~TestServer() {
  Stop();
}

int TestServer::Bind() {
  int port = opts_.port == 0 ? http_->bind_to_any_port(opts_.host)
                             : (http_->bind_to_port(opts_.host, opts_.port) ? opts_.port : -1);
  // Debian's libcpp-httplib listens with a backlog of 5, which drops SYNs when a client opens
  // many connections at once (each drop costs a 1 s retransmit). Linux lets a second listen()
  // raise the backlog of the listening socket.
  if (port > 0 && listen_fd_ >= 0) ::listen(listen_fd_, 1024);
  return port;
}

void TestServer::Serve() { http_->listen_after_bind(); }

int TestServer::Start() {
  int port = Bind();
  if (port > 0) thread_ = std::make_unique<std::thread>([this] { Serve(); });
  return port;
}

void TestServer::Stop() {
  http_->stop();
  if (thread_ && thread_->joinable()) thread_->join();
  thread_.reset();
}

bool TestServer::Authorized(const httplib::Request& req, httplib::Response& res) {
  if (opts_.api_key.empty() || req.get_header_value("Authorization") == "Bearer " + opts_.api_key)
    return true;
  ErrorReply(res, 401, "Incorrect API key provided.");
  return false;
}

int TestServer::CountArrival(const std::string& body) {
  std::lock_guard lock(mu_);
  ++total_requests_;
  return counts_[Hex(Fnv1a(body))].requests++;
}

void TestServer::Routes() {
  http_->Get("/v1/models", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(req, res)) return;
    json data = json::array();
    for (const auto& m : opts_.models)
      data.push_back({{"id", m}, {"object", "model"}, {"owned_by", "clue-test-server"}});
    JsonReply(res, 200, {{"object", "list"}, {"data", data}});
  });
  http_->Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
    Generate(req, res, true);
  });
  http_->Post("/v1/completions", [this](const httplib::Request& req, httplib::Response& res) {
    Generate(req, res, false);
  });
  if (opts_.tokenizer != "none") {
    bool vllm = opts_.tokenizer == "vllm";
    http_->Post("/tokenize", [this, vllm](const httplib::Request& req, httplib::Response& res) {
      json j = json::parse(req.body, nullptr, false);
      const char* field = vllm ? "prompt" : "content";
      if (!j.is_object() || !j.contains(field) || !j[field].is_string())
        return ErrorReply(res, 400, std::string("missing '") + field + "'");
      auto ids = vocab_.Encode(j[field].get<std::string>());
      json out = {{"tokens", ids}};
      if (vllm) {
        out["count"] = ids.size();
        out["max_model_len"] = 131072;
      }
      JsonReply(res, 200, out);
    });
    http_->Post("/detokenize", [this, vllm](const httplib::Request& req, httplib::Response& res) {
      json j = json::parse(req.body, nullptr, false);
      if (!j.is_object() || !j.contains("tokens") || !j["tokens"].is_array())
        return ErrorReply(res, 400, "missing 'tokens'");
      JsonReply(res, 200, {{vllm ? "prompt" : "content", vocab_.Decode(j["tokens"].get<std::vector<int>>())}});
    });
  }
  http_->Get("/admin/counts", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu_);
    json by_body = json::object();
    for (const auto& [h, c] : counts_) by_body[h] = {{"requests", c.requests}, {"ok", c.ok}};
    JsonReply(res, 200, {{"requests", total_requests_}, {"ok", total_ok_}, {"by_body", by_body}});
  });
  http_->Get("/admin/faults", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu_);
    JsonReply(res, 200, FaultConfigToJson(opts_.faults));
  });
  http_->Post("/admin/faults", [this](const httplib::Request& req, httplib::Response& res) {
    try {
      FaultConfig c = FaultConfigFromJson(json::parse(req.body));
      std::lock_guard lock(mu_);
      opts_.faults = c;
      JsonReply(res, 200, FaultConfigToJson(c));
    } catch (const std::exception& e) {
      ErrorReply(res, 400, e.what());
    }
  });
  http_->Get("/admin/stats", [this](const httplib::Request&, httplib::Response& res) {
    EngineStats s = engine_->Stats();
    JsonReply(res, 200, {{"slots", s.slots}, {"busy_slot_seconds", s.busy_slot_seconds},
                         {"elapsed_s", s.elapsed_s}, {"served", s.served},
                         {"max_waiting", s.max_waiting}});
  });
  http_->Post("/admin/reset", [this](const httplib::Request&, httplib::Response& res) {
    {
      std::lock_guard lock(mu_);
      counts_.clear();
      total_requests_ = total_ok_ = 0;
    }
    engine_->Reset();
    JsonReply(res, 200, {{"reset", true}});
  });
}

void TestServer::Generate(const httplib::Request& req, httplib::Response& res, bool chat) {
  if (!Authorized(req, res)) return;
  json request = json::parse(req.body, nullptr, false);
  if (!request.is_object()) return ErrorReply(res, 400, "request body is not a JSON object");
  std::string model = request.value("model", "");
  if (std::find(opts_.models.begin(), opts_.models.end(), model) == opts_.models.end())
    return ErrorReply(res, 404, "The model `" + model + "` does not exist.");
  if (chat && !request.contains("messages")) return ErrorReply(res, 400, "'messages' is required");
  if (!chat && !request.contains("prompt")) return ErrorReply(res, 400, "'prompt' is required");
  std::string body = CanonicalBody(request);
  int attempt = CountArrival(body);
  FaultConfig faults;
  {
    std::lock_guard lock(mu_);
    faults = opts_.faults;
  }
  Respond(res, request, chat, Decide(faults, body, attempt));
}

void TestServer::Respond(httplib::Response& res, const json& request, bool chat, Fault fault) {
  std::string retry_after;
  double delay = 0;
  {
    std::lock_guard lock(mu_);
    retry_after = FormatSeconds(opts_.faults.retry_after_s);
    delay = opts_.faults.delay_s;
  }
  switch (fault) {
    case Fault::kError500: return ErrorReply(res, 500, "injected internal server error");
    case Fault::kOverload503:
      res.set_header("Retry-After", retry_after);
      return ErrorReply(res, 503, "injected overload");
    case Fault::kRateLimit429:
      res.set_header("Retry-After", retry_after);
      return ErrorReply(res, 429, "injected rate limit");
    case Fault::kDrop:
      // Promise 4096 bytes, send none: the connection closes mid-response.
      res.set_content_provider(4096, "application/json",
                               [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    case Fault::kMalformed:
      res.set_content(R"({"choices": [{"message": {"content": "tru)", "application/json");
      return;
    case Fault::kDelay:
      std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      break;
    case Fault::kTruncated:
    case Fault::kNone: break;
  }
  FakeCompletion c = Answer(request, chat);
  engine_->Run(c.prompt_tokens, c.completion_tokens);
  std::string model = request.value("model", "");
  bool truncated = fault == Fault::kTruncated;
  if (request.value("stream", false)) {
    res.set_content(StreamEvents(c, model, chat, truncated), "text/event-stream");
  } else if (truncated) {
    std::string whole = CompletionJson(c, model, chat).dump();
    res.set_content(whole.substr(0, whole.size() / 2), "application/json");
  } else {
    res.set_content(CompletionJson(c, model, chat).dump(), "application/json");
  }
  if (!truncated) {
    std::lock_guard lock(mu_);
    ++total_ok_;
    ++counts_[Hex(Fnv1a(CanonicalBody(request)))].ok;
  }
}

}  // namespace clue::backends::testserver
