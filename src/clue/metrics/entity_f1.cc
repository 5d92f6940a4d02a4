#include "clue/metrics/entity_f1.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "clue/metrics/parallel.h"
#include "clue/metrics/plugin_metric.h"

namespace clue::metrics {
namespace {

using nlohmann::json;
namespace cc = clue::metrics::concepts;

std::vector<std::string> SplitList(const json& v, const char* what) {
  std::vector<std::string> out;
  auto add_csv = [&](const std::string& s) {
    size_t start = 0;
    while (start <= s.size()) {
      size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      std::string item = s.substr(start, comma - start);
      while (!item.empty() && item.front() == ' ') item.erase(0, 1);
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
  };
  if (v.is_string()) {
    add_csv(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& x : v) {
      if (!x.is_string()) throw std::invalid_argument(std::string(what) + ": expected strings");
      out.push_back(x.get<std::string>());
    }
  } else {
    throw std::invalid_argument(std::string(what) + ": expected a string or a list of strings");
  }
  return out;
}

template <typename T>
T Get(const json& o, const char* key, T dflt) {
  if (!o.contains(key)) return dflt;
  try {
    return o.at(key).get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string(key) + ": wrong type (" + o.at(key).dump() + ")");
  }
}

cc::MatcherOptions ParseMatcherOptions(const json& o) {
  cc::MatcherOptions m;
  m.threshold = Get<double>(o, "threshold", m.threshold);
  if (!(m.threshold > 0 && m.threshold <= 1))
    throw std::invalid_argument("threshold: must be in (0, 1]");
  const std::string sim = Get<std::string>(o, "similarity", "cosine");
  if (sim == "jaccard") m.similarity = cc::Similarity::kJaccard;
  else if (sim != "cosine") throw std::invalid_argument("similarity: expected cosine or jaccard");
  m.max_tokens = Get<int>(o, "max_tokens", m.max_tokens);
  if (m.max_tokens < 1 || m.max_tokens > 20) throw std::invalid_argument("max_tokens: must be 1..20");
  m.min_length = Get<int>(o, "min_length", m.min_length);
  if (m.min_length < 1) throw std::invalid_argument("min_length: must be >= 1");
  if (o.contains("stopwords")) {
    if (o["stopwords"].is_boolean()) m.use_stopwords = o["stopwords"].get<bool>();
    else m.stopwords = SplitList(o["stopwords"], "stopwords");
  }
  const std::string prefer = Get<std::string>(o, "prefer", "score");
  if (prefer == "length") m.prefer_longest = true;
  else if (prefer != "score") throw std::invalid_argument("prefer: expected score or length");
  return m;
}

// One index per distinct input set for the whole process: Problem Summary and MeDiSumQA share it.
std::shared_ptr<const cc::ConceptIndex> SharedIndex(const cc::IndexSource& src) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const cc::ConceptIndex>> cache;
  std::string key = (src.options.fold_case ? "F|" : "K|") + std::to_string(src.options.min_threshold) + "|";
  for (const auto& d : src.dictionaries) key += d + "|";
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[key];
  if (!slot) slot = cc::LoadOrBuildIndex(src);
  return slot;
}

}  // namespace

void SetPrf(const std::set<std::string>& pred, const std::set<std::string>& gold, double out[3]) {
  size_t common = 0;
  for (const auto& p : pred) common += gold.count(p);
  const double p = pred.empty() ? 0.0 : double(common) / pred.size();
  const double r = gold.empty() ? 0.0 : double(common) / gold.size();
  out[0] = p;
  out[1] = r;
  out[2] = p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

EntityF1Metric::EntityF1Metric(std::shared_ptr<const cc::ConceptIndex> index,
                               cc::MatcherOptions matcher, bool compare_ids,
                               const std::string& prefix, unsigned threads)
    : index_(std::move(index)), matcher_opt_(std::move(matcher)), compare_ids_(compare_ids),
      values_{{prefix + "_P", 100}, {prefix + "_R", 100}, {prefix + "_F1", 100}},
      threads_(threads) {
  Return(Borrow());  // validates the matcher options now rather than at the first sample
}

std::unique_ptr<cc::Matcher> EntityF1Metric::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      auto m = std::move(pool_.back());
      pool_.pop_back();
      return m;
    }
  }
  return std::make_unique<cc::Matcher>(index_, matcher_opt_);
}

void EntityF1Metric::Return(std::unique_ptr<cc::Matcher> m) const {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(std::move(m));
}

std::set<std::string> EntityF1Metric::Concepts(std::string_view text) const {
  auto matcher = Borrow();
  std::set<std::string> out;
  for (auto& m : matcher->Match(text)) out.insert(compare_ids_ ? m.concept_id : m.canonical);
  Return(std::move(matcher));
  return out;
}

void EntityF1Metric::Score(const MetricInput& in, double* stats) const {
  std::set<std::string> gold;
  if (!in.references.empty()) {
    for (const auto& r : in.references) gold.merge(Concepts(r));
  } else if (in.gold && in.gold->is_string()) {
    gold = Concepts(in.gold->get<std::string>());
  }
  SetPrf(Concepts(in.prediction), gold, stats);
}

std::vector<std::string> EntityF1Metric::ScoreAll(std::span<const MetricInput> in,
                                                  double* stats) const {
  return ScoreAllInParallel(in, stats, threads_);
}

MetricOrReason MakeEntityF1(const json& options, const MetricContext& ctx) {
  const json o = options.is_null() ? json::object() : options;
  if (!o.is_object()) throw std::invalid_argument("entity_f1: options must be a mapping");
  const std::string prefix = Get<std::string>(o, "prefix", "UMLS");
  if (prefix.empty()) throw std::invalid_argument("prefix: must not be empty");
  // A plug-in (exact CLUE parity via scispaCy) takes precedence when configured.
  json plugin;
  if (o.contains("plugin")) plugin = o["plugin"];
  else if (const std::string* s = ctx.Find("entity_f1.plugin"); s && !s->empty()) plugin = *s;
  if (!plugin.is_null()) {
    json p = {{"command", plugin},
              {"values", {prefix + "_P", prefix + "_R", prefix + "_F1"}}};
    for (const char* k : {"timeout_s", "startup_timeout_s", "batch", "max_restarts"})
      if (o.contains(k)) p[k] = o[k];
    return std::make_unique<PluginMetric>(ParsePluginOptions(p));
  }
  cc::IndexSource src;
  if (o.contains("dictionaries")) {
    src.dictionaries = SplitList(o["dictionaries"], "dictionaries");
  } else if (const std::string* s = ctx.Find("concepts.dict"); s && !s->empty()) {
    src.dictionaries = SplitList(*s, "concepts.dict");
  } else if (const char* env = std::getenv("CLUE_CONCEPT_DICT"); env && *env) {
    src.dictionaries = SplitList(std::string(env), "CLUE_CONCEPT_DICT");
  }
  if (src.dictionaries.empty())
    return NotComputed{
        "entity_f1 needs a concept dictionary: pass --set concepts.dict=PATH[,PATH...] (UMLS "
        "MRCONSO.RRF, OBO, MeSH, DrugBank CSV or id/name TSV, optionally gzipped) or set "
        "CLUE_CONCEPT_DICT; or score with CLUE's scispaCy linker via --set "
        "entity_f1.plugin=\"python3 contrib/scispacy_umls_plugin.py\" (see docs/concepts.md)"};
  src.options.fold_case = Get<bool>(o, "case_fold", true);
  std::string cache_dir = Get<std::string>(o, "cache_dir", "");
  if (cache_dir.empty())
    if (const std::string* s = ctx.Find("concepts.cache_dir")) cache_dir = *s;
  if (cache_dir.empty()) cache_dir = cc::DefaultCacheDir();
  if (cache_dir != "off") src.cache_dir = cache_dir;
  const std::string compare = Get<std::string>(o, "compare", "names");
  if (compare != "names" && compare != "ids")
    throw std::invalid_argument("compare: expected names or ids");
  cc::MatcherOptions mopt = ParseMatcherOptions(o);
  // Thresholds >= 0.7 share the default index; a lower one needs its own (prefix filtering).
  src.options.min_threshold = std::min(0.7, mopt.threshold);
  return std::make_unique<EntityF1Metric>(SharedIndex(src), mopt, compare == "ids", prefix,
                                          ThreadsSetting(ctx));
}

}  // namespace clue::metrics
