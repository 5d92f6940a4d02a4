#include "clue/cli/metrics_cmd.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "clue/cli/commands.h"
#include "clue/cli/run_cmd.h"
#include "clue/data/input_error.h"
#include "clue/metrics/bleu.h"
#include "clue/metrics/chrf.h"
#include "clue/metrics/registry.h"
#include "clue/metrics/rouge.h"

namespace clue::cli {
namespace {

using metrics::Metric;
using OJson = nlohmann::ordered_json;

bool IsRougeType(const std::string& name) {
  if (name == "rougeL" || name == "rougeLsum") return true;
  return name.size() == 6 && name.compare(0, 5, "rouge") == 0 && name[5] >= '1' && name[5] <= '9';
}

// One configured metric plus its running corpus accumulators.
struct Slot {
  std::string name;  // "rouge" for the grouped ROUGE types
  std::unique_ptr<Metric> metric;
  std::vector<double> stats;       // current chunk, row-major
  std::vector<double> stat_sum;    // bleu / chrf: corpus = value of the summed statistics
  std::vector<double> value_sum;   // everything else: corpus = mean of sample values
};

// Metric options from --set "<metric>.<option>=<value>" (value parsed as JSON when it is JSON).
nlohmann::json OptionsFor(const std::string& metric, const MetricsOptions& opt) {
  nlohmann::json o = nlohmann::json::object();
  const std::string prefix = metric + ".";
  for (const auto& [key, value] : opt.settings) {
    if (key.rfind(prefix, 0) != 0) continue;
    nlohmann::json v = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    o[key.substr(prefix.size())] = v.is_discarded() ? nlohmann::json(value) : v;
  }
  return o;
}

std::vector<Slot> BuildSlots(const MetricsOptions& opt, const metrics::MetricContext& ctx) {
  std::vector<Slot> slots;
  std::vector<std::string> rouge_types;
  std::vector<std::string> others;
  for (const auto& m : opt.metrics) {
    if (IsRougeType(m)) rouge_types.push_back(m);
    else if (m == "rouge") rouge_types.insert(rouge_types.end(), {"rouge1", "rouge2", "rougeL", "rougeLsum"});
    else others.push_back(m);
  }
  auto add = [&](const std::string& name, const nlohmann::json& options) {
    metrics::MetricOrReason made;
    try {
      made = metrics::CreateMetric(name, options, ctx);
    } catch (const std::invalid_argument& e) {
      throw data::InputError("--metrics", 0, "", e.what());
    }
    if (auto* nc = std::get_if<metrics::NotComputed>(&made))
      throw std::invalid_argument("metric " + name + " cannot run here: " + nc->reason);
    Slot s;
    s.name = name;
    s.metric = std::move(std::get<std::unique_ptr<Metric>>(made));
    s.stat_sum.assign(s.metric->stat_count(), 0.0);
    s.value_sum.assign(s.metric->values().size(), 0.0);
    slots.push_back(std::move(s));
  };
  if (!rouge_types.empty()) {
    nlohmann::json o = OptionsFor("rouge", opt);
    o["types"] = rouge_types;
    if (opt.stem) o["stem"] = true;
    add("rouge", o);
  }
  for (const auto& m : others) add(m, OptionsFor(m, opt));
  if (slots.empty()) throw std::invalid_argument("--metrics: no metric given");
  return slots;
}

bool SumsStats(const Metric& m) {
  return dynamic_cast<const metrics::BleuMetric*>(&m) || dynamic_cast<const metrics::ChrfMetric*>(&m);
}

struct Record {
  OJson json;
  std::vector<std::string> refs;
  int line = 0;
};

Record ParseLine(const std::string& text, const std::string& in_name, int line) {
  Record r;
  r.line = line;
  try {
    r.json = OJson::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw data::InputError(in_name, line, "", std::string("invalid JSON: ") + e.what());
  }
  if (!r.json.is_object()) throw data::InputError(in_name, line, "", "expected a JSON object");
  auto p = r.json.find("prediction");
  if (p == r.json.end()) throw data::InputError(in_name, line, "prediction", "missing");
  if (!p->is_string()) throw data::InputError(in_name, line, "prediction", "must be a string");
  auto ref = r.json.find("reference");
  if (ref == r.json.end()) throw data::InputError(in_name, line, "reference", "missing");
  if (ref->is_string()) {
    r.refs.push_back(ref->get<std::string>());
  } else if (ref->is_array()) {
    for (const auto& x : *ref) {
      if (!x.is_string())
        throw data::InputError(in_name, line, "reference", "list items must be strings");
      r.refs.push_back(x.get<std::string>());
    }
    if (r.refs.empty()) throw data::InputError(in_name, line, "reference", "empty list");
  } else {
    throw data::InputError(in_name, line, "reference", "must be a string or a list of strings");
  }
  return r;
}

// Adds slot's outputs for sample i to the record.
void AddOutputs(const Slot& s, size_t i, std::vector<double>& values, OJson& out) {
  const Metric& m = *s.metric;
  values.resize(m.values().size());
  m.SampleValues(s.stats.data() + i * m.stat_count(), values.data());
  if (s.name == "rouge") {
    for (size_t k = 0; k + 2 < values.size(); k += 3) {
      const std::string& v = m.values()[k].name;
      out[v.substr(0, v.size() - 2)] = {{"p", values[k]}, {"r", values[k + 1]}, {"f", values[k + 2]}};
    }
  } else if (values.size() == 1 && m.values()[0].name == s.name) {
    out[s.name] = values[0];
  } else {
    OJson o = OJson::object();
    for (size_t k = 0; k < values.size(); ++k) o[m.values()[k].name] = values[k];
    out[s.name] = o;
  }
}

void Accumulate(Slot& s, size_t n, std::vector<double>& values) {
  const size_t k = s.metric->stat_count();
  for (size_t i = 0; i < n; ++i) {
    if (SumsStats(*s.metric)) {
      for (size_t j = 0; j < k; ++j) s.stat_sum[j] += s.stats[i * k + j];
    } else {
      values.resize(s.metric->values().size());
      s.metric->SampleValues(s.stats.data() + i * k, values.data());
      for (size_t j = 0; j < values.size(); ++j) s.value_sum[j] += values[j];
    }
  }
}

void ScoreChunk(std::vector<Record>& chunk, std::vector<Slot>& slots, const std::string& in_name,
                std::ostream& out) {
  std::vector<metrics::MetricInput> inputs(chunk.size());
  for (size_t i = 0; i < chunk.size(); ++i) {
    inputs[i].prediction = chunk[i].json["prediction"].get_ref<const std::string&>();
    inputs[i].references = chunk[i].refs;
    inputs[i].answer = nullptr;
    inputs[i].gold = nullptr;
  }
  std::vector<double> values;
  for (Slot& s : slots) {
    s.stats.assign(chunk.size() * s.metric->stat_count(), 0.0);
    const auto errors = s.metric->ScoreAll(inputs, s.stats.data());
    for (size_t i = 0; i < errors.size(); ++i)
      if (!errors[i].empty()) throw data::InputError(in_name, chunk[i].line, s.name, errors[i]);
    Accumulate(s, chunk.size(), values);
  }
  std::string buf;
  for (size_t i = 0; i < chunk.size(); ++i) {
    OJson& j = chunk[i].json;
    for (const Slot& s : slots) AddOutputs(s, i, values, j);
    buf += j.dump();
    buf += '\n';
  }
  out << buf;
  out.flush();
}

// Whole numbers (n-gram counts, lengths) print as integers.
OJson Numbers(const std::vector<double>& xs) {
  OJson a = OJson::array();
  for (double x : xs) {
    if (x == static_cast<double>(static_cast<long long>(x))) a.push_back(static_cast<long long>(x));
    else a.push_back(x);
  }
  return a;
}

OJson Summary(const std::vector<Slot>& slots, size_t n, const std::string& nrefs) {
  OJson sum = {{"n", n}};
  for (const Slot& s : slots) {
    const Metric& m = *s.metric;
    if (auto* bleu = dynamic_cast<const metrics::BleuMetric*>(&m)) {
      const auto r = bleu->FromStats(s.stat_sum.data(), bleu->options().effective_order);
      sum[s.name] = {{"score", n ? r.score : 0.0}, {"signature", bleu->Signature(nrefs, bleu->options().effective_order)},
                     {"counts", Numbers(r.counts)}, {"totals", Numbers(r.totals)},
                     {"precisions", r.precisions}, {"bp", r.bp},
                     {"sys_len", static_cast<long long>(r.sys_len)},
                     {"ref_len", static_cast<long long>(r.ref_len)}};
    } else if (auto* chrf = dynamic_cast<const metrics::ChrfMetric*>(&m)) {
      double v = 0;
      chrf->CorpusValues(s.stat_sum.data(), 1, nullptr, &v);
      sum[s.name] = {{"score", n ? v : 0.0}, {"signature", chrf->Signature(nrefs)}};
    } else if (s.name == "rouge") {
      for (size_t k = 0; k + 2 < m.values().size(); k += 3) {
        const std::string& v = m.values()[k].name;
        const double d = n ? static_cast<double>(n) : 1.0;
        sum[v.substr(0, v.size() - 2)] = {{"mean_p", s.value_sum[k] / d},
                                          {"mean_r", s.value_sum[k + 1] / d},
                                          {"mean_f", s.value_sum[k + 2] / d}};
      }
    } else {
      OJson o = OJson::object();
      for (size_t k = 0; k < m.values().size(); ++k)
        o["mean_" + m.values()[k].name] = n ? s.value_sum[k] / static_cast<double>(n) : 0.0;
      sum[s.name] = o;
    }
  }
  return sum;
}

}  // namespace

void RunMetrics(const MetricsOptions& opt, std::istream& in, const std::string& in_name,
                std::ostream& out, std::ostream& summary) {
  metrics::MetricContext ctx;
  for (const auto& [k, v] : opt.settings) ctx.settings[k] = v;
  if (opt.threads > 0) ctx.settings["threads"] = std::to_string(opt.threads);
  std::vector<Slot> slots = BuildSlots(opt, ctx);
  std::vector<Record> chunk;
  size_t n = 0;
  long nrefs = -2;  // -2: none seen yet, -1: variable
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos)
      throw data::InputError(in_name, line_no, "", "empty line (expected a JSON object)");
    chunk.push_back(ParseLine(line, in_name, line_no));
    const long r = static_cast<long>(chunk.back().refs.size());
    nrefs = nrefs == -2 ? r : (nrefs == r ? r : -1);
    if (chunk.size() >= opt.chunk_lines) {
      ScoreChunk(chunk, slots, in_name, out);
      n += chunk.size();
      chunk.clear();
    }
  }
  if (!chunk.empty()) ScoreChunk(chunk, slots, in_name, out);
  n += chunk.size();
  const std::string nrefs_str = nrefs == -1 ? "var" : std::to_string(nrefs < 0 ? 0 : nrefs);
  summary << Summary(slots, n, nrefs_str).dump(2) << "\n";
}

void AddMetricsCommand(CLI::App& app) {
  auto opt = std::make_shared<MetricsOptions>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "metrics",
      "Score JSONL lines {\"prediction\": str, \"reference\": str | [str]} from stdin with ROUGE "
      "(rouge-score 0.1.2), BLEU / chrF (sacrebleu 2.6.0) or any registered metric; writes each "
      "line back with its scores to stdout and a corpus summary to stderr.");
  cmd->add_option("--metrics", opt->metrics,
                  "Comma-separated: rouge1..rouge9, rougeL, rougeLsum, rouge, bleu, chrf, chrf++, "
                  "or another registered metric")
      ->delimiter(',')
      ->required();
  cmd->add_flag("--stem", opt->stem, "Porter-stem ROUGE tokens (rouge-score use_stemmer=True)");
  cmd->add_option("--threads", opt->threads, "Worker threads (default: all cores)");
  cmd->add_option("--summary", opt->summary_path, "Write the corpus summary here instead of stderr");
  cmd->add_option("--set", *sets,
                  "key=value: a metric option as <metric>.<option> (e.g. bleu.tokenize=intl, "
                  "chrf.word_order=2) or a metric setting (e.g. bertscore.model=DIR)");
  AddMetricSugarFlags(*cmd, *sets);
  cmd->callback([opt, sets] {
    for (const auto& kv : *sets) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw data::InputError("--set", 0, "", "expected key=value, got '" + kv + "'");
      opt->settings[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    std::ios::sync_with_stdio(false);
    if (opt->summary_path.empty()) {
      RunMetrics(*opt, std::cin, "<stdin>", std::cout, std::cerr);
      return;
    }
    std::ofstream summary(opt->summary_path);
    if (!summary) throw data::InputError(opt->summary_path, 0, "", "cannot write summary file");
    RunMetrics(*opt, std::cin, "<stdin>", std::cout, summary);
    if (!summary.flush()) throw data::InputError(opt->summary_path, 0, "", "write failed");
  });
}

}  // namespace clue::cli
