#include "clue/backends/openai_backend.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <queue>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "clue/backends/adaptive_concurrency.h"
#include "clue/backends/http_client.h"
#include "clue/backends/rate_limiter.h"
#include "clue/backends/replica_pool.h"
#include "clue/data/input_error.h"

namespace clue::backends {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

OpenAiConfig OpenAiConfigFromOptions(const BackendOptions& o, const BackendEnv& env) {
  OpenAiConfig c;
  c.model = o.spec.substr(o.spec.find(':') + 1);
  if (c.model.empty()) throw data::InputError("--model", 0, "", "'openai:' needs a model name, e.g. openai:meta-llama/Llama-3.1-8B-Instruct");
  if (o.base_urls.empty())
    throw data::InputError("--base-url", 0, "", "'" + o.spec + "' needs --base-url, e.g. http://127.0.0.1:8000/v1");
  for (const auto& u : o.base_urls) {
    if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0)
      throw data::InputError("--base-url", 0, "", "'" + u + "' is not an http:// or https:// URL");
    c.base_urls.push_back(TrimSlash(u));
  }
  if (!o.api_key_env.empty()) {
    const char* key = std::getenv(o.api_key_env.c_str());
    if (!key || !*key)
      throw data::InputError("--api-key-env", 0, "",
                             "environment variable " + o.api_key_env + " is not set or empty");
    c.api_key = key;
  }
  if (o.max_retries < 0) throw data::InputError("--max-retries", 0, "", "must be >= 0");
  if (o.timeout_s <= 0) throw data::InputError("--timeout", 0, "", "must be > 0 seconds");
  if (o.rpm_limit < 0 || o.tpm_limit < 0) throw data::InputError("--rpm/--tpm", 0, "", "must be >= 0");
  c.revision = o.revision;
  c.endpoint = o.endpoint == "completions" ? Endpoint::kCompletions : Endpoint::kChat;
  c.concurrency = o.concurrency;
  c.timeout_s = o.timeout_s;
  c.retry = RetryConfig::FromMaxRetries(o.max_retries, o.retry_base_s, o.retry_max_s);
  c.rpm = o.rpm_limit;
  c.tpm = o.tpm_limit;
  c.stream = o.stream;
  c.refresh = o.refresh;
  if (!o.no_cache) {
    c.cache_path = !o.cache_path.empty() ? o.cache_path
                   : !env.out_dir.empty() ? (std::filesystem::path(env.out_dir) / "cache.sqlite").string()
                                          : "";
  }
  return c;
}

OpenAiBackend::OpenAiBackend(OpenAiConfig cfg) : cfg_(std::move(cfg)), rng_(cfg_.jitter_seed) {
  if (!cfg_.api_key.empty()) headers_.push_back("Authorization: Bearer " + cfg_.api_key);
  if (cfg_.check_models) CheckModels();
  if (!cfg_.cache_path.empty()) {
    auto parent = std::filesystem::path(cfg_.cache_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    cache_ = std::make_unique<ResponseCache>(cfg_.cache_path);
  }
  if (cfg_.detect_tokenizer) {
    try {
      tokenizer_ = RemoteTokenizer::Detect(cfg_.base_urls.front(), cfg_.model, headers_,
                                           std::min(cfg_.timeout_s, 30.0));
    } catch (const std::exception&) {
      tokenizer_.reset();  // no usable tokenizer endpoint: callers fall back
    }
  }
}

OpenAiBackend::~OpenAiBackend() = default;

std::string OpenAiBackend::Identity() const {
  return "openai:" + cfg_.model + (cfg_.revision.empty() ? "" : "@" + cfg_.revision);
}

std::string OpenAiBackend::Redact(std::string s) const {
  if (cfg_.api_key.empty()) return s;
  for (size_t pos; (pos = s.find(cfg_.api_key)) != std::string::npos;)
    s.replace(pos, cfg_.api_key.size(), "[REDACTED]");
  return s;
}

void OpenAiBackend::CheckModels() {
  std::string unreachable, served_elsewhere;
  bool any_serves = false;
  for (const auto& base : cfg_.base_urls) {
    HttpResponse r = HttpFetch({base + "/models", "GET", "", headers_, std::min(cfg_.timeout_s, 30.0)});
    if (r.error != TransportError::kNone || r.status != 200) {
      unreachable += "\n  " + base + "/models: " +
                     Redact(r.error != TransportError::kNone
                                ? r.error_text
                                : "HTTP " + std::to_string(r.status) + " " + ErrorExcerpt(r.body));
      continue;
    }
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    std::vector<std::string> ids;
    if (j.is_object() && j.contains("data") && j["data"].is_array())
      for (const auto& m : j["data"])
        if (m.is_object() && m.contains("id") && m["id"].is_string()) ids.push_back(m["id"]);
    if (std::find(ids.begin(), ids.end(), cfg_.model) != ids.end()) {
      any_serves = true;
      continue;
    }
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    throw data::InputError("--model", 0, "",
                           "model '" + cfg_.model + "' is not served by " + base +
                               " (it serves: " + (list.empty() ? "nothing" : list) + ")");
  }
  if (!any_serves)
    throw data::InputError("--base-url", 0, "",
                           "no server answered the model list check:" + unreachable);
}

// The state of one Generate() call: the jobs (one per distinct request) and the event loop
// that sends them.
struct OpenAiBackend::Job {
  std::vector<size_t> indices;  // request indices answered by this job
  std::string key;              // cache key
  std::string wire_body;
  double est_tokens = 0;
  RetryState retry;
  int attempts = 0;
  size_t replica = 0;
  double first_sent = -1;
};

class OpenAiBackend::Run {
 public:
  Run(OpenAiBackend& b, const std::function<void(size_t, GenerationResult)>& on_result)
      : b_(b),
        on_result_(on_result),
        conc_(b.cfg_.concurrency, b.cfg_.overload_cooldown_s),
        limiter_(b.cfg_.rpm, b.cfg_.tpm, Now(), b.cfg_.rate_burst_s),
        pool_(b.cfg_.base_urls, b.cfg_.replica_fail_threshold, b.cfg_.replica_probe_s,
              std::max(b.cfg_.replica_probe_s, 30.0)),
        path_(b.cfg_.endpoint == Endpoint::kChat ? "/chat/completions" : "/completions") {
    b_.stats_.min_concurrency_seen = conc_.Limit();
  }

  void Prepare(std::span<const GenerationRequest> requests) {
    std::unordered_map<std::string, size_t> by_key;
    for (size_t i = 0; i < requests.size(); ++i) {
      const auto& req = requests[i];
      nlohmann::json body = BuildRequestBody(req, b_.cfg_.model, b_.cfg_.endpoint);
      std::string canonical = body.dump();
      std::string key = CacheKey({b_.cfg_.model, b_.cfg_.revision, canonical, req.seed, req.repeat});
      auto [it, fresh] = by_key.emplace(key, jobs_.size());
      if (!fresh) {
        jobs_[it->second].indices.push_back(i);
        ++b_.stats_.deduplicated;
        continue;
      }
      Job job;
      job.indices.push_back(i);
      job.key = std::move(key);
      job.wire_body = WireBody(body, b_.cfg_.stream);
      job.est_tokens = static_cast<double>(canonical.size()) / 4.0 + req.max_tokens;
      jobs_.push_back(std::move(job));
    }
  }

  void Execute() {
    open_ = jobs_.size();
    for (size_t id = 0; id < jobs_.size(); ++id) {
      std::optional<GenerationResult> hit;
      if (b_.cache_ && !b_.cfg_.refresh) hit = b_.cache_->Get(jobs_[id].key);
      if (hit) {
        ++b_.stats_.cache_hits;
        Deliver(id, *hit);
      } else {
        ready_.push({0.0, id});
      }
    }
    while (open_ > 0) {
      double wake = Now() + 0.05;
      Admit(wake);
      double wait = std::max(0.0, wake - Now());
      if (client_.InFlight() == 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        continue;
      }
      for (auto& resp : client_.Poll(wait)) Handle(resp);
    }
    for (size_t i = 0; i < pool_.size(); ++i) b_.stats_.replicas_taken_out += pool_.TakenOut(i);
  }

 private:
  using Slot = std::pair<double, size_t>;  // (not before, job id)

  void Admit(double& wake) {
    while (static_cast<int>(client_.InFlight()) < conc_.Limit() && !ready_.empty()) {
      double now = Now();
      auto [not_before, id] = ready_.top();
      if (not_before > now) {
        wake = std::min(wake, not_before);
        return;
      }
      Job& job = jobs_[id];
      if (double w = limiter_.WaitTime(job.est_tokens, now); w > 0) {
        wake = std::min(wake, now + w);
        return;
      }
      auto replica = pool_.Pick(now);
      if (!replica) {
        wake = std::min(wake, pool_.NextAvailableTime());
        return;
      }
      ready_.pop();
      limiter_.Take(job.est_tokens, now);
      pool_.OnSend(*replica);
      job.replica = *replica;
      if (job.attempts++ > 0) ++b_.stats_.retries;
      if (job.first_sent < 0) job.first_sent = now;
      ++b_.stats_.requests_sent;
      client_.Submit({pool_.Url(*replica) + path_, "POST", job.wire_body, b_.headers_,
                      b_.cfg_.timeout_s, id});
    }
  }

  void Handle(const HttpResponse& resp) {
    Job& job = jobs_[resp.tag];
    double now = Now();
    auto kind = ClassifyHttp(resp);
    std::string parse_error;
    std::optional<ParsedResponse> parsed;
    if (!kind) {
      parsed = ParseResponse(resp.body, b_.cfg_.endpoint, b_.cfg_.stream, &parse_error);
      if (!parsed) kind = FailureKind::kBadResponse;
    }
    if (!kind) pool_.OnSuccess(job.replica);
    else if (*kind == FailureKind::kConnection || *kind == FailureKind::kTimeout)
      pool_.OnFailure(job.replica, now);
    else pool_.OnNeutral(job.replica);

    if (!kind) return Succeed(resp.tag, *parsed, resp.latency_s, now);
    if (IsOverload(resp)) {
      conc_.OnOverload(now);
      b_.stats_.concurrency_decreases = conc_.Decreases();
      b_.stats_.min_concurrency_seen = std::min(b_.stats_.min_concurrency_seen, conc_.Limit());
      if (resp.retry_after_s >= 0)  // that replica only: the others keep serving
        pool_.PauseUntil(job.replica, now + std::min(resp.retry_after_s, b_.cfg_.retry.max_retry_after_s));
    }
    std::string what = *kind == FailureKind::kBadResponse ? parse_error
                       : resp.error != TransportError::kNone
                           ? resp.error_text
                           : "HTTP " + std::to_string(resp.status) + ": " + ErrorExcerpt(resp.body);
    auto delay = job.retry.OnFailure(b_.cfg_.retry, *kind, resp.retry_after_s, b_.rng_);
    if (delay) {
      ready_.push({now + *delay, resp.tag});
      return;
    }
    GenerationResult r;
    r.ok = false;
    r.attempts = job.attempts;
    r.latency_s = now - job.first_sent;
    r.error = b_.Redact(std::string(FailureKindName(*kind)) + " from " + pool_.Url(job.replica) +
                        " after " + std::to_string(job.attempts) + " attempt(s), retries for this kind exhausted: " +
                        what);
    ++b_.stats_.errors;
    Deliver(resp.tag, r);
  }

  void Succeed(size_t id, const ParsedResponse& p, double latency_s, double now) {
    Job& job = jobs_[id];
    conc_.OnSuccess();
    int used = p.prompt_tokens >= 0 && p.completion_tokens >= 0 ? p.prompt_tokens + p.completion_tokens : -1;
    limiter_.Correct(job.est_tokens, used, now);
    GenerationResult r;
    r.ok = true;
    r.text = p.text;
    r.finish_reason = p.finish_reason;
    r.prompt_tokens = p.prompt_tokens;
    r.completion_tokens = p.completion_tokens;
    r.latency_s = latency_s;
    r.attempts = job.attempts;
    // Committed before anyone sees it: a crash after this point never re-sends the request.
    if (b_.cache_) b_.cache_->Put(job.key, r);
    Deliver(id, r);
  }

  void Deliver(size_t id, const GenerationResult& r) {
    --open_;
    for (size_t idx : jobs_[id].indices) on_result_(idx, r);
  }

  OpenAiBackend& b_;
  const std::function<void(size_t, GenerationResult)>& on_result_;
  std::vector<Job> jobs_;
  std::priority_queue<Slot, std::vector<Slot>, std::greater<Slot>> ready_;
  size_t open_ = 0;
  HttpClient client_;
  AdaptiveConcurrency conc_;
  RateLimiter limiter_;
  ReplicaPool pool_;
  std::string path_;
};

void OpenAiBackend::Generate(std::span<const GenerationRequest> requests,
                             const std::function<void(size_t, GenerationResult)>& on_result) {
  Run run(*this, on_result);
  run.Prepare(requests);
  run.Execute();
}

}  // namespace clue::backends
