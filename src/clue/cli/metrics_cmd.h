#pragma once
// `clue metrics`: score a JSONL stream of prediction/reference pairs with ROUGE, BLEU, chrF (or
// any registered metric), like the `rouge` and `sacrebleu` command-line tools.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace clue::cli {

struct MetricsOptions {
  std::vector<std::string> metrics;  // e.g. rouge1, rougeL, bleu, chrf, chrf++
  bool stem = false;
  unsigned threads = 0;  // 0 = all cores
  std::string summary_path;  // empty: summary to stderr
  std::map<std::string, std::string> settings;  // --set key=value
  size_t chunk_lines = 4096;  // lines scored together; bounds memory on huge inputs
};

// Reads JSONL from `in` (named `in_name` in errors), writes one scored line per input line to
// `out` in input order and the corpus summary (JSON) to `summary`. Throws data::InputError on a
// malformed line and std::invalid_argument on bad options.
void RunMetrics(const MetricsOptions& opt, std::istream& in, const std::string& in_name,
                std::ostream& out, std::ostream& summary);

}  // namespace clue::cli
