#pragma once
// MedNLI scoring as CLUE does it: a prediction is correct iff the gold label occurs exactly once,
// case-insensitively, anywhere in the output (`len(re.findall(label.upper(), output.upper())) == 1`).
// The original uses the label as a regex; MedNLI labels are plain words, so it is matched here as a
// literal string (non-overlapping occurrences, like findall). Upper-casing is ASCII-only, which
// equals Python's str.upper() for every output except ones where a non-ASCII character upper-cases
// to ASCII letters (e.g. the ligature "ﬁ" -> "FI").
#include <string_view>

#include <nlohmann/json.hpp>

#include "clue/metrics/metric.h"

namespace clue::metrics {

// Non-overlapping occurrences of needle in haystack after ASCII upper-casing both.
size_t CountOccurrencesIgnoreCase(std::string_view haystack, std::string_view needle);

// Values: ACCURACY (to_percent 100). Gold: *in.gold, a string. No options.
MetricOrReason MakeLabelOnce(const nlohmann::json& options, const MetricContext& ctx);

}  // namespace clue::metrics
