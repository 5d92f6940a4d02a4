#include "clue/tasks/transforms.h"

#include <algorithm>

#include "clue/data/input_error.h"

namespace clue::tasks {
namespace {

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

nlohmann::json Apply(const Transform& t, const nlohmann::json& in, const std::string& file,
                     int line) {
  auto fail = [&](const std::string& problem) {
    throw data::InputError(file, line, t.from, problem);
  };
  nlohmann::json v = in;
  if (!t.pluck.empty()) {
    if (!v.is_array()) fail("expected a list to pluck '" + t.pluck + "' from");
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : v) {
      if (!item.is_object() || !item.contains(t.pluck))
        fail("a list item has no '" + t.pluck + "'");
      out.push_back(item[t.pluck].is_string() ? item[t.pluck] : nlohmann::json(item[t.pluck].dump()));
    }
    v = std::move(out);
  }
  if (t.join) {
    if (!v.is_array()) fail("expected a list to join");
    std::string joined;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) fail("expected a list of strings to join");
      joined += (i ? *t.join : "") + v[i].get<std::string>();
    }
    v = joined;
  }
  if (!t.replace.empty() || t.lowercase) {
    if (!v.is_string()) fail("expected a string");
    std::string s = v.get<std::string>();
    for (const auto& [from, to] : t.replace) s = ReplaceAll(s, from, to);
    if (t.lowercase)
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    v = s;
  }
  return v;
}

}  // namespace

void ApplyTransforms(const TaskSpec& task, data::Dataset& dataset) {
  for (auto& row : dataset.rows) {
    for (const auto& t : task.transforms) {
      if (!row.fields.contains(t.from))
        throw data::InputError(dataset.path, row.line, t.from, "missing");
      row.fields[t.to] = Apply(t, row.fields[t.from], dataset.path, row.line);
    }
  }
}

}  // namespace clue::tasks
