#include "clue/backends/http_client.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>

namespace clue::backends {
namespace {

// A real HTTP server on loopback, in-process, with handlers shaped for each test.
class LocalServer {
 public:
  LocalServer() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_max_count(1000);
    server_.set_tcp_nodelay(true);
    int listen_fd = -1;
    server_.set_socket_options([&listen_fd](int fd) {
      httplib::default_socket_options(fd);
      listen_fd = fd;
    });
    server_.Post("/slow", [this](const httplib::Request&, httplib::Response& res) {
      int now = ++active_;
      int prev = max_active_.load();
      while (now > prev && !max_active_.compare_exchange_weak(prev, now)) {}
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      --active_;
      res.set_content("{}", "application/json");
    });
    server_.Get("/port", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      ports_.insert(req.remote_port);
      res.set_content("ok", "text/plain");
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "application/json");
    });
    server_.Get("/limited", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "2");
      res.set_content("{}", "application/json");
    });
    server_.Get("/hang", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      res.set_content("late", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ::listen(listen_fd, 64);  // the library's backlog of 5 would drop concurrent connects
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int MaxActive() const { return max_active_; }
  size_t DistinctPorts() {
    std::lock_guard lock(mu_);
    return ports_.size();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> active_{0}, max_active_{0};
  std::mutex mu_;
  std::set<int> ports_;
};

std::vector<HttpResponse> Drain(HttpClient& c) {
  std::vector<HttpResponse> all;
  while (c.InFlight() > 0)
    for (auto& r : c.Poll(0.5)) all.push_back(std::move(r));
  return all;
}

TEST(HttpClient, ManyRequestsInFlightOnOneThread) {
  LocalServer s;
  HttpClient c;
  for (uint64_t i = 0; i < 16; ++i) c.Submit({s.Url("/slow"), "POST", "{}", {}, 10, i});
  auto all = Drain(c);
  ASSERT_EQ(all.size(), 16u);
  std::set<uint64_t> tags;
  for (const auto& r : all) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.error, TransportError::kNone);
    EXPECT_GT(r.latency_s, 0.09);
    tags.insert(r.tag);
  }
  EXPECT_EQ(tags.size(), 16u);
  EXPECT_GE(s.MaxActive(), 8);  // the server saw them concurrently
}

TEST(HttpClient, ConnectionsAreKeptAlive) {
  LocalServer s;
  HttpClient c;
  for (int i = 0; i < 20; ++i) {
    c.Submit({s.Url("/port"), "GET", "", {}, 10, 0});
    auto r = Drain(c);
    ASSERT_EQ(r.size(), 1u);
    ASSERT_EQ(r[0].status, 200);
    EXPECT_EQ(r[0].body, "ok");
  }
  EXPECT_EQ(s.DistinctPorts(), 1u);  // 20 sequential requests, one TCP connection
}

TEST(HttpClient, BodyRoundTripsAndHeadersAreSent) {
  LocalServer s;
  std::string big(5000, 'x');  // over 1 KiB: would trigger Expect: 100-continue by default
  HttpResponse r = HttpFetch({s.Url("/echo"), "POST", big, {"X-Test: 1"}, 10, 7});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, big);
  EXPECT_EQ(r.tag, 7u);
  EXPECT_LT(r.latency_s, 0.5);
}

TEST(HttpClient, RetryAfterHeader) {
  LocalServer s;
  HttpResponse r = HttpFetch({s.Url("/limited"), "GET", "", {}, 10});
  EXPECT_EQ(r.status, 429);
  EXPECT_DOUBLE_EQ(r.retry_after_s, 2.0);
}

TEST(HttpClient, TransportErrors) {
  LocalServer s;
  HttpResponse t = HttpFetch({s.Url("/hang"), "GET", "", {}, 0.1});
  EXPECT_EQ(t.error, TransportError::kTimeout);
  EXPECT_EQ(t.status, 0);
  EXPECT_FALSE(t.error_text.empty());
  // Port 1 on loopback has no listener: connection refused.
  HttpResponse c = HttpFetch({"http://127.0.0.1:1/x", "GET", "", {}, 2});
  EXPECT_EQ(c.error, TransportError::kConnect);
}

TEST(ParseRetryAfter, SecondsDatesAndGarbage) {
  EXPECT_DOUBLE_EQ(ParseRetryAfter(" 5 "), 5.0);
  EXPECT_DOUBLE_EQ(ParseRetryAfter("0.25"), 0.25);
  EXPECT_GT(ParseRetryAfter("Wed, 21 Oct 2099 07:28:00 GMT"), 1e9);
  EXPECT_DOUBLE_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), 0.0);  // in the past
  EXPECT_EQ(ParseRetryAfter("soon"), -1);
  EXPECT_EQ(ParseRetryAfter("-3"), -1);
}

}  // namespace
}  // namespace clue::backends
