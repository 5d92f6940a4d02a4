#include "clue/runner/instances.h"

#include <unordered_set>

#include "clue/backends/whitespace_tokenizer.h"
#include "clue/data/dataset.h"
#include "clue/data/input_error.h"
#include "clue/data/longhealth.h"
#include "clue/data/py_random.h"
#include "clue/tasks/longhealth_builder.h"
#include "clue/tasks/transforms.h"

namespace clue::runner {
namespace {

std::string IdOf(const data::Row& row, const std::string& id_field, size_t index,
                 const std::string& path) {
  if (id_field.empty()) return std::to_string(index);
  if (!row.fields.contains(id_field)) throw data::InputError(path, row.line, id_field, "missing");
  const auto& v = row.fields[id_field];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

TaskInstances BuildStandard(const tasks::TaskSpec& task, const std::string& path, size_t limit) {
  data::Dataset ds = data::LoadDataset(path, task.data_format);
  data::RequireStringFields(ds, task.required_fields);
  tasks::ApplyTransforms(task, ds);
  std::vector<size_t> order(ds.rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (task.shot_select == "shuffle") {
    // CLUE: random.seed(seed); random.shuffle(data); shots = data[:k]; eval = data[k:].
    data::PyRandom rng(static_cast<int64_t>(task.shot_seed));
    rng.Shuffle(order);
  }
  const size_t k = static_cast<size_t>(task.shot_count);
  if (ds.rows.size() <= k)
    throw data::InputError(path, 0, "", "has " + std::to_string(ds.rows.size()) +
                                            " rows; the task needs more than its " +
                                            std::to_string(k) + " shots");
  TaskInstances out;
  out.data_path = path;
  for (size_t i = 0; i < k; ++i) out.shots.push_back(ds.rows[order[i]].fields);
  out.available = order.size() - k;
  std::unordered_set<std::string> seen;
  for (size_t i = k; i < order.size(); ++i) {
    const data::Row& row = ds.rows[order[i]];
    Instance inst;
    inst.id = IdOf(row, task.id_field, order[i], path);
    if (!seen.insert(inst.id).second)
      throw data::InputError(path, row.line, task.id_field, "duplicate id '" + inst.id + "'");
    if (!row.fields.contains(task.gold_field))
      throw data::InputError(path, row.line, task.gold_field, "missing (the task's gold field)");
    inst.line = row.line;
    inst.fields = row.fields;
    inst.gold = row.fields[task.gold_field];
    inst.references = ReferencesOf(inst.gold);
    out.items.push_back(std::move(inst));
  }
  if (limit && out.items.size() > limit) out.items.resize(limit);
  for (auto& inst : out.items) inst.prompt = tasks::RenderPrompt(task, out.shots, inst.fields);
  return out;
}

TaskInstances BuildLongHealth(const tasks::TaskSpec& task, const std::string& path,
                              backends::Tokenizer* tokenizer, size_t limit) {
  const data::LongHealthData lh = data::LoadLongHealth(path);
  tasks::LongHealthOptions opts;
  const auto& o = task.builder_options;
  opts.task = o.value("task", 1);
  opts.prompts_per_question = o.value("prompts_per_question", 5);
  opts.max_len = o.value("max_len", static_cast<size_t>(8140));
  opts.seed = o.value("seed", static_cast<uint64_t>(1));
  opts.last_match_gold = o.value("last_match_gold", false);
  opts.system_prompt = task.system_prompt;
  opts.user_template = task.user_template;
  backends::WhitespaceTokenizer whitespace;
  std::vector<tasks::LongHealthPrompt> prompts =
      tasks::BuildLongHealthPrompts(lh, opts, tokenizer ? *tokenizer : whitespace);
  TaskInstances out;
  out.data_path = path;
  out.available = prompts.size();
  if (limit && prompts.size() > limit) prompts.resize(limit);
  for (auto& p : prompts) {
    Instance inst;
    inst.id = p.id;
    inst.cluster = p.patient + "/" + p.question_id;  // the 5 prompts of a question resample together
    inst.fields = std::move(p.fields);
    inst.gold = p.gold;
    inst.references = {p.gold};
    inst.prompt = tasks::RenderPrompt(task, {}, inst.fields);
    out.items.push_back(std::move(inst));
  }
  return out;
}

}  // namespace

std::vector<std::string> ReferencesOf(const nlohmann::json& gold) {
  if (gold.is_string()) return {gold.get<std::string>()};
  std::vector<std::string> refs;
  if (gold.is_array())
    for (const auto& g : gold)
      if (g.is_string()) refs.push_back(g.get<std::string>());
  return refs;
}

TaskInstances BuildInstances(const tasks::TaskSpec& task, const std::string& data_path,
                             backends::Tokenizer* tokenizer, size_t limit) {
  if (task.builder == "longhealth") return BuildLongHealth(task, data_path, tokenizer, limit);
  return BuildStandard(task, data_path, limit);
}

}  // namespace clue::runner
