#pragma once
// Replays existing model outputs from a JSONL file so they can be scored without a server.
// Each line: {"id": ..., "prediction": "...", "task": "..." (optional), "finish_reason": ...
// (optional)}. A line with "task" answers only that task's sample; without it, any task's sample
// with that id. A sample the file has no line for ends as an error, never as a wrong answer.
// PATH may also be a run directory: its <task>/samples.jsonl files are replayed, statuses included.
#include <map>
#include <string>

#include "clue/backends/backend.h"

namespace clue::backends {

class FileBackend : public Backend {
 public:
  // Throws data::InputError(path, line, field, ...) for malformed lines or duplicate ids.
  explicit FileBackend(const std::string& path);

  std::string Identity() const override { return "file:" + path_; }
  void Generate(std::span<const GenerationRequest> requests,
                const std::function<void(size_t, GenerationResult)>& on_result) override;

 private:
  struct Entry {
    std::string prediction;
    std::string finish_reason;
    std::string status;  // from a replayed samples.jsonl; "" otherwise
    std::string error;
  };
  void Load(const std::string& file);
  std::string path_;
  std::map<std::pair<std::string, std::string>, Entry> by_task_and_id_;  // task "" = any task
};

}  // namespace clue::backends
