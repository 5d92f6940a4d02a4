#include "clue/metrics/bert/bert_scorer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

#include <cblas.h>
#include <fmt/format.h>

namespace clue::metrics::bert {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// torch.max over references propagates NaN.
double MaxWithNaN(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(a, b);
}

// Weighted mean of the best matches, normalised as bert_score does (weights / sum of weights;
// a zero sum gives NaN, as 0/0 does in torch).
float WeightedSum(const std::vector<float>& best, const std::vector<float>& w) {
  float total = 0;
  for (float x : w) total += x;
  float s = 0;
  for (size_t i = 0; i < best.size(); ++i) s += best[i] * (w[i] / total);
  return total == 0 ? kNaN : s;
}

}  // namespace

std::array<float, 3> ReadBaseline(const std::string& path, int layer) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open baseline file");
  std::string line;
  if (!std::getline(f, line)) throw std::runtime_error(path + ":1: empty baseline file");
  int row = 0;
  for (int lineno = 2; std::getline(f, line); ++lineno) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (row++ != layer) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (cells.size() < 4)
      throw std::runtime_error(fmt::format("{}:{}: expected LAYER,P,R,F", path, lineno));
    std::array<float, 3> b{};
    for (int k = 0; k < 3; ++k) {
      try {
        size_t used = 0;
        b[k] = std::stof(cells[k + 1], &used);
        if (used != cells[k + 1].size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw std::runtime_error(fmt::format("{}:{}: column {}: not a number: '{}'", path, lineno,
                                             "PRF"[k], cells[k + 1]));
      }
    }
    return b;
  }
  throw std::runtime_error(
      fmt::format("{}: baseline has {} layer rows; layer {} requested", path, row, layer));
}

BertScorer::BertScorer(WordPieceTokenizer tokenizer, BertModel model)
    : tokenizer_(std::move(tokenizer)), model_(std::move(model)) {}

std::shared_ptr<BertScorer> BertScorer::FromDirectory(const std::string& dir, int layer) {
  BertModel model = BertModel::Load(dir, layer);
  WordPieceTokenizer tok =
      WordPieceTokenizer::FromDirectory(dir, static_cast<size_t>(model.config().max_position_embeddings));
  if (tok.vocab_size() > static_cast<size_t>(model.config().vocab_size))
    throw std::runtime_error(fmt::format("{}/vocab.txt has {} tokens but config.json vocab_size is {}",
                                         dir, tok.vocab_size(), model.config().vocab_size));
  return std::make_shared<BertScorer>(std::move(tok), std::move(model));
}

void BertScorer::EmbedAll(const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, std::vector<int32_t>>> todo;
  std::set<std::string> queued;
  for (const auto& t : texts)
    if (!cache_.count(t) && queued.insert(t).second) todo.emplace_back(t, tokenizer_.Encode(t));
  // Longest first, so each forward batch holds sequences of similar length.
  std::stable_sort(todo.begin(), todo.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  const int H = model_.config().hidden_size;
  for (size_t start = 0; start < todo.size();) {
    size_t end = start, tokens = 0;
    std::vector<std::vector<int32_t>> batch;
    while (end < todo.size() && (batch.empty() || tokens + todo[end].second.size() <= embed_batch_tokens_)) {
      tokens += todo[end].second.size();
      batch.push_back(todo[end++].second);
    }
    std::vector<std::vector<float>> hidden = model_.Forward(batch);
    forward_count_ += batch.size();
    for (size_t b = 0; b < batch.size(); ++b) {
      auto e = std::make_shared<Embedding>();
      e->ids = std::move(batch[b]);
      e->vecs = std::move(hidden[b]);
      for (size_t r = 0; r < e->ids.size(); ++r) {
        float* v = e->vecs.data() + r * H;
        const float norm = cblas_snrm2(H, v, 1);
        for (int j = 0; j < H; ++j) v[j] /= norm;
      }
      cache_[todo[start + b].first] = std::move(e);
    }
    start = end;
  }
}

std::shared_ptr<const BertScorer::Embedding> BertScorer::Embed(const std::string& text) {
  std::lock_guard<std::mutex> lock(mu_);
  EmbedAll({text});
  return cache_.at(text);
}

std::vector<Prf> BertScorer::Score(const std::vector<std::string>& cands,
                                   const std::vector<std::vector<std::string>>& refs,
                                   const BertScoreOptions& opt) {
  if (opt.batch_size == 0) throw std::invalid_argument("bertscore batch_size must be positive");
  if (cands.size() != refs.size()) throw std::invalid_argument("BertScorer: cands/refs size mismatch");
  std::lock_guard<std::mutex> lock(mu_);
  // Flatten (cand, ref) pairs in input order, as score() does for multiple references.
  std::vector<size_t> pair_cand;
  std::vector<const std::string*> pair_ref;
  std::vector<std::string> all = cands;
  for (size_t i = 0; i < cands.size(); ++i) {
    if (refs[i].empty()) throw std::invalid_argument("BertScorer: candidate without references");
    for (const auto& r : refs[i]) {
      pair_cand.push_back(i);
      pair_ref.push_back(&r);
      all.push_back(r);
    }
  }
  EmbedAll(all);

  // idf over the flattened references: ln((M+1)/(df+1)), unseen ln(M+1). Without idf every
  // token weighs 1 except [CLS] and [SEP].
  std::map<int32_t, float> idf;
  const double M = static_cast<double>(pair_ref.size());
  if (opt.idf) {
    std::map<int32_t, int> df;
    for (const std::string* r : pair_ref) {
      const auto& ids = cache_.at(*r)->ids;
      for (int32_t id : std::set<int32_t>(ids.begin(), ids.end())) ++df[id];
    }
    for (const auto& [id, n] : df) idf[id] = static_cast<float>(std::log((M + 1) / (n + 1)));
  }
  const float unseen = static_cast<float>(std::log(M + 1));
  auto weight = [&](int32_t id) -> float {
    if (!opt.idf) return id == tokenizer_.cls_id() || id == tokenizer_.sep_id() ? 0.0f : 1.0f;
    auto it = idf.find(id);
    return it == idf.end() ? unseen : it->second;
  };

  const int H = model_.config().hidden_size;
  std::vector<Prf> pair_prf(pair_ref.size());
  std::vector<float> sim;
  for (size_t start = 0; start < pair_ref.size(); start += opt.batch_size) {
    const size_t end = std::min(pair_ref.size(), start + opt.batch_size);
    // bert_score pads each batch to its longest cand/ref and zeroes padded similarity cells, so
    // a shorter partner contributes a 0 to the max (the "0-padding quirk").
    size_t max_m = 0, max_n = 0;
    for (size_t p = start; p < end; ++p) {
      max_m = std::max(max_m, cache_.at(cands[pair_cand[p]])->ids.size());
      max_n = std::max(max_n, cache_.at(*pair_ref[p])->ids.size());
    }
    for (size_t p = start; p < end; ++p) {
      const Embedding& hyp = *cache_.at(cands[pair_cand[p]]);
      const Embedding& ref = *cache_.at(*pair_ref[p]);
      const int m = static_cast<int>(hyp.ids.size()), n = static_cast<int>(ref.ids.size());
      sim.assign(static_cast<size_t>(m) * n, 0.0f);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, H, 1.0f, hyp.vecs.data(), H,
                  ref.vecs.data(), H, 0.0f, sim.data(), n);
      const float pad = -std::numeric_limits<float>::infinity();
      std::vector<float> wp(m, static_cast<size_t>(n) < max_n ? 0.0f : pad);
      std::vector<float> wr(n, static_cast<size_t>(m) < max_m ? 0.0f : pad);
      for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j) {
          const float s = sim[static_cast<size_t>(i) * n + j];
          wp[i] = std::max(wp[i], s);
          wr[j] = std::max(wr[j], s);
        }
      std::vector<float> a(m), b(n);
      for (int i = 0; i < m; ++i) a[i] = weight(hyp.ids[i]);
      for (int j = 0; j < n; ++j) b[j] = weight(ref.ids[j]);
      float P = WeightedSum(wp, a), R = WeightedSum(wr, b);
      float F = 2 * P * R / (P + R);
      // Only-special-token sequences (empty text) get P = R = 0; F is NaN there and becomes 0.
      if (m == 2 || n == 2) P = R = 0;
      if (std::isnan(F)) F = 0;
      pair_prf[p] = {P, R, F};
    }
  }

  std::vector<Prf> out(cands.size());
  for (size_t i = 0, p = 0; i < cands.size(); ++i) {
    Prf best = pair_prf[p++];
    for (size_t k = 1; k < refs[i].size(); ++k, ++p)
      for (int c = 0; c < 3; ++c) best[c] = MaxWithNaN(best[c], pair_prf[p][c]);
    if (opt.baseline)
      for (int c = 0; c < 3; ++c) {
        const float x = static_cast<float>(best[c]), b = (*opt.baseline)[c];
        best[c] = (x - b) / (1.0f - b);
      }
    out[i] = best;
  }
  return out;
}

}  // namespace clue::metrics::bert
