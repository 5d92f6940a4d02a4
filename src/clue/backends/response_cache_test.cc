#include "clue/backends/response_cache.h"

#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clue::backends {
namespace {

std::string TempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("clue_cache_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

TEST(CacheKey, EveryPartMatters) {
  CacheKeyParts base{"m", "r1", R"({"a":1})", 7, 0};
  std::set<std::string> keys;
  keys.insert(CacheKey(base));
  auto v = base; v.model = "m2"; keys.insert(CacheKey(v));
  v = base; v.revision = "r2"; keys.insert(CacheKey(v));
  v = base; v.body = R"({"a":2})"; keys.insert(CacheKey(v));
  v = base; v.seed = 8; keys.insert(CacheKey(v));
  v = base; v.seed.reset(); keys.insert(CacheKey(v));
  v = base; v.repeat = 1; keys.insert(CacheKey(v));
  EXPECT_EQ(keys.size(), 7u);
  EXPECT_EQ(CacheKey(base), CacheKey(CacheKeyParts{"m", "r1", R"({"a":1})", 7, 0}));
  EXPECT_EQ(CacheKey(base).size(), 64u);
}

TEST(CacheKey, LengthPrefixPreventsShiftedBoundaries) {
  // "ab"+"c" and "a"+"bc" must not collide.
  EXPECT_NE(CacheKey({"ab", "c", "", std::nullopt, 0}), CacheKey({"a", "bc", "", std::nullopt, 0}));
}

TEST(ResponseCache, RoundTripAndReplace) {
  std::string path = TempPath("rt.sqlite");
  {
    ResponseCache c(path);
    EXPECT_FALSE(c.Get("k").has_value());
    GenerationResult r;
    r.ok = true;
    r.text = "The answer is A";
    r.finish_reason = "stop";
    r.prompt_tokens = 12;
    r.completion_tokens = 4;
    r.latency_s = 0.25;
    c.Put("k", r);
    GenerationResult bad;  // errors are never stored
    bad.ok = false;
    bad.error = "HTTP 500";
    c.Put("e", bad);
    EXPECT_EQ(c.Size(), 1);
  }
  ResponseCache c(path);
  auto got = c.Get("k");
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->ok);
  EXPECT_TRUE(got->cached);
  EXPECT_EQ(got->text, "The answer is A");
  EXPECT_EQ(got->finish_reason, "stop");
  EXPECT_EQ(got->prompt_tokens, 12);
  EXPECT_EQ(got->completion_tokens, 4);
  EXPECT_DOUBLE_EQ(got->latency_s, 0.25);
  EXPECT_FALSE(c.Get("e").has_value());
  GenerationResult r2 = *got;
  r2.text = "B";
  c.Put("k", r2);
  EXPECT_EQ(c.Get("k")->text, "B");
  EXPECT_EQ(c.Size(), 1);
}

TEST(ResponseCache, UsesWal) {
  std::string path = TempPath("wal.sqlite");
  ResponseCache c(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(ResponseCache, CommittedRowsSurviveSigkill) {
  // A child process writes 50 rows and then kills itself without any cleanup; every row it
  // wrote must be readable afterwards.
  std::string path = TempPath("kill.sqlite");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ResponseCache c(path);
    GenerationResult r;
    r.ok = true;
    for (int i = 0; i < 50; ++i) {
      r.text = "answer " + std::to_string(i);
      c.Put("key" + std::to_string(i), r);
    }
    kill(getpid(), SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ResponseCache c(path);
  EXPECT_EQ(c.Size(), 50);
  EXPECT_EQ(c.Get("key49")->text, "answer 49");
}

TEST(ResponseCache, UnopenablePathIsAClearError) {
  try {
    ResponseCache c("/nonexistent-dir/x/cache.sqlite");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/cache.sqlite"), std::string::npos);
  }
}

}  // namespace
}  // namespace clue::backends
