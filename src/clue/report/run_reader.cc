#include "clue/report/run_reader.h"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "clue/data/input_error.h"
#include "clue/metrics/registry.h"

namespace clue::report {
namespace {

namespace fs = std::filesystem;
using data::InputError;
using nlohmann::json;

// A metric this build cannot create: its per-sample values, averaged.
class StoredMeanMetric : public metrics::Metric {
 public:
  explicit StoredMeanMetric(std::vector<metrics::ValueSpec> v) : values_(std::move(v)) {}
  const std::vector<metrics::ValueSpec>& values() const override { return values_; }
  void Score(const metrics::MetricInput&, double*) const override {
    throw std::logic_error("stored metric cannot score text");
  }

 private:
  std::vector<metrics::ValueSpec> values_;
};

json ReadJsonFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "cannot open file");
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw InputError(path.string(), 0, "", std::string("not valid JSON: ") + e.what());
  }
}

std::string Str(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsPrecisionOrRecall(const std::string& name) {
  // CLUE's task score leaves out precision and recall (clue-protocol.md 2.7).
  for (const char* suffix : {"_p", "_r", "_P", "_R", " P", " R", "_precision", "_recall"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

struct Parsed {
  std::vector<runner::SampleRecord> samples;
  std::vector<json> stats;  // per sample: its "stats" object
  std::vector<int> line;    // per sample: its line in samples.jsonl
};

Parsed ReadSamples(const fs::path& path) {
  Parsed p;
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "", "cannot open file");
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j;
    try {
      j = json::parse(text);
    } catch (const json::parse_error& e) {
      throw InputError(path.string(), line, "", std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object()) throw InputError(path.string(), line, "", "expected a JSON object");
    runner::SampleRecord s;
    s.id = Str(j, "id");
    if (s.id.empty()) throw InputError(path.string(), line, "id", "missing or not a string");
    s.cluster = Str(j, "cluster");
    s.group = Str(j, "group");
    s.prompt_hash = Str(j, "prompt_hash");
    s.prediction = Str(j, "prediction");
    s.answer = j.value("answer", json());
    s.gold = j.value("gold", json());
    const auto status = runner::ParseStatus(Str(j, "status"));
    if (!status) throw InputError(path.string(), line, "status", "unknown status '" + Str(j, "status") + "'");
    s.status = *status;
    s.error = Str(j, "error");
    if (j.contains("values") && !j["values"].is_object())
      throw InputError(path.string(), line, "values", "expected an object");
    s.values = j.value("values", json::object());
    if (j.contains("stats") && !j["stats"].is_object())
      throw InputError(path.string(), line, "stats", "expected an object");
    p.stats.push_back(j.value("stats", json::object()));
    p.line.push_back(line);
    p.samples.push_back(std::move(s));
  }
  return p;
}

// Fills a block's per-sample stats from the samples' "stats" (preferred) or "values".
void FillStats(runner::MetricBlock& b, const Parsed& p, const std::string& file, bool stored) {
  for (size_t i = 0; i < p.samples.size(); ++i) {
    if (!runner::CountsTowardScores(p.samples[i].status)) continue;
    const auto& st = p.stats[i];
    if (st.contains(b.name) && stored)
      throw InputError(file, p.line[i], "stats." + b.name,
                       "metric '" + b.name + "' is not available in this build, so its corpus value "
                       "cannot be re-aggregated from these statistics");
    if (st.contains(b.name)) {
      const auto& arr = st[b.name];
      if (!arr.is_array() || arr.size() != b.stat_count)
        throw InputError(file, p.line[i], "stats." + b.name,
                         "expected " + std::to_string(b.stat_count) + " numbers");
      for (const auto& x : arr) {
        if (!x.is_number()) throw InputError(file, p.line[i], "stats." + b.name, "not a number");
        b.stats.push_back(x.get<double>());
      }
      b.rows.push_back(i);
      continue;
    }
    const auto& v = p.samples[i].values;
    bool all = true;
    for (const auto& spec : b.values) all = all && v.contains(spec.name) && v[spec.name].is_number();
    if (!all) continue;  // not scored by this metric (e.g. a value the metric could not compute)
    if (b.stat_count != b.values.size())
      throw InputError(file, p.line[i], "stats." + b.name,
                       "missing: metric '" + b.name + "' needs its sufficient statistics");
    for (const auto& spec : b.values) b.stats.push_back(v[spec.name].get<double>());
    b.rows.push_back(i);
  }
}

// The scale factor of a stored value: results.json's percent over the raw per-sample mean.
double InferPercent(const std::string& name, const json& task_json, const Parsed& p) {
  double sum = 0, n = 0;
  for (const auto& s : p.samples)
    if (runner::CountsTowardScores(s.status) && s.values.contains(name) && s.values[name].is_number())
      sum += s.values[name].get<double>(), n += 1;
  const json* reported = nullptr;
  if (task_json.contains("values") && task_json["values"].contains(name)) reported = &task_json["values"][name];
  if (!reported || n == 0) return 100.0;
  const double r = reported->is_object() ? reported->value("value", NAN) : reported->is_number() ? reported->get<double>() : NAN;
  const double mean = sum / n;
  return std::fabs(r - 100 * mean) <= std::fabs(r - mean) ? 100.0 : 1.0;
}

runner::TaskResult LoadTask(const fs::path& dir, const std::string& task, const json& tj,
                            const metrics::MetricContext& ctx, const std::string& results_file) {
  runner::TaskResult t;
  t.task = task;
  t.level = tj.contains("level") && tj["level"].is_string() ? tj["level"].get<std::string>()
            : tj.contains("level") && tj["level"].is_number() ? std::to_string(tj["level"].get<int>())
                                                                : "";
  const fs::path file = dir / task / "samples.jsonl";
  const Parsed p = ReadSamples(file);
  t.samples = p.samples;
  std::set<std::string> claimed;
  for (const auto& m : tj.value("metrics", json::array())) {
    if (!m.is_object() || !m.contains("name") || !m["name"].is_string())
      throw InputError(results_file, 0, "tasks." + task + ".metrics", "each metric needs a \"name\"");
    runner::MetricBlock b;
    b.name = m["name"].get<std::string>();
    if (m.contains("computed") && m["computed"].is_boolean() && !m["computed"].get<bool>()) continue;
    json options = m.contains("options") ? m["options"] : json::object();
    std::shared_ptr<const metrics::Metric> impl;
    try {
      auto made = metrics::CreateMetric(b.name, options, ctx);
      if (auto* ptr = std::get_if<std::unique_ptr<metrics::Metric>>(&made)) impl = std::move(*ptr);
    } catch (const std::invalid_argument&) {
      // Unknown in this build: fall through to the stored-values metric below.
    }
    if (!impl) {
      // The writer tags each reported value with its metric; older files may list "values".
      std::vector<metrics::ValueSpec> specs;
      const json reported_values = tj.value("values", json::object());
      for (const auto& [vname, vj] : reported_values.items())
        if (vj.is_object() && Str(vj, "metric") == b.name) specs.push_back({vname, InferPercent(vname, tj, p)});
      for (const auto& v : m.value("values", json::array()))
        if (v.is_string()) specs.push_back({v.get<std::string>(), InferPercent(v.get<std::string>(), tj, p)});
      if (specs.empty()) {
        // Its values are picked up below as stored means, which is only right without stats.
        for (size_t i = 0; i < p.samples.size(); ++i)
          if (p.stats[i].contains(b.name))
            throw InputError(file.string(), p.line[i], "stats." + b.name,
                             "metric '" + b.name + "' is not available in this build, so its corpus "
                             "value cannot be re-aggregated from these statistics");
        continue;
      }
      impl = std::make_shared<StoredMeanMetric>(std::move(specs));
    }
    const bool stored = dynamic_cast<const StoredMeanMetric*>(impl.get()) != nullptr;
    b.values = impl->values();
    b.stat_count = impl->stat_count();
    b.impl = impl;
    b.computed = true;
    for (const auto& v : b.values) claimed.insert(v.name);
    FillStats(b, p, file.string(), stored);
    t.metrics.push_back(std::move(b));
  }
  // Reported values no metric claimed: one stored mean metric, so they still get intervals.
  std::vector<metrics::ValueSpec> rest;
  const json reported = tj.value("values", json::object());
  for (const auto& [name, _] : reported.items())
    if (!claimed.count(name)) rest.push_back({name, InferPercent(name, tj, p)});
  if (!rest.empty()) {
    runner::MetricBlock b;
    b.name = "stored";
    b.impl = std::make_shared<StoredMeanMetric>(rest);
    b.values = rest;
    b.stat_count = rest.size();
    b.computed = true;
    FillStats(b, p, file.string(), true);
    t.metrics.push_back(std::move(b));
  }
  // The values averaged into the score: as listed by the writer, else all but precision/recall.
  const json* listed = nullptr;
  if (tj.contains("score_values")) listed = &tj["score_values"];
  else if (tj.contains("score") && tj["score"].is_object() && tj["score"].contains("components"))
    listed = &tj["score"]["components"];
  if (listed && listed->is_array()) {
    for (const auto& v : *listed)
      if (v.is_string()) t.score_values.push_back(v.get<std::string>());
  } else {
    for (const auto& [name, _] : reported.items())
      if (!IsPrecisionOrRecall(name)) t.score_values.push_back(name);
  }
  return t;
}

// A level's list: a task name, an entry name grouping tasks, or {"name", "tasks"}.
std::vector<stats::LevelEntry> LevelEntries(const json& list, const json& tasks, const std::string& file,
                                            const std::string& field) {
  std::vector<stats::LevelEntry> out;
  for (const auto& item : list) {
    if (item.is_object()) {
      stats::LevelEntry e{Str(item, "name"), {}};
      for (const auto& t : item.value("tasks", json::array()))
        if (t.is_string()) e.tasks.push_back(t.get<std::string>());
      if (e.name.empty() || e.tasks.empty()) throw InputError(file, 0, field, "entry needs \"name\" and \"tasks\"");
      out.push_back(e);
      continue;
    }
    if (!item.is_string()) throw InputError(file, 0, field, "expected task names");
    const std::string name = item.get<std::string>();
    if (tasks.contains(name)) {
      out.push_back({name, {name}});
      continue;
    }
    // An entry groups the tasks that name it, or whose name starts with it ("LongHealth" ->
    // longhealth_task1..3), compared without case.
    stats::LevelEntry e{name, {}};
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& [t, tj] : tasks.items())
      if (Str(tj, "entry") == name || Str(tj, "group") == name || lower(t).rfind(lower(name) + "_", 0) == 0)
        e.tasks.push_back(t);
    if (e.tasks.empty()) throw InputError(file, 0, field, "'" + name + "' is not a task of this run");
    out.push_back(e);
  }
  return out;
}

}  // namespace

LoadedRun LoadRun(const std::string& dir, const metrics::MetricContext& ctx) {
  LoadedRun r;
  r.dir = dir;
  const fs::path results_path = fs::path(dir) / "results.json";
  const std::string file = results_path.string();
  r.results = ReadJsonFile(results_path);
  if (!r.results.is_object() || !r.results.contains("tasks") || !r.results["tasks"].is_object())
    throw InputError(file, 0, "tasks", "missing or not an object");
  r.model = Str(r.results, "model");
  r.profile = Str(r.results, "profile");
  r.suite = Str(r.results, "suite");
  r.run.label = r.model.empty() ? dir : r.model;
  metrics::MetricContext local = ctx;
  if (local.profile.empty()) local.profile = r.profile;
  for (const auto& [task, tj] : r.results["tasks"].items()) {
    if (!tj.is_object()) throw InputError(file, 0, "tasks." + task, "expected an object");
    r.run.tasks[task] = LoadTask(fs::path(dir), task, tj, local, file);
  }
  if (r.results.contains("levels") && r.results["levels"].is_object())
    for (const auto& [name, lj] : r.results["levels"].items()) {
      // The writer lists {"name", "tasks"} entries; a plain "tasks" list is accepted too.
      const char* key = lj.is_object() && lj.contains("entries") ? "entries" : "tasks";
      if (!lj.is_object() || !lj.contains(key) || !lj[key].is_array())
        throw InputError(file, 0, "levels." + name + ".entries", "missing or not an array");
      r.run.levels.push_back({name, LevelEntries(lj[key], r.results["tasks"], file, "levels." + name + "." + key)});
    }
  return r;
}

}  // namespace clue::report
