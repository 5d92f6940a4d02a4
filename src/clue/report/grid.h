#pragma once
// A plain grid of cells rendered as an aligned terminal table, Markdown, CSV or LaTeX (booktabs).
#include <string>
#include <vector>

namespace clue::report {

enum class Format { kTerminal, kMarkdown, kCsv, kLatex, kJson };

// "table"/"terminal", "markdown"/"md", "csv", "latex"/"tex", "json"; throws std::invalid_argument.
Format ParseFormat(const std::string& name);

struct Grid {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // lines after the table (count lines, verdicts)
};

// Not for kJson (JSON output is built from the data, not from a table).
std::string Render(const Grid& t, Format f);

}  // namespace clue::report
