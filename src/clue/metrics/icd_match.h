#pragma once
// MeDiSumCode code-match scores, as CLUE's compute_icd_f1: parse the prediction with the ICD regex
// and strip dots; gold is the note's code list.
//   EM (exact match) on lists, duplicates counted: P = #preds in gold / #preds (0 when no preds),
//   R = #gold in preds / #gold, F1 = 2PR/(P+R) (0 when P+R = 0).
//   AP (approximate) is the same on the sets of first-3-character prefixes (ICD-10 categories).
#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Values (all to_percent 100): ICD_EM_P, ICD_EM_R, ICD_EM_F1, ICD_AP_P, ICD_AP_R, ICD_AP_F1.
// Gold: *in.gold, see GoldIcdCodes. No options.
MetricOrReason MakeIcdMatch(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
