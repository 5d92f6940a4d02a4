#include "clue/backends/file_backend.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "clue/data/dataset.h"
#include "clue/data/input_error.h"

namespace clue::backends {
namespace {

std::string RequireString(const data::Row& row, const std::string& path, const char* field,
                          bool optional) {
  if (!row.fields.contains(field)) {
    if (optional) return "";
    throw data::InputError(path, row.line, field, "missing");
  }
  const auto& v = row.fields[field];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() && std::string(field) == "id") return v.dump();
  throw data::InputError(path, row.line, field,
                         "expected a string, got " + data::JsonTypeName(v));
}

}  // namespace

FileBackend::FileBackend(const std::string& path) : path_(path) {
  if (!std::filesystem::is_directory(path)) {
    Load(path);
    return;
  }
  // A run directory: replay every <task>/samples.jsonl.
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(path))
    if (std::filesystem::exists(e.path() / "samples.jsonl"))
      files.push_back((e.path() / "samples.jsonl").string());
  if (files.empty())
    throw data::InputError(path, 0, "", "no <task>/samples.jsonl files in this directory");
  std::sort(files.begin(), files.end());
  for (const auto& f : files) Load(f);
}

void FileBackend::Load(const std::string& path) {
  const data::Dataset ds = data::LoadJsonl(path);
  for (const auto& row : ds.rows) {
    const std::string id = RequireString(row, path, "id", false);
    const std::string task = RequireString(row, path, "task", true);
    Entry e{RequireString(row, path, "prediction", false),
            RequireString(row, path, "finish_reason", true),
            RequireString(row, path, "status", true), RequireString(row, path, "error", true)};
    if (!by_task_and_id_.emplace(std::make_pair(task, id), std::move(e)).second)
      throw data::InputError(path, row.line, "id",
                             "duplicate prediction for " + (task.empty() ? "" : task + "/") + id);
  }
}

void FileBackend::Generate(std::span<const GenerationRequest> requests,
                           const std::function<void(size_t, GenerationResult)>& on_result) {
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& req = requests[i];
    GenerationResult r;
    auto it = by_task_and_id_.find({req.task, req.sample_id});
    if (it == by_task_and_id_.end()) it = by_task_and_id_.find({"", req.sample_id});
    if (it == by_task_and_id_.end()) {
      r.error = "no prediction for " + req.task + "/" + req.sample_id + " in " + path_;
    } else if (it->second.status == "error") {
      // A replayed infrastructure error stays an error; it never becomes an empty answer.
      r.error = it->second.error.empty() ? "error in the replayed run" : it->second.error;
    } else {
      r.ok = true;
      r.text = it->second.prediction;
      r.finish_reason = it->second.status == "filtered" ? "content_filter"
                        : it->second.finish_reason.empty() ? "stop"
                                                           : it->second.finish_reason;
    }
    on_result(i, std::move(r));
  }
}

}  // namespace clue::backends
