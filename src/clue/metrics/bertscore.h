#pragma once
// The "bertscore" metric: bert_score 0.3.13 computed in-process from a local BERT model directory.
//
// Task options: {model: "allenai/scibert_scivocab_uncased", layer: 8, lowercase: false,
// idf: false, baseline: PATH, batch_size: 64}. The model directory comes from the MetricContext
// ("bertscore.model" = a directory, or "bertscore.models_dir" = a directory holding one
// subdirectory per model basename) or from CLUE_BERTSCORE_MODEL / CLUE_BERTSCORE_MODELS_DIR;
// "bertscore.layer" overrides the layer. Without a model directory the metric is NotComputed.
#include <string>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

MetricOrReason MakeBertScore(const nlohmann::json& options, const MetricContext& ctx);

// bert_score's model2layers entries for the BERT models CLUE may use (plus the CLUE fork's
// Bio_ClinicalBERT at 9); -1 when the model has no default layer.
int DefaultBertScoreLayer(const std::string& model);

}  // namespace clue::metrics
