#include "clue/metrics/bertscore.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <limits>
#include <mutex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <utf8proc.h>

#include "clue/metrics/bert/bert_scorer.h"

namespace clue::metrics {
namespace {

namespace fs = std::filesystem;
using bert::BertScorer;

// Python's str.lower() for CLUE's 2024 preprocessing (lowercasing pred and ref before scoring):
// the simple mapping plus U+0130 -> "i" U+0307 and the final-sigma rule.
std::string PythonLower(const std::string& s) {
  std::u32string cps;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) { cp = 0xFFFD; n = 1; }
    cps.push_back(static_cast<char32_t>(cp));
    p += n;
    left -= n;
  }
  auto cased = [](char32_t c) {
    auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT;
  };
  auto ignorable = [](char32_t c) {
    auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CF ||
           cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_SK || c == '\'' || c == 0x2019 ||
           c == '.' || c == ':' || c == 0xB7;
  };
  std::string out;
  auto put = [&](char32_t c) {
    utf8proc_uint8_t buf[4];
    out.append(reinterpret_cast<char*>(buf), utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf));
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    if (c == 0x130) { put('i'); put(0x307); continue; }
    if (c == 0x3A3) {
      size_t b = i;
      while (b > 0 && ignorable(cps[b - 1])) --b;
      size_t a = i + 1;
      while (a < cps.size() && ignorable(cps[a])) ++a;
      const bool final_sigma = b > 0 && cased(cps[b - 1]) && !(a < cps.size() && cased(cps[a]));
      put(final_sigma ? 0x3C2 : 0x3C3);
      continue;
    }
    put(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
  }
  return out;
}

std::string ModelBasename(const std::string& model) {
  const size_t slash = model.rfind('/');
  return slash == std::string::npos ? model : model.substr(slash + 1);
}

std::string Setting(const MetricContext& ctx, const std::string& key, const char* env) {
  if (const std::string* v = ctx.Find(key); v && !v->empty()) return *v;
  const char* e = std::getenv(env);
  return e ? std::string(e) : std::string();
}

// Loaded models are shared by every task of a run (and so is their embedding cache).
std::shared_ptr<BertScorer> SharedScorer(const std::string& dir, int layer) {
  static std::mutex mu;
  static std::map<std::pair<std::string, int>, std::shared_ptr<BertScorer>> scorers;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(fs::weakly_canonical(dir).string(), layer);
  auto& slot = scorers[key];
  if (!slot) slot = BertScorer::FromDirectory(dir, layer);
  return slot;
}

class BertScoreMetric : public Metric {
 public:
  BertScoreMetric(std::shared_ptr<BertScorer> scorer, bert::BertScoreOptions opt, bool lowercase)
      : scorer_(std::move(scorer)), opt_(std::move(opt)), lowercase_(lowercase) {}

  const std::vector<ValueSpec>& values() const override {
    static const std::vector<ValueSpec> v = {{"BERT_P", 100}, {"BERT_R", 100}, {"BERT_F1", 100}};
    return v;
  }

  void Score(const MetricInput& in, double* stats) const override {
    std::vector<std::string> err = ScoreAll(std::span<const MetricInput>(&in, 1), stats);
    if (!err[0].empty()) throw std::invalid_argument(err[0]);
  }

  // All samples are scored in one bert_score call: pairs batched as score() batches them and
  // every distinct text embedded once.
  std::vector<std::string> ScoreAll(std::span<const MetricInput> in, double* stats) const override {
    std::vector<std::string> errors(in.size());
    std::vector<std::string> cands;
    std::vector<std::vector<std::string>> refs;
    std::vector<size_t> rows;
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i].references.empty()) {
        errors[i] = "bertscore: sample has no reference text";
        for (int c = 0; c < 3; ++c) stats[i * 3 + c] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      cands.push_back(Prep(std::string(in[i].prediction)));
      refs.emplace_back();
      for (const auto& r : in[i].references) refs.back().push_back(Prep(r));
      rows.push_back(i);
    }
    if (cands.empty()) return errors;
    const std::vector<bert::Prf> prf = scorer_->Score(cands, refs, opt_);
    for (size_t k = 0; k < rows.size(); ++k)
      for (int c = 0; c < 3; ++c) stats[rows[k] * 3 + c] = prf[k][c];
    return errors;
  }

 private:
  std::string Prep(const std::string& s) const { return lowercase_ ? PythonLower(s) : s; }

  std::shared_ptr<BertScorer> scorer_;
  bert::BertScoreOptions opt_;
  bool lowercase_;
};

std::string HowToGetModel(const std::string& model) {
  const std::string base = ModelBasename(model);
  return fmt::format(
      "BERTScore needs the model '{0}' as a local directory. Download it with "
      "`huggingface-cli download {0} --local-dir MODELS/{1}` (or `git lfs install && git clone "
      "https://huggingface.co/{0} MODELS/{1}`); it needs config.json, vocab.txt and "
      "pytorch_model.bin or model.safetensors (tokenizer_config.json if the repo has one). Then pass "
      "--bertscore-model MODELS/{1} or --set bertscore.models_dir=MODELS, or set "
      "CLUE_BERTSCORE_MODEL / CLUE_BERTSCORE_MODELS_DIR.",
      model, base);
}

}  // namespace

int DefaultBertScoreLayer(const std::string& model) {
  // Keyed by basename, so a local directory named like its repository (as huggingface-cli
  // --local-dir models/<basename> makes it) finds its layer too.
  static const std::map<std::string, int> layers = {
      {"scibert_scivocab_uncased", 8}, {"scibert_scivocab_cased", 9},
      {"scibert_basevocab_uncased", 9}, {"Bio_ClinicalBERT", 9},
      {"bert-base-uncased", 9},         {"bert-large-uncased", 18},
      {"bert-base-multilingual-cased", 9}};
  std::string m = model;
  while (m.size() > 1 && m.back() == '/') m.pop_back();
  auto it = layers.find(ModelBasename(m));
  return it == layers.end() ? -1 : it->second;
}

MetricOrReason MakeBertScore(const nlohmann::json& options, const MetricContext& ctx) {
  // "models_dir" is a context setting; `clue metrics --set bertscore.<key>=...` also passes
  // settings as options, so it is accepted here and ignored.
  static const std::set<std::string> known = {"model", "layer", "lowercase", "idf", "baseline",
                                              "batch_size", "models_dir"};
  if (!options.is_null() && !options.is_object())
    throw std::invalid_argument("bertscore: options must be a mapping");
  for (const auto& [k, _] : options.items())
    if (!known.count(k)) throw std::invalid_argument("bertscore: unknown option '" + k + "'");
  auto get = [&](const char* key, auto def) {
    using T = decltype(def);
    if (!options.contains(key)) return def;
    try {
      return options.at(key).get<T>();
    } catch (const std::exception&) {
      throw std::invalid_argument(std::string("bertscore: option '") + key + "' has the wrong type");
    }
  };
  const std::string model = get("model", std::string("allenai/scibert_scivocab_uncased"));
  std::string dir = Setting(ctx, "bertscore.model", "CLUE_BERTSCORE_MODEL");
  int layer = get("layer", DefaultBertScoreLayer(model));
  if (layer < 0 && !dir.empty()) layer = DefaultBertScoreLayer(dir);
  if (const std::string* l = ctx.Find("bertscore.layer"); l && !l->empty()) {
    try {
      size_t used = 0;
      layer = std::stoi(*l, &used);
      if (used != l->size()) throw std::invalid_argument(*l);
    } catch (const std::exception&) {
      throw std::invalid_argument("bertscore.layer: not an integer: '" + *l + "'");
    }
  }
  if (layer < 0)
    throw std::invalid_argument("bertscore: model '" + model +
                                "' has no default bert_score layer; give 'layer' (or --bertscore-layer)");
  bert::BertScoreOptions opt;
  opt.idf = get("idf", false);
  const int batch = get("batch_size", 64);
  if (batch <= 0) throw std::invalid_argument("bertscore: batch_size must be positive");
  opt.batch_size = static_cast<size_t>(batch);
  const std::string baseline = get("baseline", std::string());
  if (!baseline.empty()) opt.baseline = bert::ReadBaseline(baseline, layer);

  if (dir.empty()) {
    const std::string root = Setting(ctx, "bertscore.models_dir", "CLUE_BERTSCORE_MODELS_DIR");
    if (!root.empty()) dir = (fs::path(root) / ModelBasename(model)).string();
  }
  if (dir.empty()) return NotComputed{"no model directory given. " + HowToGetModel(model)};
  if (!fs::exists(fs::path(dir) / "config.json"))
    return NotComputed{"'" + dir + "' has no config.json. " + HowToGetModel(model)};
  return std::make_unique<BertScoreMetric>(SharedScorer(dir, layer), std::move(opt),
                                           get("lowercase", false));
}

}  // namespace clue::metrics
