#include "clue/metrics/plugin_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace clue::metrics {
namespace {

constexpr size_t kStderrKeep = 4096;

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

PluginProcess::PluginProcess(std::vector<std::string> argv) : argv_(std::move(argv)) {
  if (argv_.empty() || argv_[0].empty()) throw std::invalid_argument("plug-in command is empty");
}

PluginProcess::~PluginProcess() {
  if (pid_ > 0 && !reaped_) {
    // Closing stdin is the polite "no more requests"; give it a moment, then kill.
    if (in_fd_ >= 0) {
      ::close(in_fd_);
      in_fd_ = -1;
    }
    ExitDescription(1.0);
  }
  Kill();
  CloseFds();
}

std::string PluginProcess::Describe() const {
  std::string s;
  for (const auto& a : argv_) s += (s.empty() ? "" : " ") + a;
  return s;
}

void PluginProcess::Start() {
  Kill();
  out_buf_.clear();
  stderr_tail_.clear();
  int sv[2], out[2], err[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &def);
  posix_spawnattr_setpgroup(&attr, 0);  // own group: Kill() reaches a shell's children too
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(sv[1]);
  ::close(out[1]);
  ::close(err[1]);
  in_fd_ = sv[0], out_fd_ = out[0], err_fd_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    CloseFds();
    throw std::runtime_error("cannot start plug-in '" + Describe() + "': " + std::strerror(rc));
  }
  reaped_ = false;
  SetNonBlocking(in_fd_);
  SetNonBlocking(out_fd_);
  SetNonBlocking(err_fd_);
}

void PluginProcess::CloseFds() {
  for (int* fd : {&in_fd_, &out_fd_, &err_fd_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

void PluginProcess::DrainStderr() {
  char buf[4096];
  while (err_fd_ >= 0) {
    ssize_t n = ::read(err_fd_, buf, sizeof(buf));
    if (n > 0) {
      stderr_tail_.append(buf, static_cast<size_t>(n));
      if (stderr_tail_.size() > kStderrKeep)
        stderr_tail_.erase(0, stderr_tail_.size() - kStderrKeep);
      continue;
    }
    if (n == 0) {
      ::close(err_fd_);
      err_fd_ = -1;
    }
    return;  // EAGAIN or error
  }
}

PluginProcess::Status PluginProcess::Exchange(
    std::string_view payload, size_t lines, double timeout_s,
    const std::function<bool(std::string_view)>& on_line) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  size_t written = 0, got = 0;
  // Lines left over from a previous exchange are answers too.
  auto take_lines = [&]() -> int {  // 1 = done, 0 = continue, -1 = stopped
    size_t nl;
    while (got < lines && (nl = out_buf_.find('\n')) != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      ++got;
      if (!on_line(line)) return -1;
    }
    return got >= lines ? 1 : 0;
  };
  if (int r = take_lines(); r != 0) return r > 0 ? Status::kOk : Status::kStopped;
  char buf[65536];
  while (true) {
    pollfd fds[3];
    int nfds = 0;
    const bool want_write = written < payload.size() && in_fd_ >= 0;
    if (want_write) fds[nfds++] = {in_fd_, POLLOUT, 0};
    const int out_slot = nfds;
    fds[nfds++] = {out_fd_, POLLIN, 0};
    const int err_slot = err_fd_ >= 0 ? nfds : -1;
    if (err_fd_ >= 0) fds[nfds++] = {err_fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Status::kTimeout;
    const int pr = ::poll(fds, static_cast<nfds_t>(nfds), static_cast<int>(left.count()) + 1);
    if (pr < 0 && errno == EINTR) continue;
    if (pr < 0) return Status::kExited;
    if (pr == 0) continue;  // the deadline check at the top decides
    if (err_slot >= 0 && fds[err_slot].revents) DrainStderr();
    if (want_write && fds[0].revents) {
      ssize_t n = ::send(in_fd_, payload.data() + written, payload.size() - written,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        DrainStderr();
        return Status::kBrokenPipe;
      }
    }
    if (fds[out_slot].revents) {
      ssize_t n = ::read(out_fd_, buf, sizeof(buf));
      if (n > 0) {
        out_buf_.append(buf, static_cast<size_t>(n));
        if (int r = take_lines(); r != 0) return r > 0 ? Status::kOk : Status::kStopped;
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        DrainStderr();
        return Status::kExited;
      }
    }
  }
}

void PluginProcess::Kill() {
  if (pid_ > 0 && !reaped_) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  DrainStderr();
  CloseFds();
  out_buf_.clear();
}

std::string PluginProcess::ExitDescription(double wait_s) {
  if (pid_ <= 0) return "not started";
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  while (!reaped_) {
    pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= until) return "still running";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
  return "ended";
}

}  // namespace clue::metrics
