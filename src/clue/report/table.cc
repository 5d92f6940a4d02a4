#include "clue/report/table.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clue::report {
namespace {

std::string Num(const nlohmann::json& v) {
  return v.is_number() ? fmt::format("{:.2f}", v.get<double>()) : "-";
}

std::string ScoreCell(const nlohmann::json& score) {
  std::string s = Num(score.value("value", nlohmann::json()));
  if (score.value("partial", false) && score["value"].is_number()) s += "\u2020";
  return s;
}

// The bootstrap interval written beside a score (report/run_intervals.h), or blank.
std::string CiCell(const nlohmann::json& score) {
  if (!score.is_object() || !score.contains("ci") || !score["ci"]["low"].is_number()) return "";
  return fmt::format("[{:.2f}, {:.2f}]", score["ci"]["low"].get<double>(), score["ci"]["high"].get<double>());
}

std::string Counts(const nlohmann::json& task) {
  const auto& c = task["status_counts"];
  auto get = [&](const char* k) { return c.contains(k) ? c[k].get<size_t>() : size_t{0}; };
  return fmt::format("{:>6} {:>6} {:>6} {:>6} {:>6} {:>6}", task.value("n", 0), get("scored"),
                     get("unparseable"), get("truncated"), get("refused"),
                     get("error") + get("filtered"));
}

// The values that make up the score, in the task's order; the rest are in results.json.
std::string Values(const nlohmann::json& task) {
  std::string out;
  for (const auto& name : task["score"]["components"]) {
    const std::string n = name.get<std::string>();
    const nlohmann::json v = task["values"].contains(n) ? task["values"][n]["value"] : nlohmann::json();
    out += fmt::format("{}{} {}", out.empty() ? "" : "  ", n, v.is_null() ? "n/c" : Num(v));
  }
  return out;
}

// Tasks in the order they were run (JSON objects are stored sorted).
std::vector<std::string> TaskOrder(const nlohmann::json& r) {
  std::vector<std::string> order;
  if (r.contains("config") && r["config"].contains("tasks"))
    for (const auto& t : r["config"]["tasks"])
      if (r["tasks"].contains(t.get<std::string>())) order.push_back(t);
  for (const auto& [name, _] : r["tasks"].items())
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  return order;
}

}  // namespace

std::string RenderTable(const nlohmann::json& r) {
  std::string out = fmt::format("clue {}  model: {}  profile: {}{}\n\n", r.value("clue_version", ""),
                                r.value("model", ""), r.value("profile", ""),
                                r.value("suite", "").empty() ? "" : "  suite: " + r["suite"].get<std::string>());
  out += fmt::format("{:<18} {:>8} {:<16} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}  {}\n", "task", "score",
                     "CI (BCa)", "n", "scored", "unpars", "trunc", "refuse", "error", "score components (%)");
  // One note per distinct reason, naming every task it applies to.
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons;
  for (const std::string& name : TaskOrder(r)) {
    const nlohmann::json& t = r["tasks"][name];
    out += fmt::format("{:<18} {:>8} {:<16} {}  {}\n", name, ScoreCell(t["score"]), CiCell(t["score"]),
                       Counts(t), Values(t));
    if (!t.contains("not_computed")) continue;
    for (const auto& [metric, why] : t["not_computed"].items()) {
      const std::string note = metric + " not computed: " + why.get<std::string>();
      auto it = std::find_if(reasons.begin(), reasons.end(), [&](auto& x) { return x.first == note; });
      if (it == reasons.end()) reasons.push_back({note, {name}});
      else it->second.push_back(name);
    }
  }
  std::string notes;
  for (const auto& [note, tasks] : reasons)
    notes += fmt::format("  [{}] {}\n", fmt::join(tasks, ", "), note);
  if (!r["levels"].empty()) {
    out += "\n";
    for (const auto& [name, l] : r["levels"].items()) {
      std::string parts;
      for (const auto& e : l["entries"])
        parts += fmt::format("{}{} {}", parts.empty() ? "" : "  ", e["name"].get<std::string>(),
                             ScoreCell(e["score"].is_number()
                                           ? nlohmann::json{{"value", e["score"]}, {"partial", e["partial"]}}
                                           : nlohmann::json{{"value", nullptr}}));
      out += fmt::format("{:<18} {:>8} {:<16} ({})\n", name, ScoreCell(l), CiCell(l), parts);
    }
  }
  if (!notes.empty())
    out += "\n\u2020 partial score: the mean of the components that could be computed here "
           "(n/c = not computed).\n" + notes;
  return out;
}

}  // namespace clue::report
