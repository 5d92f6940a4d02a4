#include "clue/tasks/task_spec.h"

#include <algorithm>
#include <filesystem>

#include "clue/data/input_error.h"
#include "clue/data/sha256.h"
#include "clue/tasks/yaml_reader.h"

namespace clue::tasks {
namespace {

// Checks key names (not values) of a whole task document or a profile overlay. Runs before
// profile merging so that every unknown key is reported at its own line.
void CheckSchema(const YamlReader& r, const YAML::Node& doc, const std::string& at, bool overlay) {
  if (overlay) {
    r.CheckKeys(doc, at, {"description", "dataset", "transforms", "builder", "longhealth",
                          "prompt", "shots", "generation", "postprocess", "parse", "gold",
                          "metrics", "score", "legacy_double_count", "baselines",
                          "default_baseline"});
  } else {
    r.CheckKeys(doc, at, {"name", "description", "dataset", "transforms", "builder", "longhealth",
                          "prompt", "shots", "generation", "postprocess", "parse", "gold",
                          "metrics", "score", "legacy_double_count", "baselines",
                          "default_baseline", "profiles", "default_profile", "extends"});
  }
  auto sub = [&](const char* key, std::initializer_list<const char*> allowed) {
    if (doc[key]) r.CheckKeys(doc[key], JoinPath(at, key), allowed);
  };
  sub("dataset", {"path", "format", "id_field", "required_fields"});
  sub("prompt", {"system", "user", "assistant", "assistant_prefix"});
  sub("shots", {"count", "select", "seed"});
  sub("generation", {"max_tokens", "temperature", "top_p", "stop"});
  sub("postprocess", {"strip", "remove", "refusal"});
  sub("parse", {"regex", "group"});
  if (const YAML::Node t = doc["transforms"]) {
    if (!t.IsSequence()) r.Fail(t, JoinPath(at, "transforms"), "expected a list");
    for (size_t i = 0; i < t.size(); ++i)
      r.CheckKeys(t[i], JoinPath(at, "transforms") + "[" + std::to_string(i) + "]",
                  {"from", "to", "replace", "pluck", "join", "lowercase"});
  }
  if (const YAML::Node m = doc["metrics"]) {
    if (!m.IsSequence()) r.Fail(m, JoinPath(at, "metrics"), "expected a list");
    for (size_t i = 0; i < m.size(); ++i) {
      r.RequireMap(m[i], JoinPath(at, "metrics") + "[" + std::to_string(i) + "]");
      if (!m[i]["name"])
        r.Fail(m[i], JoinPath(at, "metrics") + "[" + std::to_string(i) + "].name", "missing");
    }
  }
}

template <typename T, typename F>
void IfPresent(const YAML::Node& node, const char* key, T& out, F&& convert) {
  if (const YAML::Node v = node[key]) out = convert(v);
}

void ReadDataset(const YamlReader& r, const YAML::Node& d, TaskSpec& t) {
  if (!d) r.Fail(d, "dataset", "missing");
  if (!d["path"]) r.Fail(d, "dataset.path", "missing");
  t.data_path = r.String(d["path"], "dataset.path");
  IfPresent(d, "format", t.data_format, [&](auto& v) { return r.String(v, "dataset.format"); });
  IfPresent(d, "id_field", t.id_field, [&](auto& v) { return r.String(v, "dataset.id_field"); });
  IfPresent(d, "required_fields", t.required_fields,
            [&](auto& v) { return r.StringList(v, "dataset.required_fields"); });
  static const std::vector<std::string> kFormats = {"auto", "jsonl", "json", "csv", "longhealth"};
  if (std::find(kFormats.begin(), kFormats.end(), t.data_format) == kFormats.end())
    r.Fail(d["format"], "dataset.format", "expected one of auto, jsonl, json, csv, longhealth");
}

Transform ReadTransform(const YamlReader& r, const YAML::Node& n, const std::string& at) {
  Transform tr;
  if (!n["from"]) r.Fail(n, at + ".from", "missing");
  tr.from = r.String(n["from"], at + ".from");
  tr.to = n["to"] ? r.String(n["to"], at + ".to") : tr.from;
  if (const YAML::Node rep = n["replace"]) {
    auto items = r.StringList(rep, at + ".replace");
    if (items.size() % 2 != 0) r.Fail(rep, at + ".replace", "expected pairs [old, new, ...]");
    for (size_t i = 0; i < items.size(); i += 2) tr.replace.emplace_back(items[i], items[i + 1]);
  }
  IfPresent(n, "pluck", tr.pluck, [&](auto& v) { return r.String(v, at + ".pluck"); });
  if (n["join"]) tr.join = r.String(n["join"], at + ".join");
  IfPresent(n, "lowercase", tr.lowercase, [&](auto& v) { return r.Bool(v, at + ".lowercase"); });
  return tr;
}

void ReadPrompt(const YamlReader& r, const YAML::Node& p, TaskSpec& t) {
  if (!p) r.Fail(p, "prompt", "missing");
  if (!p["user"]) r.Fail(p, "prompt.user", "missing");
  IfPresent(p, "system", t.system_prompt, [&](auto& v) { return r.String(v, "prompt.system"); });
  t.user_template = r.String(p["user"], "prompt.user");
  IfPresent(p, "assistant", t.assistant_template,
            [&](auto& v) { return r.String(v, "prompt.assistant"); });
  IfPresent(p, "assistant_prefix", t.assistant_prefix,
            [&](auto& v) { return r.String(v, "prompt.assistant_prefix"); });
}

void ReadShotsAndGeneration(const YamlReader& r, const YAML::Node& doc, TaskSpec& t) {
  if (const YAML::Node s = doc["shots"]) {
    IfPresent(s, "count", t.shot_count, [&](auto& v) { return (int)r.Int(v, "shots.count"); });
    IfPresent(s, "select", t.shot_select, [&](auto& v) { return r.String(v, "shots.select"); });
    IfPresent(s, "seed", t.shot_seed, [&](auto& v) { return (uint64_t)r.Int(v, "shots.seed"); });
    if (t.shot_select != "first" && t.shot_select != "shuffle")
      r.Fail(s["select"], "shots.select", "expected 'first' or 'shuffle'");
    if (t.shot_count < 0) r.Fail(s["count"], "shots.count", "must not be negative");
  }
  if (const YAML::Node g = doc["generation"]) {
    IfPresent(g, "max_tokens", t.max_tokens,
              [&](auto& v) { return (int)r.Int(v, "generation.max_tokens"); });
    IfPresent(g, "temperature", t.temperature,
              [&](auto& v) { return r.Double(v, "generation.temperature"); });
    IfPresent(g, "top_p", t.top_p, [&](auto& v) { return r.Double(v, "generation.top_p"); });
    IfPresent(g, "stop", t.stop, [&](auto& v) { return r.StringList(v, "generation.stop"); });
    if (t.max_tokens <= 0) r.Fail(g["max_tokens"], "generation.max_tokens", "must be positive");
  }
}

void ReadParsing(const YamlReader& r, const YAML::Node& doc, TaskSpec& t) {
  if (const YAML::Node p = doc["postprocess"]) {
    IfPresent(p, "strip", t.strip, [&](auto& v) { return r.Bool(v, "postprocess.strip"); });
    IfPresent(p, "remove", t.remove_patterns,
              [&](auto& v) { return r.StringList(v, "postprocess.remove"); });
    IfPresent(p, "refusal", t.refusal_patterns,
              [&](auto& v) { return r.StringList(v, "postprocess.refusal"); });
  }
  if (const YAML::Node p = doc["parse"]) {
    if (!p["regex"]) r.Fail(p, "parse.regex", "missing");
    t.parse_regex = r.String(p["regex"], "parse.regex");
    IfPresent(p, "group", t.parse_group, [&](auto& v) { return (int)r.Int(v, "parse.group"); });
  }
}

void ReadScoring(const YamlReader& r, const YAML::Node& doc, TaskSpec& t) {
  if (!doc["gold"]) r.Fail(doc, "gold", "missing");
  t.gold_field = r.String(doc["gold"], "gold");
  const YAML::Node m = doc["metrics"];
  if (!m || m.size() == 0) r.Fail(doc, "metrics", "missing (a task needs at least one metric)");
  for (size_t i = 0; i < m.size(); ++i) {
    MetricSpec spec;
    const std::string at = "metrics[" + std::to_string(i) + "]";
    spec.name = r.String(m[i]["name"], at + ".name");
    spec.line = m[i].Mark().line + 1;
    for (const auto& kv : m[i])
      if (kv.first.Scalar() != "name") spec.options[kv.first.Scalar()] = r.ToJson(kv.second);
    t.metrics.push_back(std::move(spec));
  }
  if (!doc["score"]) r.Fail(doc, "score", "missing");
  t.score_values = r.StringList(doc["score"], "score");
  IfPresent(doc, "legacy_double_count", t.legacy_double_count,
            [&](auto& v) { return r.Bool(v, "legacy_double_count"); });
}

void ReadBaselines(const YamlReader& r, const YAML::Node& doc, TaskSpec& t) {
  if (const YAML::Node b = doc["baselines"]) {
    r.RequireMap(b, "baselines");
    for (const auto& kv : b) {
      const std::string name = kv.first.Scalar();
      r.RequireMap(kv.second, "baselines." + name);
      if (!kv.second["kind"]) r.Fail(kv.second, "baselines." + name + ".kind", "missing");
      t.baselines.emplace_back(name, r.ToJson(kv.second));
    }
  }
  IfPresent(doc, "default_baseline", t.default_baseline,
            [&](auto& v) { return r.String(v, "default_baseline"); });
  if (!t.default_baseline.empty() &&
      std::none_of(t.baselines.begin(), t.baselines.end(),
                   [&](const auto& b) { return b.first == t.default_baseline; }))
    r.Fail(doc["default_baseline"], "default_baseline", "names no entry of 'baselines'");
}

TaskSpec Extract(const YamlReader& r, const YAML::Node& doc) {
  TaskSpec t;
  if (!doc["name"]) r.Fail(doc, "name", "missing");
  t.name = r.String(doc["name"], "name");
  IfPresent(doc, "description", t.description, [&](auto& v) { return r.String(v, "description"); });
  ReadDataset(r, doc["dataset"], t);
  if (const YAML::Node tr = doc["transforms"])
    for (size_t i = 0; i < tr.size(); ++i)
      t.transforms.push_back(ReadTransform(r, tr[i], "transforms[" + std::to_string(i) + "]"));
  IfPresent(doc, "builder", t.builder, [&](auto& v) { return r.String(v, "builder"); });
  if (t.builder != "standard" && t.builder != "longhealth")
    r.Fail(doc["builder"], "builder", "expected 'standard' or 'longhealth'");
  if (const YAML::Node lh = doc["longhealth"]) t.builder_options = r.ToJson(lh);
  ReadPrompt(r, doc["prompt"], t);
  ReadShotsAndGeneration(r, doc, t);
  ReadParsing(r, doc, t);
  ReadScoring(r, doc, t);
  ReadBaselines(r, doc, t);
  return t;
}

// Reads a task document and, if it `extends` another task file in the same folder, lays it over
// that one. Each file is schema-checked on its own so errors point at the right file and line.
YAML::Node LoadWithBase(const std::string& path, int depth) {
  YamlReader r(path);
  YAML::Node doc = r.LoadFile();
  r.RequireMap(doc, "");
  CheckSchema(r, doc, "", false);
  if (const YAML::Node profiles = doc["profiles"]) {
    r.RequireMap(profiles, "profiles");
    for (const auto& kv : profiles) CheckSchema(r, kv.second, "profiles." + kv.first.Scalar(), true);
  }
  const YAML::Node ext = doc["extends"];
  if (!ext) return doc;
  if (depth > 8) r.Fail(ext, "extends", "chain is too deep (a cycle?)");
  const std::string base_path =
      (std::filesystem::path(path).parent_path() / (r.String(ext, "extends") + ".yaml")).string();
  if (!std::filesystem::exists(base_path))
    r.Fail(ext, "extends", "no task file " + base_path);
  YAML::Node own(YAML::NodeType::Map);
  for (const auto& kv : doc)
    if (kv.first.Scalar() != "extends") own[kv.first.Scalar()] = kv.second;
  return MergeYaml(LoadWithBase(base_path, depth + 1), own);
}

}  // namespace

std::vector<std::string> TaskProfiles(const std::string& path) {
  const YAML::Node doc = LoadWithBase(path, 0);
  std::vector<std::string> out;
  if (const YAML::Node p = doc["profiles"])
    for (const auto& kv : p) out.push_back(kv.first.Scalar());
  return out;
}

TaskSpec LoadTaskFile(const std::string& path, const std::string& profile) {
  YamlReader r(path);
  const YAML::Node doc = LoadWithBase(path, 0);
  const YAML::Node profiles = doc["profiles"];
  std::string chosen = profile;
  if (chosen.empty() && doc["default_profile"])
    chosen = r.String(doc["default_profile"], "default_profile");
  // A task without profiles is the same under every profile.
  if (!profiles) chosen.clear();
  YAML::Node merged = doc;
  if (!chosen.empty()) {
    if (!profiles[chosen])
      throw data::InputError(path, 0, "profiles",
                             "task '" + (doc["name"] ? doc["name"].Scalar() : path) +
                                 "' has no profile '" + chosen + "'");
    merged = MergeYaml(doc, profiles[chosen]);
  }
  TaskSpec t = Extract(r, merged);
  t.file = path;
  t.profile = chosen;
  t.hash = data::Sha256Hex(YAML::Dump(merged));
  return t;
}

}  // namespace clue::tasks
