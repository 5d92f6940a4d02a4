#pragma once
// A long-lived child process spoken to over line-oriented pipes: stdin (a socket pair, so a dead
// child gives EPIPE instead of killing us with SIGPIPE), stdout and stderr. All waiting is
// poll()-based with a deadline, so a hung or crashed child can never hang the caller.
#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace clue::metrics {

class PluginProcess {
 public:
  enum class Status { kOk, kStopped, kTimeout, kExited, kBrokenPipe };

  // argv[0] is looked up on PATH (posix_spawnp); no shell is involved.
  explicit PluginProcess(std::vector<std::string> argv);
  ~PluginProcess();
  PluginProcess(const PluginProcess&) = delete;
  PluginProcess& operator=(const PluginProcess&) = delete;

  // Throws std::runtime_error when the program cannot be started.
  void Start();
  bool started() const { return pid_ > 0; }

  // Writes `payload` to the child's stdin while reading its stdout; on_line gets each complete
  // line (without '\n'). Stops with kOk after `lines` lines, kStopped when on_line returns false,
  // kTimeout at the deadline, kExited on EOF from stdout, kBrokenPipe when stdin is closed.
  Status Exchange(std::string_view payload, size_t lines, double timeout_s,
                  const std::function<bool(std::string_view)>& on_line);

  // Kills the whole process group and reaps it. Idempotent.
  void Kill();
  // "exited with status 3" / "killed by signal 11" / "still running" (reaps if it has ended;
  // waits up to wait_s for that).
  std::string ExitDescription(double wait_s = 0.5);
  // The last few KB the child wrote to stderr (for error messages).
  const std::string& stderr_tail() const { return stderr_tail_; }
  std::string Describe() const;  // the command line, for messages

 private:
  void DrainStderr();
  void CloseFds();

  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  int in_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::string out_buf_, stderr_tail_;
};

}  // namespace clue::metrics
