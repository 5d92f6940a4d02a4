#include "clue/metrics/rouge.h"

#include <algorithm>
#include <stdexcept>

#include "clue/metrics/lcs.h"
#include "clue/metrics/ngram_ids.h"
#include "clue/metrics/parallel.h"
#include "clue/metrics/rouge_tokenizer.h"

namespace clue::metrics {
namespace {

// Per-thread scratch so that scoring a pair allocates nothing once the buffers have grown.
struct Workspace {
  RougeTokens pred_raw, tgt_raw;
  std::vector<uint32_t> pred, tgt;        // tokens as pair-local dense ids
  std::vector<uint32_t> local_of, stamp;  // vocab id -> local id
  uint32_t gen = 0, local_count = 0;
  IdPairMap pairs;
  std::vector<uint32_t> gram_t, gram_p;   // n-gram ids, built order by order
  std::vector<int32_t> counts;
  std::vector<int32_t> cnt_r, cnt_c;      // rougeLsum token budgets
  std::vector<uint8_t> in_union;
  std::vector<uint32_t> lcs_idx;
  LcsWorkspace lcs;
};

Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

double FMeasure(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

RougeScore MakeScore(double hits, size_t pred_total, size_t tgt_total) {
  RougeScore s;
  s.precision = hits / static_cast<double>(pred_total);
  s.recall = hits / static_cast<double>(tgt_total);
  s.fmeasure = FMeasure(s.precision, s.recall);
  return s;
}

void BeginLocal(Workspace& ws) {
  if (++ws.gen == 0) {
    std::fill(ws.stamp.begin(), ws.stamp.end(), 0);
    ws.gen = 1;
  }
  ws.local_count = 0;
}

void ToLocal(Workspace& ws, const std::vector<uint32_t>& ids, std::vector<uint32_t>& out) {
  out.clear();
  for (uint32_t id : ids) {
    if (id >= ws.stamp.size()) {
      ws.stamp.resize(static_cast<size_t>(id) + 1 + id / 2, 0);
      ws.local_of.resize(ws.stamp.size());
    }
    if (ws.stamp[id] != ws.gen) {
      ws.stamp[id] = ws.gen;
      ws.local_of[id] = ws.local_count++;
    }
    out.push_back(ws.local_of[id]);
  }
}

// _score_ngrams(_create_ngrams(target, n), _create_ngrams(prediction, n)).
RougeScore ScoreNgrams(Workspace& ws, int n) {
  const size_t nt = ws.tgt.size() >= static_cast<size_t>(n) ? ws.tgt.size() - n + 1 : 0;
  const size_t np = ws.pred.size() >= static_cast<size_t>(n) ? ws.pred.size() - n + 1 : 0;
  ws.gram_t.assign(ws.tgt.begin(), ws.tgt.end());
  ws.gram_p.assign(ws.pred.begin(), ws.pred.end());
  uint32_t id_count = ws.local_count;
  // gram[i] holds the id of the k-gram starting at i; extend k-1 -> k with one more token.
  for (int k = 2; k <= n; ++k) {
    ws.pairs.Reset(ws.gram_t.size() + ws.gram_p.size());
    auto extend = [&](std::vector<uint32_t>& gram, const std::vector<uint32_t>& toks) {
      const size_t count = toks.size() >= static_cast<size_t>(k) ? toks.size() - k + 1 : 0;
      for (size_t i = 0; i < count; ++i)
        gram[i] = ws.pairs.Intern((uint64_t{gram[i]} << 32) | toks[i + k - 1]);
      gram.resize(count);
    };
    extend(ws.gram_t, ws.tgt);
    extend(ws.gram_p, ws.pred);
    id_count = ws.pairs.size();
  }
  const uint64_t hits = MultisetOverlap(ws.gram_t.data(), nt, ws.gram_p.data(), np, id_count,
                                        ws.counts);
  return MakeScore(static_cast<double>(hits), std::max<size_t>(np, 1), std::max<size_t>(nt, 1));
}

RougeScore ScoreLcs(Workspace& ws) {
  if (ws.tgt.empty() || ws.pred.empty()) return {};
  const uint32_t lcs = LcsLength(ws.tgt, ws.pred, ws.lcs);
  return MakeScore(lcs, ws.pred.size(), ws.tgt.size());
}

std::span<const uint32_t> Sentence(const std::vector<uint32_t>& toks, const RougeTokens& raw,
                                   size_t k) {
  return std::span<const uint32_t>(toks).subspan(raw.sent_start[k],
                                                 raw.sent_start[k + 1] - raw.sent_start[k]);
}

// _summary_level_lcs: union LCS of each reference sentence against all candidate sentences,
// with hits capped by the token counts on both sides (ROUGE-1.5.5's no-double-counting rule).
RougeScore ScoreLsum(Workspace& ws) {
  if (ws.tgt.empty() || ws.pred.empty()) return {};
  ws.cnt_r.assign(ws.local_count, 0);
  ws.cnt_c.assign(ws.local_count, 0);
  for (uint32_t t : ws.tgt) ++ws.cnt_r[t];
  for (uint32_t t : ws.pred) ++ws.cnt_c[t];
  const size_t ref_sents = ws.tgt_raw.sent_start.size() - 1;
  const size_t can_sents = ws.pred_raw.sent_start.size() - 1;
  uint64_t hits = 0;
  for (size_t r = 0; r < ref_sents; ++r) {
    const auto ref = Sentence(ws.tgt, ws.tgt_raw, r);
    if (ref.empty()) continue;
    ws.in_union.assign(ref.size(), 0);
    PrepareRef(ref, ws.lcs);
    for (size_t c = 0; c < can_sents; ++c) {
      const auto can = Sentence(ws.pred, ws.pred_raw, c);
      if (can.empty()) continue;
      LcsRefIndicesPrepared(ref, can, ws.lcs_idx, ws.lcs);
      for (uint32_t i : ws.lcs_idx) ws.in_union[i] = 1;
    }
    for (size_t i = 0; i < ref.size(); ++i) {
      if (!ws.in_union[i]) continue;
      const uint32_t t = ref[i];
      if (ws.cnt_c[t] > 0 && ws.cnt_r[t] > 0) {
        ++hits;
        --ws.cnt_c[t];
        --ws.cnt_r[t];
      }
    }
  }
  return MakeScore(static_cast<double>(hits), ws.pred.size(), ws.tgt.size());
}

int KindOf(const std::string& type) {
  if (type == "rougeL") return 0;
  if (type == "rougeLsum") return -1;
  if (type.size() == 6 && type.compare(0, 5, "rouge") == 0 && type[5] >= '1' && type[5] <= '9')
    return type[5] - '0';
  throw std::invalid_argument("invalid rouge type '" + type +
                              "' (expected rouge1..rouge9, rougeL or rougeLsum)");
}

// Scores the prepared pair (ws.pred/ws.tgt and their raw sentence marks) for every kind.
void ScorePrepared(Workspace& ws, const std::vector<int>& kinds, RougeScore* out) {
  for (size_t k = 0; k < kinds.size(); ++k) {
    const int kind = kinds[k];
    out[k] = kind > 0 ? ScoreNgrams(ws, kind) : kind == 0 ? ScoreLcs(ws) : ScoreLsum(ws);
  }
}

}  // namespace

RougeScorer::RougeScorer(std::vector<std::string> types, bool use_stemmer)
    : types_(std::move(types)), use_stemmer_(use_stemmer) {
  if (types_.empty()) throw std::invalid_argument("rouge: types must not be empty");
  for (const auto& t : types_) kinds_.push_back(KindOf(t));
}

void RougeScorer::Score(std::string_view target, std::string_view prediction,
                        RougeScore* out) const {
  ScoreViews(&target, 1, prediction, out);
}

void RougeScorer::ScoreMulti(std::span<const std::string> targets, std::string_view prediction,
                             RougeScore* out) const {
  if (targets.empty()) throw std::invalid_argument("no reference text");
  thread_local std::vector<std::string_view> views;
  views.assign(targets.begin(), targets.end());
  ScoreViews(views.data(), views.size(), prediction, out);
}

void RougeScorer::ScoreViews(const std::string_view* targets, size_t n,
                             std::string_view prediction, RougeScore* out) const {
  Workspace& ws = ThreadWorkspace();
  RougeVocab& vocab = RougeVocab::ThreadLocal();
  vocab.MaybeReset();
  vocab.Tokenize(prediction, use_stemmer_, ws.pred_raw);
  BeginLocal(ws);
  ToLocal(ws, ws.pred_raw.ids, ws.pred);
  thread_local std::vector<RougeScore> cur;
  cur.resize(kinds_.size());
  for (size_t r = 0; r < n; ++r) {
    vocab.Tokenize(targets[r], use_stemmer_, ws.tgt_raw);
    ToLocal(ws, ws.tgt_raw.ids, ws.tgt);
    ScorePrepared(ws, kinds_, cur.data());
    for (size_t k = 0; k < kinds_.size(); ++k)  // np.argmax: strictly greater replaces
      if (r == 0 || cur[k].fmeasure > out[k].fmeasure) out[k] = cur[k];
  }
}

RougeMetric::RougeMetric(const nlohmann::json& options, const MetricContext& ctx)
    : scorer_(
          [&] {
            std::vector<std::string> types = {"rouge1", "rouge2", "rougeL", "rougeLsum"};
            if (options.contains("types")) {
              const auto& t = options.at("types");
              if (!t.is_array() || t.empty())
                throw std::invalid_argument("rouge: types must be a non-empty list");
              types.clear();
              for (const auto& x : t) {
                if (!x.is_string()) throw std::invalid_argument("rouge: types must be strings");
                types.push_back(x.get<std::string>());
              }
            }
            return types;
          }(),
          [&] {
            for (const char* key : {"stem", "use_stemmer"}) {
              if (!options.contains(key)) continue;
              if (!options.at(key).is_boolean())
                throw std::invalid_argument(std::string("rouge: ") + key + " must be true/false");
              return options.at(key).get<bool>();
            }
            return false;
          }()),
      threads_(ThreadsSetting(ctx)) {
  for (const auto& [key, _] : options.items())
    if (key != "types" && key != "stem" && key != "use_stemmer" && key != "name")
      throw std::invalid_argument("rouge: unknown option '" + key + "'");
  for (const auto& t : scorer_.types())
    for (const char* suffix : {"_p", "_r", "_f"}) values_.push_back({t + suffix, 100.0});
}

void RougeMetric::Score(const MetricInput& in, double* stats) const {
  thread_local std::vector<RougeScore> out;
  out.resize(scorer_.types().size());
  scorer_.ScoreMulti(in.references, in.prediction, out.data());
  for (size_t k = 0; k < out.size(); ++k) {
    stats[3 * k] = out[k].precision;
    stats[3 * k + 1] = out[k].recall;
    stats[3 * k + 2] = out[k].fmeasure;
  }
}

std::vector<std::string> RougeMetric::ScoreAll(std::span<const MetricInput> in,
                                               double* stats) const {
  return ScoreAllInParallel(in, stats, threads_);
}

MetricOrReason MakeRouge(const nlohmann::json& options, const MetricContext& ctx) {
  return std::make_unique<RougeMetric>(options, ctx);
}

}  // namespace clue::metrics
