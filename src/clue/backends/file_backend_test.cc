#include "clue/backends/file_backend.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"

namespace clue::backends {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

std::vector<GenerationResult> Replay(FileBackend& b, std::vector<std::pair<std::string, std::string>> ids) {
  std::vector<GenerationRequest> reqs;
  for (auto& [task, id] : ids) {
    GenerationRequest r;
    r.task = task;
    r.sample_id = id;
    reqs.push_back(r);
  }
  std::vector<GenerationResult> out(reqs.size());
  b.Generate(reqs, [&](size_t i, GenerationResult r) { out[i] = std::move(r); });
  return out;
}

TEST(FileBackend, MatchesByTaskAndIdAndReportsMissingAsErrors) {
  const std::string p = WriteTemp("clue_fb1.jsonl",
                                  "{\"id\": \"a\", \"prediction\": \"any task\"}\n"
                                  "{\"id\": \"a\", \"task\": \"t2\", \"prediction\": \"t2 only\"}\n"
                                  "{\"id\": 7, \"prediction\": \"numeric id\", \"finish_reason\": \"length\"}\n");
  FileBackend b(p);
  const auto r = Replay(b, {{"t1", "a"}, {"t2", "a"}, {"t1", "7"}, {"t1", "zzz"}});
  EXPECT_EQ(r[0].text, "any task");
  EXPECT_EQ(r[1].text, "t2 only");
  EXPECT_EQ(r[2].finish_reason, "length");
  EXPECT_FALSE(r[3].ok);
  EXPECT_EQ(r[3].error, "no prediction for t1/zzz in " + p);
}

TEST(FileBackend, MalformedLinesNameFileLineAndField) {
  const std::string p = WriteTemp("clue_fb2.jsonl", "{\"id\": \"a\", \"prediction\": \"x\"}\n"
                                                    "{\"id\": \"b\", \"prediction\": 3}\n");
  try {
    FileBackend b(p);
    FAIL();
  } catch (const data::InputError& e) {
    EXPECT_EQ(std::string(e.what()), p + ":2: prediction: expected a string, got number");
  }
  const std::string q = WriteTemp("clue_fb3.jsonl", "{\"id\": \"a\", \"prediction\": \"x\"}\n"
                                                    "{\"id\": \"a\", \"prediction\": \"y\"}\n");
  EXPECT_THROW(FileBackend{q}, data::InputError);
}

TEST(FileBackend, ReplayedErrorsStayErrors) {
  const std::string p = WriteTemp(
      "clue_fb4.jsonl",
      "{\"id\": \"a\", \"task\": \"t\", \"prediction\": \"\", \"status\": \"error\", \"error\": \"HTTP 500\"}\n");
  FileBackend b(p);
  const auto r = Replay(b, {{"t", "a"}});
  EXPECT_FALSE(r[0].ok);
  EXPECT_EQ(r[0].error, "HTTP 500");
}

}  // namespace
}  // namespace clue::backends
