#include "clue/backends/testserver/server_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "clue/backends/http_client.h"

namespace clue::backends::testserver {

std::string ClueBinDir() {
  if (const char* bin = std::getenv("CLUE_BIN"); bin && *bin) return bin;
#ifdef CLUE_BINARY_DIR
  return CLUE_BINARY_DIR;
#else
  return "build";
#endif
}

namespace {

std::vector<char*> Argv(const std::string& program, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

pid_t Spawn(const std::string& program, const std::vector<std::string>& args,
            const std::string& out_path) {
  auto argv = Argv(program, args);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
    if (!out_path.empty()) {
      int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) dup2(fd, 1);
    }
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

ServerProcess::ServerProcess(std::vector<std::string> args) {
  std::string program = ClueBinDir() + "/clue-test-server";
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  auto argv = Argv(program, args);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(fds[0]);
  port_ = std::atoi(line.c_str());
  if (port_ <= 0) {
    Kill();
    throw std::runtime_error("could not start " + program + " (is it built?)");
  }
}

ServerProcess::~ServerProcess() { Kill(); }

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitExit(pid_);
  pid_ = -1;
}

std::string ServerProcess::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

nlohmann::json ServerProcess::Get(const std::string& path) const {
  HttpResponse r = HttpFetch({"http://127.0.0.1:" + std::to_string(port_) + path, "GET", "", {}, 10});
  if (r.status != 200) throw std::runtime_error("GET " + path + " failed: " + r.error_text);
  return nlohmann::json::parse(r.body);
}

nlohmann::json ServerProcess::Post(const std::string& path, const nlohmann::json& body) const {
  HttpResponse r =
      HttpFetch({"http://127.0.0.1:" + std::to_string(port_) + path, "POST", body.dump(), {}, 10});
  if (r.status != 200) throw std::runtime_error("POST " + path + " failed: " + r.body + r.error_text);
  return nlohmann::json::parse(r.body);
}

}  // namespace clue::backends::testserver
