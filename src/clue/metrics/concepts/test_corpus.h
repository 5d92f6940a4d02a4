#pragma once
// Test and benchmark helper (not part of the library): real clinical-ish text for the matcher,
// the PubMed titles and abstracts of the NCBI-disease train set in ../shared/datasets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "clue/metrics/concepts/text_source.h"

namespace clue::metrics::concepts::testing {

// The title and abstract lines ("id|t|..." / "id|a|...") of the PubTator file, one per line,
// until at least max_bytes are collected. Run from the repo root.
inline std::string PubMedAbstracts(size_t max_bytes = SIZE_MAX) {
  const std::string raw = ReadTextFile("../shared/datasets/ncbi_disease/original-data/NCBItrainset_corpus.txt");
  std::string text;
  LineCursor lines(raw);
  std::string_view line;
  while (text.size() < max_bytes && lines.Next(&line)) {
    const size_t p = line.find('|');
    if (p != std::string_view::npos && line.size() > p + 3 && line[p + 2] == '|' &&
        (line[p + 1] == 't' || line[p + 1] == 'a'))
      text.append(line.substr(p + 3)).push_back('\n');
  }
  return text;
}

}  // namespace clue::metrics::concepts::testing
