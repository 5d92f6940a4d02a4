#include "clue/backends/response_cache.h"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "clue/data/sha256.h"

namespace clue::backends {
namespace {

void AddPart(data::Sha256& h, const std::string& tag, const std::string& value) {
  h.Update(tag);
  h.Update(std::to_string(value.size()));
  h.Update(":");
  h.Update(value);
}

}  // namespace

std::string CacheKey(const CacheKeyParts& p) {
  data::Sha256 h;
  AddPart(h, "clue-cache-v1|model", p.model);
  AddPart(h, "revision", p.revision);
  AddPart(h, "body", p.body);
  AddPart(h, "seed", p.seed ? std::to_string(*p.seed) : std::string("none"));
  AddPart(h, "repeat", std::to_string(p.repeat));
  return h.HexDigest();
}

ResponseCache::ResponseCache(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK)
    Fail("cannot open");
  sqlite3_busy_timeout(db_, 10000);
  // WAL + synchronous=NORMAL: a committed row survives a killed process (the WAL is in the OS
  // page cache); only a power loss could drop the last commits, which just means re-sending.
  Exec("PRAGMA journal_mode=WAL");
  Exec("PRAGMA synchronous=NORMAL");
  Exec("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, result TEXT NOT NULL, "
       "created REAL NOT NULL DEFAULT (julianday('now')))");
  if (sqlite3_prepare_v2(db_, "SELECT result FROM responses WHERE key = ?", -1, &get_, nullptr) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO responses (key, result) VALUES (?, ?)", -1,
                         &put_, nullptr) != SQLITE_OK)
    Fail("cannot prepare statements in");
}

ResponseCache::~ResponseCache() {
  sqlite3_finalize(get_);
  sqlite3_finalize(put_);
  sqlite3_close(db_);
}

void ResponseCache::Fail(const std::string& what) {
  std::string msg = "response cache " + path_ + ": " + what;
  if (db_) msg += std::string(": ") + sqlite3_errmsg(db_);
  sqlite3_finalize(get_);
  sqlite3_finalize(put_);
  sqlite3_close(db_);
  db_ = nullptr;
  get_ = put_ = nullptr;
  throw std::runtime_error(msg);
}

void ResponseCache::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("response cache " + path_ + ": " + sql + ": " + msg);
  }
}

std::optional<GenerationResult> ResponseCache::Get(const std::string& key) {
  sqlite3_reset(get_);
  sqlite3_bind_text(get_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(get_);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) throw std::runtime_error("response cache " + path_ + ": read failed: " +
                                                 sqlite3_errmsg(db_));
  const char* text = reinterpret_cast<const char*>(sqlite3_column_text(get_, 0));
  auto j = nlohmann::json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
  sqlite3_reset(get_);
  if (!j.is_object()) return std::nullopt;  // unreadable row: treat as a miss and re-send
  GenerationResult r;
  r.ok = true;
  r.cached = true;
  r.text = j.value("text", "");
  r.finish_reason = j.value("finish_reason", "");
  r.prompt_tokens = j.value("prompt_tokens", -1);
  r.completion_tokens = j.value("completion_tokens", -1);
  r.latency_s = j.value("latency_s", 0.0);
  return r;
}

void ResponseCache::Put(const std::string& key, const GenerationResult& r) {
  if (!r.ok) return;
  nlohmann::json j = {{"text", r.text},
                      {"finish_reason", r.finish_reason},
                      {"prompt_tokens", r.prompt_tokens},
                      {"completion_tokens", r.completion_tokens},
                      {"latency_s", r.latency_s}};
  std::string value = j.dump();
  sqlite3_reset(put_);
  sqlite3_bind_text(put_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(put_, 2, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(put_);
  sqlite3_reset(put_);
  if (rc != SQLITE_DONE)
    throw std::runtime_error("response cache " + path_ + ": write failed: " + sqlite3_errmsg(db_));
}

int64_t ResponseCache::Size() {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM responses", -1, &st, nullptr);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

}  // namespace clue::backends
