#include "clue/metrics/chrf.h"

#include <cmath>
#include <stdexcept>

#include "clue/metrics/bleu.h"
#include "clue/metrics/ngram_ids.h"
#include "clue/metrics/parallel.h"
#include "clue/metrics/sacrebleu_tokenizer.h"
#include "clue/metrics/text_util.h"

namespace clue::metrics {
namespace {

bool IsPunct(char32_t c) {  // Python's string.punctuation
  return c < 0x80 && ((c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
                      (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E));
}

// One text's n-gram ids for every order: grams[o] (orders 0..char_order-1 are characters, the
// rest words). Ids are comparable across texts because the maps are shared per order.
struct TextGrams {
  std::u32string chars;
  std::vector<std::string_view> words;
  std::vector<std::vector<uint32_t>> grams;
};

struct Workspace {
  std::vector<TextGrams> texts;  // [0] hypothesis, [1..] references
  std::vector<std::string> lowered, word_store;
  std::vector<std::string_view> split;
  IdPairMap pairs;
  TokenInterner interner;
  std::vector<uint32_t> id_count;  // per order
  std::vector<int32_t> counts;
  std::vector<double> cur;
};

Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

// CHRF._remove_punctuation: split on whitespace, then peel one punctuation character off the end
// (or, failing that, the start) of each word longer than one character.
void ChrfWords(std::string_view text, std::vector<std::string_view>& split,
               std::vector<std::string_view>& out) {
  split.clear();
  out.clear();
  PySplit(text, split);
  for (std::string_view w : split) {
    size_t i = 0;
    const char32_t first = DecodeUtf8(w, i);
    if (i == w.size()) {  // a single character
      out.push_back(w);
      continue;
    }
    // Last character: step back over UTF-8 continuation bytes.
    size_t last = w.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(w[last]) & 0xC0) == 0x80) --last;
    size_t tmp = last;
    const char32_t final_cp = DecodeUtf8(w, tmp);
    if (IsPunct(final_cp)) {
      out.push_back(w.substr(0, last));
      out.push_back(w.substr(last));
    } else if (IsPunct(first)) {
      out.push_back(w.substr(0, i));
      out.push_back(w.substr(i));
    } else {
      out.push_back(w);
    }
  }
}

void ExtractChars(std::string_view text, bool whitespace, std::u32string& out) {
  out.clear();
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = DecodeUtf8(text, i);
    if (whitespace || !IsPySpace(cp)) out.push_back(cp);
  }
}

// Fills every text's gram ids for the sequence `seq(k)` at orders [first, first + count).
template <class Seq>
void BuildOrders(Workspace& ws, size_t texts, size_t first, size_t count, Seq seq) {
  for (size_t o = 0; o < count; ++o) {
    size_t total = 0;
    for (size_t k = 0; k < texts; ++k) total += seq(k).size();
    ws.pairs.Reset(total);
    for (size_t k = 0; k < texts; ++k) {
      const auto& s = seq(k);
      auto& g = ws.texts[k].grams[first + o];
      g.clear();
      const size_t n = o + 1;
      if (s.size() < n) continue;
      const auto& prev = ws.texts[k].grams[first + o - (o ? 1 : 0)];
      for (size_t i = 0; i + n <= s.size(); ++i) {
        const uint64_t head = o == 0 ? 0xFFFFFFFFull : prev[i];
        g.push_back(ws.pairs.Intern((head << 32) | s[i + n - 1]));
      }
    }
    ws.id_count[first + o] = ws.pairs.size();
  }
}

}  // namespace

double ChrfFScore(const double* stats, const ChrfOptions& opt) {
  const double eps = 1e-16;
  const int order = opt.char_order + opt.word_order;
  const double factor = static_cast<double>(opt.beta) * opt.beta;
  double score = 0, avg_prec = 0, avg_rec = 0;
  int effective_order = 0;
  for (int i = 0; i < order; ++i) {
    const double n_hyp = stats[3 * i], n_ref = stats[3 * i + 1], n_match = stats[3 * i + 2];
    const double prec = n_hyp > 0 ? n_match / n_hyp : eps;
    const double rec = n_ref > 0 ? n_match / n_ref : eps;
    const double denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec / denom) : eps;
    if (n_hyp > 0 && n_ref > 0) {
      avg_prec += prec;
      avg_rec += rec;
      ++effective_order;
    }
  }
  if (opt.eps_smoothing) return 100 * score / order;
  if (effective_order == 0) {
    avg_prec = avg_rec = 0;
  } else {
    avg_prec /= effective_order;
    avg_rec /= effective_order;
  }
  if (avg_prec + avg_rec != 0) {
    score = (1 + factor) * avg_prec * avg_rec;
    score /= (factor * avg_prec) + avg_rec;
    return 100 * score;
  }
  return 0.0;
}

void ChrfSegmentStats(std::string_view hypothesis, std::span<const std::string> references,
                      const ChrfOptions& opt, double* stats) {
  if (references.empty()) throw std::invalid_argument("no reference text");
  Workspace& ws = ThreadWorkspace();
  const size_t texts = references.size() + 1;
  const auto nc = static_cast<size_t>(opt.char_order), nw = static_cast<size_t>(opt.word_order);
  const size_t orders = nc + nw;
  ws.texts.resize(texts);
  ws.lowered.resize(texts);
  ws.id_count.assign(orders, 0);
  auto text = [&](size_t k) -> std::string_view {
    const std::string_view raw = k == 0 ? hypothesis : std::string_view(references[k - 1]);
    if (!opt.lowercase) return raw;
    PyLower(raw, ws.lowered[k]);
    return ws.lowered[k];
  };
  for (size_t k = 0; k < texts; ++k) {
    TextGrams& t = ws.texts[k];
    t.grams.resize(orders);
    const std::string_view s = text(k);
    ExtractChars(s, opt.whitespace, t.chars);
    if (nw > 0) ChrfWords(s, ws.split, t.words);
  }
  BuildOrders(ws, texts, 0, nc, [&](size_t k) -> const std::u32string& { return ws.texts[k].chars; });
  if (nw > 0) {
    ws.interner.Reset(64);
    thread_local std::vector<std::vector<uint32_t>> word_ids;
    word_ids.resize(texts);
    for (size_t k = 0; k < texts; ++k) {
      word_ids[k].clear();
      for (auto w : ws.texts[k].words) word_ids[k].push_back(ws.interner.Intern(w));
    }
    BuildOrders(ws, texts, nc, nw, [&](size_t k) -> const std::vector<uint32_t>& { return word_ids[k]; });
  }
  // Per reference: [hyp, ref, match] per order; keep the best F (strictly greater wins).
  ws.cur.resize(3 * orders);
  double best_f = -1.0;
  for (size_t k = 1; k < texts; ++k) {
    for (size_t o = 0; o < orders; ++o) {
      const auto& h = ws.texts[0].grams[o];
      const auto& r = ws.texts[k].grams[o];
      const uint64_t match = MultisetOverlap(r.data(), r.size(), h.data(), h.size(),
                                             ws.id_count[o], ws.counts);
      ws.cur[3 * o] = r.empty() ? 0.0 : static_cast<double>(h.size());
      ws.cur[3 * o + 1] = static_cast<double>(r.size());
      ws.cur[3 * o + 2] = static_cast<double>(match);
    }
    const double f = ChrfFScore(ws.cur.data(), opt);
    if (f > best_f) {
      best_f = f;
      std::copy(ws.cur.begin(), ws.cur.end(), stats);
    }
  }
}

ChrfMetric::ChrfMetric(const std::string& name, const nlohmann::json& options,
                       const MetricContext& ctx)
    : threads_(ThreadsSetting(ctx)) {
  if (name == "chrf++") opt_.word_order = 2;
  for (const auto& [key, v] : options.items()) {
    auto int_opt = [&](int& dst, int lo, int hi) {
      if (!v.is_number_integer() || v.get<int>() < lo || v.get<int>() > hi)
        throw std::invalid_argument(name + ": option " + key + " must be an integer " +
                                    std::to_string(lo) + ".." + std::to_string(hi));
      dst = v.get<int>();
    };
    auto bool_opt = [&](bool& dst) {
      if (!v.is_boolean()) throw std::invalid_argument(name + ": option " + key + " must be true/false");
      dst = v.get<bool>();
    };
    if (key == "name") continue;
    if (key == "char_order") int_opt(opt_.char_order, 0, 16);
    else if (key == "word_order") int_opt(opt_.word_order, 0, 8);
    else if (key == "beta") int_opt(opt_.beta, 0, 100);
    else if (key == "lowercase") bool_opt(opt_.lowercase);
    else if (key == "whitespace") bool_opt(opt_.whitespace);
    else if (key == "eps_smoothing") bool_opt(opt_.eps_smoothing);
    else throw std::invalid_argument(name + ": unknown option '" + key + "'");
  }
  if (opt_.char_order + opt_.word_order == 0)
    throw std::invalid_argument(name + ": char_order + word_order must be positive");
  values_ = {{name, 1.0}};
}

void ChrfMetric::Score(const MetricInput& in, double* stats) const {
  ChrfSegmentStats(in.prediction, in.references, opt_, stats);
}

std::vector<std::string> ChrfMetric::ScoreAll(std::span<const MetricInput> in,
                                              double* stats) const {
  return ScoreAllInParallel(in, stats, threads_);
}

void ChrfMetric::SampleValues(const double* stats, double* out) const {
  out[0] = ChrfFScore(stats, opt_);
}

void ChrfMetric::CorpusValues(const double* stats, size_t n, const double* weights,
                              double* out) const {
  std::vector<double> sum(stat_count());
  const double total_weight = WeightedStatSum(stats, n, weights, sum.data());
  out[0] = total_weight > 0 ? ChrfFScore(sum.data(), opt_) : std::nan("");
}

std::string ChrfMetric::Signature(const std::string& nrefs) const {
  return "nrefs:" + nrefs + "|case:" + (opt_.lowercase ? "lc" : "mixed") +
         "|eff:" + (opt_.eps_smoothing ? "no" : "yes") + "|nc:" + std::to_string(opt_.char_order) +
         "|nw:" + std::to_string(opt_.word_order) + "|space:" + (opt_.whitespace ? "yes" : "no") +
         "|version:" + kSacrebleuVersion;
}

MetricOrReason MakeChrf(const nlohmann::json& options, const MetricContext& ctx) {
  return std::make_unique<ChrfMetric>("chrf", options, ctx);
}

MetricOrReason MakeChrfPlusPlus(const nlohmann::json& options, const MetricContext& ctx) {
  return std::make_unique<ChrfMetric>("chrf++", options, ctx);
}

}  // namespace clue::metrics
