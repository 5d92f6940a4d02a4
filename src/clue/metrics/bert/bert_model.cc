#include "clue/metrics/bert/bert_model.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <cblas.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "clue/metrics/bert/safetensors.h"
#include "clue/metrics/bert/torch_pickle.h"
#include "clue/metrics/parallel.h"

namespace clue::metrics::bert {
namespace {

namespace fs = std::filesystem;

// Splits [0, n) over the cores for the element-wise work between the sgemm calls (OpenBLAS
// already threads the matrix products themselves); short inputs stay on one thread.
template <typename Fn>
void ParallelRows(int n, Fn fn) {
  metrics::ParallelForRanges(
      static_cast<size_t>(std::max(0, n)), 0,
      [&fn](size_t b, size_t e) { fn(static_cast<int>(b), static_cast<int>(e)); }, 64);
}

int GetInt(const nlohmann::json& cfg, const std::string& path, const char* key, int def) {
  if (!cfg.contains(key)) return def;
  if (!cfg[key].is_number_integer() || cfg[key].get<int64_t>() < 0 || cfg[key].get<int64_t>() > 1 << 24)
    throw std::runtime_error(path + ": field '" + key + "' must be a non-negative integer");
  return cfg[key].get<int>();
}

// Checkpoint names differ by era: "bert." prefix or not, LayerNorm gamma/beta vs weight/bias.
std::string CanonicalName(std::string name) {
  if (name.rfind("bert.", 0) == 0) name = name.substr(5);
  if (name.find("LayerNorm") != std::string::npos) {
    auto ends = [&](const std::string& s) {
      return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (ends(".gamma")) name = name.substr(0, name.size() - 6) + ".weight";
    else if (ends(".beta")) name = name.substr(0, name.size() - 5) + ".bias";
  }
  return name;
}

bool Needed(const std::string& canonical, int num_layers) {
  if (canonical.rfind("embeddings.", 0) == 0) return canonical.find("position_ids") == std::string::npos;
  if (canonical.rfind("encoder.layer.", 0) != 0) return false;
  const int layer = std::atoi(canonical.c_str() + 14);
  return layer < num_layers;
}

std::string ShapeString(const std::vector<int64_t>& s) {
  return fmt::format("[{}]", fmt::join(s, ", "));
}

}  // namespace

BertConfig ReadBertConfig(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open (the model directory needs config.json)");
  nlohmann::json cfg;
  try {
    cfg = nlohmann::json::parse(f);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": invalid JSON: " + e.what());
  }
  if (!cfg.is_object()) throw std::runtime_error(path + ": not a JSON object");
  if (cfg.contains("model_type") && cfg["model_type"] != "bert")
    throw std::runtime_error(path + ": field 'model_type': unsupported architecture " +
                             cfg["model_type"].dump() + " (only BERT encoders, model_type \"bert\")");
  if (cfg.contains("architectures") && cfg["architectures"].is_array())
    for (const auto& a : cfg["architectures"])
      if (!a.is_string() || a.get<std::string>().rfind("Bert", 0) != 0)
        throw std::runtime_error(path + ": field 'architectures': unsupported architecture " + a.dump());
  if (cfg.value("hidden_act", std::string("gelu")) != "gelu")
    throw std::runtime_error(path + ": field 'hidden_act': only \"gelu\" (exact erf) is supported, got " +
                             cfg["hidden_act"].dump());
  if (cfg.value("position_embedding_type", std::string("absolute")) != "absolute")
    throw std::runtime_error(path + ": field 'position_embedding_type': only \"absolute\" is supported");
  BertConfig c;
  c.vocab_size = GetInt(cfg, path, "vocab_size", 0);
  c.hidden_size = GetInt(cfg, path, "hidden_size", c.hidden_size);
  c.num_hidden_layers = GetInt(cfg, path, "num_hidden_layers", c.num_hidden_layers);
  c.num_attention_heads = GetInt(cfg, path, "num_attention_heads", c.num_attention_heads);
  c.intermediate_size = GetInt(cfg, path, "intermediate_size", c.intermediate_size);
  c.max_position_embeddings = GetInt(cfg, path, "max_position_embeddings", c.max_position_embeddings);
  c.type_vocab_size = GetInt(cfg, path, "type_vocab_size", c.type_vocab_size);
  if (cfg.contains("layer_norm_eps")) {
    if (!cfg["layer_norm_eps"].is_number() || cfg["layer_norm_eps"].get<double>() <= 0)
      throw std::runtime_error(path + ": field 'layer_norm_eps' must be a positive number");
    c.layer_norm_eps = cfg["layer_norm_eps"].get<float>();
  }
  if (c.vocab_size <= 0) throw std::runtime_error(path + ": field 'vocab_size' is missing or 0");
  if (c.hidden_size <= 0 || c.num_attention_heads <= 0 || c.hidden_size % c.num_attention_heads)
    throw std::runtime_error(path + ": field 'num_attention_heads' must divide hidden_size");
  if (c.intermediate_size <= 0 || c.type_vocab_size <= 0 || c.max_position_embeddings <= 0)
    throw std::runtime_error(path + ": intermediate_size, type_vocab_size and "
                             "max_position_embeddings must be positive");
  return c;
}

BertModel BertModel::Load(const std::string& dir, int num_layers) {
  const BertConfig config = ReadBertConfig(dir + "/config.json");
  if (num_layers < 0 || num_layers > config.num_hidden_layers)
    throw std::runtime_error(fmt::format("{}/config.json: layer {} requested but the model has {} layers",
                                         dir, num_layers, config.num_hidden_layers));
  auto want = [num_layers](const std::string& n) { return Needed(CanonicalName(n), num_layers); };
  const std::string st = dir + "/model.safetensors", pt = dir + "/pytorch_model.bin";
  if (fs::exists(st)) return FromTensors(config, ReadSafetensors(st, want), num_layers, st);
  if (fs::exists(pt)) return FromTensors(config, ReadTorchCheckpoint(pt, want), num_layers, pt);
  if (fs::exists(dir + "/model.safetensors.index.json") || fs::exists(dir + "/pytorch_model.bin.index.json"))
    throw std::runtime_error(dir + ": sharded checkpoints are not supported (BERT-base ships one file)");
  throw std::runtime_error(dir + ": no model.safetensors or pytorch_model.bin");
}

BertModel BertModel::FromTensors(const BertConfig& config, TensorMap raw, int num_layers,
                                 const std::string& source) {
  TensorMap t;
  for (auto& [name, tensor] : raw) t[CanonicalName(name)] = std::move(tensor);
  auto take = [&](const std::string& name, std::vector<int64_t> shape) {
    auto it = t.find(name);
    if (it == t.end()) throw std::runtime_error(source + ": missing tensor '" + name + "'");
    if (it->second.shape != shape)
      throw std::runtime_error(source + ": tensor '" + name + "' has shape " +
                               ShapeString(it->second.shape) + ", expected " + ShapeString(shape));
    return std::move(it->second.data);
  };
  const int64_t H = config.hidden_size, I = config.intermediate_size;
  auto linear = [&](const std::string& prefix, int64_t out, int64_t in) {
    Linear l;
    l.w = take(prefix + ".weight", {out, in});
    l.b = take(prefix + ".bias", {out});
    l.out = static_cast<int>(out);
    l.in = static_cast<int>(in);
    return l;
  };
  auto norm = [&](const std::string& prefix) {
    return Norm{take(prefix + ".weight", {H}), take(prefix + ".bias", {H})};
  };
  BertModel m;
  m.config_ = config;
  m.num_layers_ = num_layers;
  m.word_ = take("embeddings.word_embeddings.weight", {config.vocab_size, H});
  m.pos_ = take("embeddings.position_embeddings.weight", {config.max_position_embeddings, H});
  m.type_ = take("embeddings.token_type_embeddings.weight", {config.type_vocab_size, H});
  m.emb_norm_ = norm("embeddings.LayerNorm");
  for (int i = 0; i < num_layers; ++i) {
    const std::string p = fmt::format("encoder.layer.{}.", i);
    Block b;
    b.q = linear(p + "attention.self.query", H, H);
    b.k = linear(p + "attention.self.key", H, H);
    b.v = linear(p + "attention.self.value", H, H);
    b.attn_out = linear(p + "attention.output.dense", H, H);
    b.attn_norm = norm(p + "attention.output.LayerNorm");
    b.inter = linear(p + "intermediate.dense", I, H);
    b.out = linear(p + "output.dense", H, I);
    b.out_norm = norm(p + "output.LayerNorm");
    m.blocks_.push_back(std::move(b));
  }
  return m;
}

void BertModel::ApplyLinear(const Linear& l, const float* x, int rows, float* y) const {
  // y = x W^T + b, with W stored out x in.
  for (int r = 0; r < rows; ++r) std::copy(l.b.begin(), l.b.end(), y + static_cast<size_t>(r) * l.out);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, l.out, l.in, 1.0f, x, l.in, l.w.data(),
              l.in, 1.0f, y, l.out);
}

void BertModel::ApplyNorm(const Norm& n, float* x, int rows) const {
  const int H = config_.hidden_size;
  const float eps = config_.layer_norm_eps;
  ParallelRows(rows, [&](int b, int e) {
    for (int r = b; r < e; ++r) {
      float* v = x + static_cast<size_t>(r) * H;
      double mean = 0, var = 0;
      for (int j = 0; j < H; ++j) mean += v[j];
      mean /= H;
      for (int j = 0; j < H; ++j) var += (v[j] - mean) * (v[j] - mean);
      var /= H;
      const float inv = static_cast<float>(1.0 / std::sqrt(var + eps));
      for (int j = 0; j < H; ++j)
        v[j] = (v[j] - static_cast<float>(mean)) * inv * n.g[j] + n.b[j];
    }
  });
}

void BertModel::RunBlock(const Block& blk, std::vector<float>& x, const std::vector<int>& lens,
                         int rows) const {
  const int H = config_.hidden_size;
  const int heads = config_.num_attention_heads, d = H / heads;
  std::vector<float> q(x.size()), k(x.size()), v(x.size()), ctx(x.size());
  ApplyLinear(blk.q, x.data(), rows, q.data());
  ApplyLinear(blk.k, x.data(), rows, k.data());
  ApplyLinear(blk.v, x.data(), rows, v.data());
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  std::vector<float> scores;
  size_t base = 0;
  for (const int n : lens) {
    // Each sequence attends only to its own n tokens: the same result as padding plus a mask
    // (masked keys get weight exactly 0 after softmax), without computing the padding.
    scores.resize(static_cast<size_t>(n) * n);
    for (int h = 0; h < heads; ++h) {
      const float* qh = q.data() + base + h * d;
      const float* kh = k.data() + base + h * d;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, d, scale, qh, H, kh, H, 0.0f,
                  scores.data(), n);
      for (int i = 0; i < n; ++i) {
        float* row = scores.data() + static_cast<size_t>(i) * n;
        const float mx = *std::max_element(row, row + n);
        float sum = 0;
        for (int j = 0; j < n; ++j) sum += (row[j] = std::exp(row[j] - mx));
        for (int j = 0; j < n; ++j) row[j] /= sum;
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, n, 1.0f, scores.data(), n,
                  v.data() + base + h * d, H, 0.0f, ctx.data() + base + h * d, H);
    }
    base += static_cast<size_t>(n) * H;
  }
  // Attention output, residual, LayerNorm.
  ApplyLinear(blk.attn_out, ctx.data(), rows, q.data());
  for (size_t i = 0; i < x.size(); ++i) x[i] += q[i];
  ApplyNorm(blk.attn_norm, x.data(), rows);
  // Feed-forward with exact-erf GELU, residual, LayerNorm.
  const int I = config_.intermediate_size;
  std::vector<float> inter(static_cast<size_t>(rows) * I);
  ApplyLinear(blk.inter, x.data(), rows, inter.data());
  ParallelRows(rows, [&](int b, int e) {
    for (size_t i = static_cast<size_t>(b) * I; i < static_cast<size_t>(e) * I; ++i)
      inter[i] = 0.5f * inter[i] * (1.0f + std::erf(inter[i] * static_cast<float>(M_SQRT1_2)));
  });
  ApplyLinear(blk.out, inter.data(), rows, q.data());
  for (size_t i = 0; i < x.size(); ++i) x[i] += q[i];
  ApplyNorm(blk.out_norm, x.data(), rows);
}

std::vector<std::vector<float>> BertModel::Forward(const std::vector<std::vector<int32_t>>& ids) const {
  const int H = config_.hidden_size;
  int rows = 0;
  std::vector<int> lens;
  for (const auto& s : ids) {
    if (s.empty()) throw std::invalid_argument("BertModel::Forward: empty sequence");
    if (static_cast<int>(s.size()) > config_.max_position_embeddings)
      throw std::invalid_argument(fmt::format("sequence of {} tokens exceeds max_position_embeddings {}",
                                              s.size(), config_.max_position_embeddings));
    lens.push_back(static_cast<int>(s.size()));
    rows += lens.back();
  }
  // Sequences are packed back to back (no padding rows): position-wise layers see one matrix.
  std::vector<float> x(static_cast<size_t>(rows) * H, 0.0f);
  float* out = x.data();
  for (const auto& s : ids) {
    for (size_t p = 0; p < s.size(); ++p, out += H) {
      const int32_t id = s[p];
      if (id < 0 || id >= config_.vocab_size)
        throw std::invalid_argument(fmt::format("token id {} outside the embedding matrix ({} rows)",
                                                id, config_.vocab_size));
      const float* w = word_.data() + static_cast<size_t>(id) * H;
      const float* pe = pos_.data() + p * H;
      for (int j = 0; j < H; ++j) out[j] = w[j] + pe[j] + type_[j];
    }
  }
  ApplyNorm(emb_norm_, x.data(), rows);
  for (const Block& blk : blocks_) RunBlock(blk, x, lens, rows);
  std::vector<std::vector<float>> result(ids.size());
  size_t off = 0;
  for (size_t b = 0; b < ids.size(); ++b) {
    const size_t n = static_cast<size_t>(lens[b]) * H;
    result[b].assign(x.begin() + static_cast<std::ptrdiff_t>(off), x.begin() + static_cast<std::ptrdiff_t>(off + n));
    off += n;
  }
  return result;
}

}  // namespace clue::metrics::bert
