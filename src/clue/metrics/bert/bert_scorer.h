#pragma once
// bert_score 0.3.13's score(): embeddings to layer k, greedy cosine matching with special tokens
// in the max but at weight 0, optional idf over the references, per-component max over multiple
// references, optional baseline rescaling. Embeddings are cached by text for the whole run.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "clue/metrics/bert/bert_model.h"
#include "clue/metrics/bert/wordpiece.h"

namespace clue::metrics::bert {

// How one Score() call matches; the embeddings (and their cache) do not depend on it.
struct BertScoreOptions {
  bool idf = false;
  std::optional<std::array<float, 3>> baseline;  // b_P, b_R, b_F; none: no rescaling
  size_t batch_size = 64;  // pairs per matching batch; matters only for the 0-padding quirk
};

// P, R, F for one candidate.
using Prf = std::array<double, 3>;

// Reads bert_score's baseline file row `layer` (by position) -> {b_P, b_R, b_F} as float32.
std::array<float, 3> ReadBaseline(const std::string& path, int layer);

class BertScorer {
 public:
  BertScorer(WordPieceTokenizer tokenizer, BertModel model);
  static std::shared_ptr<BertScorer> FromDirectory(const std::string& dir, int layer);

  // refs[i] are candidate i's references (at least one each).
  std::vector<Prf> Score(const std::vector<std::string>& cands,
                         const std::vector<std::vector<std::string>>& refs,
                         const BertScoreOptions& opt = {});

  // L2-normalised hidden states (len x hidden) and token ids of text, cached.
  struct Embedding {
    std::vector<int32_t> ids;
    std::vector<float> vecs;
  };
  std::shared_ptr<const Embedding> Embed(const std::string& text);
  void EmbedAll(const std::vector<std::string>& texts);

  const WordPieceTokenizer& tokenizer() const { return tokenizer_; }
  const BertModel& model() const { return model_; }
  size_t forward_count() const { return forward_count_; }  // sentences run through the model

 private:
  WordPieceTokenizer tokenizer_;
  BertModel model_;
  size_t embed_batch_tokens_ = 8192;  // forward-pass batch budget (sequences grouped by length)
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Embedding>> cache_;
  size_t forward_count_ = 0;
};

}  // namespace clue::metrics::bert
