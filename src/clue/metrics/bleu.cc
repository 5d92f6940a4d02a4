#include "clue/metrics/bleu.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "clue/metrics/ngram_ids.h"
#include "clue/metrics/parallel.h"
#include "clue/metrics/text_util.h"

namespace clue::metrics {
namespace {

double MyLog(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

double DefaultSmoothValue(BleuSmooth s) {
  return s == BleuSmooth::kFloor ? 0.1 : s == BleuSmooth::kAddK ? 1.0 : 0.0;
}

struct Workspace {
  std::vector<std::string> texts;  // [0] hypothesis, [1..] references, tokenized
  std::vector<std::string_view> words;
  std::vector<std::vector<uint32_t>> grams;  // per text: ids of the current order's n-grams
  std::vector<size_t> lens;
  TokenInterner interner;
  IdPairMap pairs;
  std::vector<int32_t> best, tmp;  // per n-gram id: max count over refs, one ref's count
};

Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

// sacrebleu's _get_closest_ref_len: nearest length, the shorter one on ties.
double ClosestRefLen(size_t hyp_len, const std::vector<size_t>& lens) {
  long best_diff = -1, best_len = -1;
  for (size_t k = 1; k < lens.size(); ++k) {
    const long len = static_cast<long>(lens[k]);
    const long diff = std::labs(static_cast<long>(hyp_len) - len);
    if (best_diff == -1 || diff < best_diff) {
      best_diff = diff;
      best_len = len;
    } else if (diff == best_diff && len < best_len) {
      best_len = len;
    }
  }
  return static_cast<double>(best_len);
}

}  // namespace

BleuResult ComputeBleu(std::span<const double> correct_in, std::span<const double> total_in,
                       double sys_len, double ref_len, BleuSmooth smooth, double smooth_value,
                       bool effective_order, int max_ngram_order) {
  if (smooth_value < 0) smooth_value = DefaultSmoothValue(smooth);
  BleuResult r;
  r.counts.assign(correct_in.begin(), correct_in.end());
  r.totals.assign(total_in.begin(), total_in.end());
  r.sys_len = sys_len;
  r.ref_len = ref_len;
  r.bp = 1.0;
  if (sys_len < ref_len) r.bp = sys_len > 0 ? std::exp(1 - ref_len / sys_len) : 0.0;
  r.precisions.assign(static_cast<size_t>(max_ngram_order), 0.0);
  bool any = false;
  for (double c : r.counts) any = any || c != 0;
  if (!any) return r;  // sacrebleu #141: no matches at all scores 0
  double smooth_mteval = 1.0;
  int eff_order = max_ngram_order;
  for (int n = 1; n <= max_ngram_order; ++n) {
    double& c = r.counts[n - 1];
    double& t = r.totals[n - 1];
    if (smooth == BleuSmooth::kAddK && n > 1) {
      c += smooth_value;
      t += smooth_value;
    }
    if (t == 0) break;
    if (effective_order) eff_order = n;
    if (c == 0) {
      if (smooth == BleuSmooth::kExp) {
        smooth_mteval *= 2;
        r.precisions[n - 1] = 100. / (smooth_mteval * t);
      } else if (smooth == BleuSmooth::kFloor) {
        r.precisions[n - 1] = 100. * smooth_value / t;
      }
    } else {
      r.precisions[n - 1] = 100. * c / t;
    }
  }
  double sum = 0;
  for (int n = 0; n < eff_order; ++n) sum += MyLog(r.precisions[n]);
  r.score = r.bp * std::exp(sum / eff_order);
  return r;
}

void BleuSegmentStats(std::string_view hypothesis, std::span<const std::string> references,
                      const BleuOptions& opt, double* stats) {
  if (references.empty()) throw std::invalid_argument("no reference text");
  Workspace& ws = ThreadWorkspace();
  const size_t texts = references.size() + 1;
  const auto order = static_cast<size_t>(opt.max_ngram_order);
  ws.texts.resize(texts);
  ws.grams.resize(texts);
  ws.lens.resize(texts);
  BleuPreprocess(hypothesis, opt.tokenizer, opt.lowercase, ws.texts[0]);
  for (size_t k = 1; k < texts; ++k)
    BleuPreprocess(references[k - 1], opt.tokenizer, opt.lowercase, ws.texts[k]);
  // Unigram ids, shared across hypothesis and references.
  size_t total_tokens = 0;
  ws.interner.Reset(64);
  for (size_t k = 0; k < texts; ++k) {
    ws.words.clear();
    PySplit(ws.texts[k], ws.words);
    ws.lens[k] = ws.words.size();
    total_tokens += ws.words.size();
    ws.grams[k].clear();
    for (auto w : ws.words) ws.grams[k].push_back(ws.interner.Intern(w));
  }
  const size_t hyp_len = ws.lens[0];
  stats[0] = static_cast<double>(hyp_len);
  stats[1] = ClosestRefLen(hyp_len, ws.lens);
  thread_local std::vector<std::vector<uint32_t>> unigrams;
  unigrams.resize(texts);
  for (size_t k = 0; k < texts; ++k) unigrams[k] = ws.grams[k];
  uint32_t id_count = ws.interner.size();
  for (size_t n = 1; n <= order; ++n) {
    if (n > 1) {  // extend (n-1)-gram ids by one token
      ws.pairs.Reset(total_tokens);
      for (size_t k = 0; k < texts; ++k) {
        auto& g = ws.grams[k];
        const size_t count = ws.lens[k] >= n ? ws.lens[k] - n + 1 : 0;
        for (size_t i = 0; i < count; ++i)
          g[i] = ws.pairs.Intern((uint64_t{g[i]} << 32) | unigrams[k][i + n - 1]);
        g.resize(count);
      }
      id_count = ws.pairs.size();
    }
    // Reference budget: max count of each n-gram over the references.
    ws.best.assign(id_count, 0);
    ws.tmp.assign(id_count, 0);
    for (size_t k = 1; k < texts; ++k) {
      for (uint32_t id : ws.grams[k]) ++ws.tmp[id];
      for (uint32_t id : ws.grams[k]) {
        ws.best[id] = std::max(ws.best[id], ws.tmp[id]);
      }
      for (uint32_t id : ws.grams[k]) ws.tmp[id] = 0;
    }
    double correct = 0;
    for (uint32_t id : ws.grams[0]) {
      if (ws.best[id] > 0) {
        --ws.best[id];
        ++correct;
      }
    }
    stats[2 + n - 1] = correct;
    stats[2 + order + n - 1] = static_cast<double>(ws.grams[0].size());
  }
}

BleuMetric::BleuMetric(const nlohmann::json& options, const MetricContext& ctx)
    : threads_(ThreadsSetting(ctx)) {
  for (const auto& [key, v] : options.items()) {
    auto bad = [&](const char* what) {
      throw std::invalid_argument("bleu: option " + key + " must be " + what);
    };
    if (key == "name") continue;
    if (key == "tokenize") {
      if (!v.is_string()) bad("a string");
      opt_.tokenizer = ParseBleuTokenizer(v.get<std::string>());
    } else if (key == "lowercase") {
      if (!v.is_boolean()) bad("true/false");
      opt_.lowercase = v.get<bool>();
    } else if (key == "smooth_method") {
      const std::string m = v.is_string() ? v.get<std::string>() : "";
      if (m == "exp") opt_.smooth = BleuSmooth::kExp;
      else if (m == "floor") opt_.smooth = BleuSmooth::kFloor;
      else if (m == "add-k") opt_.smooth = BleuSmooth::kAddK;
      else if (m == "none") opt_.smooth = BleuSmooth::kNone;
      else bad("one of exp, floor, add-k, none");
    } else if (key == "smooth_value") {
      if (v.is_null()) continue;
      if (!v.is_number() || v.get<double>() < 0) bad("a non-negative number");
      opt_.smooth_value = v.get<double>();
    } else if (key == "max_ngram_order") {
      if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 16) bad("an integer 1..16");
      opt_.max_ngram_order = v.get<int>();
    } else if (key == "effective_order") {
      if (!v.is_boolean()) bad("true/false");
      opt_.effective_order = v.get<bool>();
    } else {
      throw std::invalid_argument("bleu: unknown option '" + key + "'");
    }
  }
  values_ = {{"bleu", 1.0}};
}

void BleuMetric::Score(const MetricInput& in, double* stats) const {
  BleuSegmentStats(in.prediction, in.references, opt_, stats);
}

std::vector<std::string> BleuMetric::ScoreAll(std::span<const MetricInput> in,
                                              double* stats) const {
  return ScoreAllInParallel(in, stats, threads_);
}

BleuResult BleuMetric::FromStats(const double* stats, bool effective_order) const {
  const auto n = static_cast<size_t>(opt_.max_ngram_order);
  return ComputeBleu(std::span<const double>(stats + 2, n), std::span<const double>(stats + 2 + n, n),
                     stats[0], stats[1], opt_.smooth, opt_.smooth_value, effective_order,
                     opt_.max_ngram_order);
}

void BleuMetric::SampleValues(const double* stats, double* out) const {
  out[0] = FromStats(stats, /*effective_order=*/true).score;
}

void BleuMetric::CorpusValues(const double* stats, size_t n, const double* weights,
                              double* out) const {
  std::vector<double> sum(stat_count());
  const double total_weight = WeightedStatSum(stats, n, weights, sum.data());
  out[0] = total_weight > 0 ? FromStats(sum.data(), opt_.effective_order).score : std::nan("");
}

std::string BleuMetric::Signature(const std::string& nrefs, bool effective_order) const {
  static const char* kSmoothNames[] = {"exp", "floor", "add-k", "none"};
  std::string smooth = kSmoothNames[static_cast<int>(opt_.smooth)];
  if (opt_.smooth == BleuSmooth::kFloor || opt_.smooth == BleuSmooth::kAddK) {
    const double v = opt_.smooth_value < 0 ? DefaultSmoothValue(opt_.smooth) : opt_.smooth_value;
    char buf[64];
    std::snprintf(buf, sizeof buf, "[%.2f]", v);
    smooth += buf;
  }
  return "nrefs:" + nrefs + "|case:" + (opt_.lowercase ? "lc" : "mixed") +
         "|eff:" + (effective_order ? "yes" : "no") + "|tok:" + BleuTokenizerName(opt_.tokenizer) +
         "|smooth:" + smooth + "|version:" + kSacrebleuVersion;
}

MetricOrReason MakeBleu(const nlohmann::json& options, const MetricContext& ctx) {
  return std::make_unique<BleuMetric>(options, ctx);
}

}  // namespace clue::metrics
