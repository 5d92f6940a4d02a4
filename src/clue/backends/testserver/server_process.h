#pragma once
// Runs clue-test-server as a real child process for integration tests and benchmarks: starts it,
// reads the port it prints, talks to its admin endpoints, and stops it (SIGTERM, or SIGKILL to
// simulate a replica dying).
#include <string>
#include <sys/types.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::backends::testserver {

// Where the clue programs are: $CLUE_BIN, else the build directory compiled in by CMake.
std::string ClueBinDir();

class ServerProcess {
 public:
  // Throws std::runtime_error when the server does not start.
  explicit ServerProcess(std::vector<std::string> args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string BaseUrl() const;  // http://127.0.0.1:PORT/v1
  nlohmann::json Get(const std::string& path) const;
  nlohmann::json Post(const std::string& path, const nlohmann::json& body) const;
  void Kill();  // SIGKILL, then reap

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// Spawns a program with stdout to out_path (or inherited when empty); returns its pid.
pid_t Spawn(const std::string& program, const std::vector<std::string>& args,
            const std::string& out_path = "");
// Waits for pid; returns its exit code, or 128+signal.
int WaitExit(pid_t pid);

}  // namespace clue::backends::testserver
