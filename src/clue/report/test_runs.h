#pragma once
// Test-only: writes small run directories in the results.json + samples.jsonl format that
// `clue run` produces, with chosen per-task accuracy, for the reader, report and CLI tests.
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace clue::report::testing {

// mednli (binary accuracy), meqsum (two ROUGE-like values plus a precision value left out of the
// score), longhealth_task1..3 (binary, five prompts per question cluster). L1 uses the plain
// "tasks" list form, L2 the writer's "entries" form. Sample i of a binary
// task is correct when (i * 37 + shift) % 100 < 100 * p.
inline void WriteRun(const std::filesystem::path& dir, const std::string& model, double p_nli,
                     double p_lh, int n, int shift = 0) {
  namespace fs = std::filesystem;
  using nlohmann::json;
  fs::create_directories(dir);
  json tasks = json::object();
  auto binary = [&](const std::string& task, double p, bool clustered) {
    fs::create_directories(dir / task);
    std::ofstream out(dir / task / "samples.jsonl");
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const double v = ((i * 37 + shift) % 100) < p * 100 ? 1.0 : 0.0;
      sum += v;
      json s = {{"id", task + "-" + std::to_string(i)}, {"task", task},
                {"cluster", clustered ? "q" + std::to_string(i / 5) : ""}, {"group", ""},
                {"status", "scored"}, {"prediction", v ? "yes" : "no"}, {"values", {{"accuracy", v}}}};
      out << s.dump() << "\n";
    }
    tasks[task] = {{"level", clustered ? "2" : "1"},
                   {"metrics", json::array({{{"name", "accuracy"}, {"options", json::object()}}})},
                   {"values", {{"accuracy", {{"value", 100 * sum / n}, {"metric", "accuracy"}}}}},
                   {"score", {{"value", 100 * sum / n}, {"partial", false}, {"missing", json::array()},
                              {"components", {"accuracy"}}}},
                   {"n", n}};
  };
  binary("mednli", p_nli, false);
  fs::create_directories(dir / "meqsum");
  {
    std::ofstream out(dir / "meqsum" / "samples.jsonl");
    double r1 = 0, r2 = 0;
    for (int i = 0; i < n; ++i) {
      const double a = ((i * 13 + shift) % 50) / 100.0, b = ((i * 7 + shift) % 30) / 100.0;
      r1 += a, r2 += b;
      json s = {{"id", "meqsum-" + std::to_string(i)}, {"task", "meqsum"}, {"status", i == 3 ? "error" : "scored"},
                // Every value of the rouge metric, as the writer stores them.
                {"values", {{"rouge1_f", a}, {"rouge2_f", b}, {"rouge1_p", 0.5}, {"rouge1_r", a},
                            {"rouge2_p", b}, {"rouge2_r", b}}}};
      out << s.dump() << "\n";
    }
    tasks["meqsum"] = {{"level", "1"},
                       {"metrics", json::array({{{"name", "rouge"}, {"options", {{"types", {"rouge1", "rouge2"}}}}}})},
                       {"values", {{"rouge1_f", {{"value", 100 * r1 / n}, {"metric", "rouge"}}},
                                   {"rouge2_f", {{"value", 100 * r2 / n}, {"metric", "rouge"}}},
                                   {"rouge1_p", {{"value", 50.0}, {"metric", "rouge"}}}}},
                       {"n", n}};
  }
  for (const char* t : {"longhealth_task1", "longhealth_task2", "longhealth_task3"}) binary(t, p_lh, true);
  json results = {{"clue_version", "0.1.0"}, {"model", model}, {"profile", "clue-2024"}, {"suite", "clue"},
                  {"tasks", tasks},
                  {"levels", {{"L1", {{"value", 0}, {"tasks", {"mednli", "meqsum"}}}},
                              {"L2", {{"value", 0},
                                      {"entries", json::array({{{"name", "LongHealth"},
                                                                {"tasks", {"longhealth_task1", "longhealth_task2",
                                                                           "longhealth_task3"}}}})}}}}}};
  std::ofstream(dir / "results.json") << results.dump(2);
}

}  // namespace clue::report::testing
