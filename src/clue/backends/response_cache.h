#pragma once
// A crash-safe store of model responses (SQLite in WAL mode). Each response is committed the
// moment it arrives, so a run killed with SIGKILL loses at most the requests still in flight;
// re-running re-sends only what has no stored response.
//
// The key is the model identity, the canonical request body, the seed and the repeat index.
// It deliberately excludes the server URL (replicas and moved servers share answers) and the
// API key (a secret must never be written anywhere).
#include <cstdint>
#include <optional>
#include <string>

#include "clue/backends/backend.h"

struct sqlite3;
struct sqlite3_stmt;

namespace clue::backends {

struct CacheKeyParts {
  std::string model;          // model name as sent to the server
  std::string revision;       // --revision, or empty
  std::string body;           // canonical request body (sorted keys, no stream flag)
  std::optional<uint64_t> seed;
  int repeat = 0;
};

// Hex sha256 over a length-prefixed encoding of the parts, so no two different part lists
// can produce the same byte string.
std::string CacheKey(const CacheKeyParts& parts);

class ResponseCache {
 public:
  // Opens or creates the store; throws std::runtime_error naming the path on failure.
  explicit ResponseCache(const std::string& path);
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  std::optional<GenerationResult> Get(const std::string& key);
  // Stores a successful result (ok=true only); replaces an older entry with the same key.
  void Put(const std::string& key, const GenerationResult& result);
  int64_t Size();
  const std::string& path() const { return path_; }

 private:
  void Exec(const char* sql);
  [[noreturn]] void Fail(const std::string& what);

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  sqlite3_stmt* put_ = nullptr;
};

}  // namespace clue::backends
