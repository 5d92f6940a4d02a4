#include "clue/backends/http_client.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace clue::backends {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string Trim(std::string s) {
  auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

TransportError Classify(CURLcode code) {
  switch (code) {
    case CURLE_OK: return TransportError::kNone;
    case CURLE_OPERATION_TIMEDOUT: return TransportError::kTimeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return TransportError::kConnect;
    default: return TransportError::kBroken;
  }
}

}  // namespace

double ParseRetryAfter(const std::string& raw) {
  std::string v = Trim(raw);
  if (v.empty()) return -1;
  char* end = nullptr;
  double secs = std::strtod(v.c_str(), &end);
  if (end && *end == '\0') return secs >= 0 ? secs : -1;
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max(0.0, std::difftime(when, std::time(nullptr)));
}

struct HttpClient::Transfer {
  HttpResponse response;
  std::string request_body;  // must outlive the transfer (CURLOPT_POSTFIELDS does not copy)
  curl_slist* headers = nullptr;
  char error_buf[CURL_ERROR_SIZE] = {0};
  double start = 0;
  ~Transfer() { curl_slist_free_all(headers); }
};

namespace {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    if (name == "retry-after")
      static_cast<HttpResponse*>(user)->retry_after_s = ParseRetryAfter(line.substr(colon + 1));
  }
  return size * n;
}

void Configure(CURL* h, const HttpRequest& req, void* transfer_response, std::string* body_out,
               curl_slist* headers, const std::string& request_body, char* error_buf) {
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout_s * 1000));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(10000L, static_cast<long>(req.timeout_s * 1000)));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, body_out);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, transfer_response);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buf);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  if (req.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request_body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_body.size()));
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
}

curl_slist* BuildHeaders(const HttpRequest& req) {
  curl_slist* list = nullptr;
  // Without this curl waits up to 1 s for "100 Continue" before sending bodies over 1 KiB.
  list = curl_slist_append(list, "Expect:");
  if (req.method == "POST") list = curl_slist_append(list, "Content-Type: application/json");
  for (const auto& h : req.headers) list = curl_slist_append(list, h.c_str());
  return list;
}

void Finish(HttpResponse& r, CURL* h, CURLcode code, const char* error_buf, double start) {
  r.latency_s = Now() - start;
  r.error = Classify(code);
  if (r.error != TransportError::kNone) {
    r.error_text = error_buf[0] ? error_buf : curl_easy_strerror(code);
    r.status = 0;
    return;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
}

}  // namespace

HttpClient::HttpClient() {
  GlobalInit();
  multi_ = curl_multi_init();
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 1024L);
}

HttpClient::~HttpClient() {
  for (auto& [h, t] : transfers_) {
    curl_multi_remove_handle(multi_, h);
    curl_easy_cleanup(h);
  }
  for (void* h : idle_handles_) curl_easy_cleanup(h);
  curl_multi_cleanup(multi_);
}

void HttpClient::Submit(HttpRequest req) {
  CURL* h;
  if (!idle_handles_.empty()) {
    h = idle_handles_.back();
    idle_handles_.pop_back();
    curl_easy_reset(h);
  } else {
    h = curl_easy_init();
    if (!h) throw std::runtime_error("curl_easy_init failed");
  }
  auto t = std::make_unique<Transfer>();
  t->response.tag = req.tag;
  t->request_body = std::move(req.body);
  t->headers = BuildHeaders(req);
  t->start = Now();
  Configure(h, req, &t->response, &t->response.body, t->headers, t->request_body, t->error_buf);
  curl_multi_add_handle(multi_, h);
  transfers_[h] = std::move(t);
}

std::vector<HttpResponse> HttpClient::Poll(double max_wait_s) {
  std::vector<HttpResponse> done;
  int running = 0;
  curl_multi_perform(multi_, &running);
  auto collect = [&] {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      auto it = transfers_.find(h);
      if (it == transfers_.end()) continue;
      Transfer& t = *it->second;
      Finish(t.response, h, msg->data.result, t.error_buf, t.start);
      done.push_back(std::move(t.response));
      curl_multi_remove_handle(multi_, h);
      transfers_.erase(it);
      idle_handles_.push_back(h);
    }
  };
  collect();
  if (!done.empty() || transfers_.empty()) return done;
  curl_multi_poll(multi_, nullptr, 0, std::max(0, static_cast<int>(max_wait_s * 1000)), nullptr);
  curl_multi_perform(multi_, &running);
  collect();
  return done;
}

HttpResponse HttpFetch(const HttpRequest& req) {
  GlobalInit();
  CURL* h = curl_easy_init();
  if (!h) throw std::runtime_error("curl_easy_init failed");
  HttpResponse r;
  r.tag = req.tag;
  curl_slist* headers = BuildHeaders(req);
  char error_buf[CURL_ERROR_SIZE] = {0};
  double start = Now();
  Configure(h, req, &r, &r.body, headers, req.body, error_buf);
  CURLcode code = curl_easy_perform(h);
  Finish(r, h, code, error_buf, start);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  return r;
}

}  // namespace clue::backends
