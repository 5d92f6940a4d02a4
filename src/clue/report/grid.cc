#include "clue/report/grid.h"

#include <algorithm>
#include <stdexcept>

namespace clue::report {
namespace {

// Display width in code points, so UTF-8 signs (Δ) do not break terminal alignment.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string Pad(const std::string& s, size_t w) { return s + std::string(w - std::min(w, Width(s)), ' '); }

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string LatexCell(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (std::string("&%$#_{}").find(c) != std::string::npos) {
      out += '\\';
      out += c;
    } else if (s.compare(i, 2, "\xCE\x94") == 0) {  // Δ
      out += "$\\Delta$";
      ++i;
    } else if (s.compare(i, 2, "\xCE\xB1") == 0) {  // α
      out += "$\\alpha$";
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Terminal(const Grid& t) {
  std::vector<size_t> w(t.header.size(), 0);
  for (size_t c = 0; c < t.header.size(); ++c) w[c] = Width(t.header[c]);
  for (const auto& r : t.rows)
    for (size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], Width(r[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < w.size(); ++c) s += (c ? "  " : "") + Pad(c < cells.size() ? cells[c] : "", w[c]);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s + "\n";
  };
  std::string out = t.title.empty() ? "" : t.title + "\n";
  out += line(t.header);
  size_t total = 0;
  for (size_t x : w) total += x;
  out += std::string(total + 2 * (w.empty() ? 0 : w.size() - 1), '-') + "\n";
  for (const auto& r : t.rows) out += line(r);
  for (const auto& n : t.notes) out += n + "\n";
  return out;
}

std::string Markdown(const Grid& t) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) s += " " + c + " |";
    return s + "\n";
  };
  std::string out = t.title.empty() ? "" : "**" + t.title + "**\n\n";
  out += line(t.header);
  out += "|";
  for (size_t c = 0; c < t.header.size(); ++c) out += c == 0 ? "---|" : "---:|";
  out += "\n";
  for (const auto& r : t.rows) out += line(r);
  if (!t.notes.empty()) out += "\n";
  for (const auto& n : t.notes) out += n + "\n";
  return out;
}

std::string Csv(const Grid& t) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < cells.size(); ++c) s += (c ? "," : "") + CsvCell(cells[c]);
    return s + "\n";
  };
  std::string out = line(t.header);
  for (const auto& r : t.rows) out += line(r);
  return out;
}

std::string Latex(const Grid& t) {
  std::string out = "\\begin{table}[t]\n\\centering\n";
  if (!t.title.empty()) out += "\\caption{" + LatexCell(t.title) + "}\n";
  out += "\\begin{tabular}{l" + std::string(t.header.empty() ? 0 : t.header.size() - 1, 'r') + "}\n\\toprule\n";
  auto line = [](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < cells.size(); ++c) s += (c ? " & " : "") + LatexCell(cells[c]);
    return s + " \\\\\n";
  };
  out += line(t.header) + "\\midrule\n";
  for (const auto& r : t.rows) out += line(r);
  out += "\\bottomrule\n\\end{tabular}\n";
  for (const auto& n : t.notes) out += "\\par\\smallskip " + LatexCell(n) + "\n";
  return out + "\\end{table}\n";
}

}  // namespace

Format ParseFormat(const std::string& name) {
  if (name == "table" || name == "terminal") return Format::kTerminal;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  if (name == "csv") return Format::kCsv;
  if (name == "latex" || name == "tex") return Format::kLatex;
  if (name == "json") return Format::kJson;
  throw std::invalid_argument("unknown format '" + name + "' (table, markdown, csv, json, latex)");
}

std::string Render(const Grid& t, Format f) {
  switch (f) {
    case Format::kTerminal: return Terminal(t);
    case Format::kMarkdown: return Markdown(t);
    case Format::kCsv: return Csv(t);
    case Format::kLatex: return Latex(t);
    case Format::kJson: break;
  }
  throw std::invalid_argument("JSON is rendered from the data, not from a table");
}

}  // namespace clue::report
