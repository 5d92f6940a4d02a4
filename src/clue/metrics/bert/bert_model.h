#pragma once
// A BERT encoder truncated to its first k blocks (bert_score's "layer k"), float32, CPU.
#include <cstdint>
#include <string>
#include <vector>

#include "clue/metrics/bert/tensor.h"

namespace clue::metrics::bert {

struct BertConfig {
  int vocab_size = 0;
  int hidden_size = 768;
  int num_hidden_layers = 12;
  int num_attention_heads = 12;
  int intermediate_size = 3072;
  int max_position_embeddings = 512;
  int type_vocab_size = 2;
  float layer_norm_eps = 1e-12f;
};

// Parses config.json; refuses anything that is not a plain BERT encoder with exact-erf GELU and
// absolute positions. Throws std::runtime_error naming the file and field.
BertConfig ReadBertConfig(const std::string& path);

class BertModel {
 public:
  // Loads config.json and model.safetensors (preferred) or pytorch_model.bin from dir, keeping
  // only the embeddings and the first num_layers blocks. num_layers may be 0 (embedding output).
  static BertModel Load(const std::string& dir, int num_layers);
  // From tensors already in memory (names as in Hugging Face checkpoints, with or without the
  // "bert." prefix, LayerNorm gamma/beta or weight/bias). `source` names them in errors.
  static BertModel FromTensors(const BertConfig& config, TensorMap tensors, int num_layers,
                               const std::string& source);

  // Hidden states after num_layers blocks for each sequence of token ids; the batch is packed
  // without padding and each sequence attends only to itself. out[b] is len(ids[b]) x hidden.
  std::vector<std::vector<float>> Forward(const std::vector<std::vector<int32_t>>& ids) const;

  const BertConfig& config() const { return config_; }
  int num_layers() const { return num_layers_; }

 private:
  struct Linear {
    std::vector<float> w;  // out x in, as stored by PyTorch
    std::vector<float> b;
    int out = 0, in = 0;
  };
  struct Norm {
    std::vector<float> g, b;
  };
  struct Block {
    Linear q, k, v, attn_out, inter, out;
    Norm attn_norm, out_norm;
  };

  void ApplyLinear(const Linear& l, const float* x, int rows, float* y) const;
  void ApplyNorm(const Norm& n, float* x, int rows) const;
  void RunBlock(const Block& blk, std::vector<float>& x, const std::vector<int>& lens, int rows) const;

  BertConfig config_;
  int num_layers_ = 0;
  std::vector<float> word_, pos_, type_;
  Norm emb_norm_;
  std::vector<Block> blocks_;
};

}  // namespace clue::metrics::bert
