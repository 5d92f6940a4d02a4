#include "clue/data/dataset.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "clue/data/input_error.h"

namespace clue::data {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
  return text;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Turns nlohmann's "[json.exception.parse_error.101] parse error at line L, column C: why" into
// (L, "column C: why") so the message can be re-anchored to the file's own line numbers.
std::pair<int, std::string> SplitParseError(const std::string& what) {
  std::string msg = what;
  if (auto p = msg.find("] "); msg.rfind("[json.exception", 0) == 0 && p != std::string::npos)
    msg = msg.substr(p + 2);
  int line = 1;
  const std::string at = "parse error at line ";
  if (msg.rfind(at, 0) == 0) {
    size_t i = at.size();
    line = 0;
    while (i < msg.size() && std::isdigit(static_cast<unsigned char>(msg[i])))
      line = line * 10 + (msg[i++] - '0');
    if (msg.compare(i, 2, ", ") == 0) i += 2;
    msg = msg.substr(i);
  } else if (msg.rfind("parse error: ", 0) == 0) {
    msg = msg.substr(13);
  }
  return {std::max(line, 1), msg};
}

// Parses text that starts on first_line of path; errors name the line the problem is on.
nlohmann::json ParseJsonAt(const std::string& text, const std::string& path, int first_line) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [rel_line, why] = SplitParseError(e.what());
    throw InputError(path, first_line + rel_line - 1, "", "invalid JSON: " + why);
  }
}

void RequireObject(const nlohmann::json& v, const std::string& path, int line) {
  if (!v.is_object())
    throw InputError(path, line, "", "expected a JSON object, got " + JsonTypeName(v));
}

// Scans one JSON value starting at text[pos] (which is not whitespace) and returns the index one
// past its end, counting newlines. Strings and escapes are honoured so braces inside strings do
// not count. Malformed content is left for the real parser to report.
size_t ScanValue(const std::string& text, size_t pos, int& line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return i + 1;
    } else if (depth == 0 && (c == ',' || IsSpace(c))) {
      return i;  // end of a scalar
    }
  }
  return text.size();
}

size_t SkipSpace(const std::string& text, size_t pos, int& line) {
  while (pos < text.size() && IsSpace(text[pos])) {
    if (text[pos] == '\n') ++line;
    ++pos;
  }
  return pos;
}

}  // namespace

std::string JsonTypeName(const nlohmann::json& v) { return v.type_name(); }

Dataset LoadJsonl(const std::string& path) {
  const std::string text = ReadWholeFile(path);
  Dataset d{path, {}};
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::all_of(line.begin(), line.end(), IsSpace)) continue;
    nlohmann::json v = ParseJsonAt(line, path, line_no);
    RequireObject(v, path, line_no);
    d.rows.push_back(Row{line_no, std::move(v)});
  }
  return d;
}

Dataset LoadJsonArray(const std::string& path) {
  const std::string text = ReadWholeFile(path);
  Dataset d{path, {}};
  int line = 1;
  size_t pos = SkipSpace(text, 0, line);
  if (pos >= text.size() || text[pos] != '[')
    throw InputError(path, pos >= text.size() ? 0 : line, "", "expected a top-level JSON array");
  pos = SkipSpace(text, pos + 1, line);
  if (pos < text.size() && text[pos] == ']') pos = SkipSpace(text, pos + 1, line);
  else {
    for (;;) {
      if (pos >= text.size()) throw InputError(path, line, "", "invalid JSON: unterminated array");
      const int start_line = line;
      const size_t end = ScanValue(text, pos, line);
      nlohmann::json v = ParseJsonAt(text.substr(pos, end - pos), path, start_line);
      RequireObject(v, path, start_line);
      d.rows.push_back(Row{start_line, std::move(v)});
      pos = SkipSpace(text, end, line);
      if (pos < text.size() && text[pos] == ',') {
        pos = SkipSpace(text, pos + 1, line);
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        pos = SkipSpace(text, pos + 1, line);
        break;
      }
      throw InputError(path, line, "", "invalid JSON: expected ',' or ']' after array element");
    }
  }
  if (pos < text.size()) throw InputError(path, line, "", "invalid JSON: text after the array");
  return d;
}

namespace {

// One CSV record with the line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Reads the next record at pos; returns false at end of input. Blank lines are skipped.
bool NextCsvRecord(const std::string& path, const std::string& text, size_t& pos, int& line,
                   CsvRecord& rec) {
  // Skip completely blank lines between records.
  while (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) {
    if (text[pos] == '\n') ++line;
    ++pos;
  }
  if (pos >= text.size()) return false;
  rec.line = line;
  rec.fields.assign(1, "");
  for (;;) {
    std::string& field = rec.fields.back();
    if (pos < text.size() && text[pos] == '"') {
      const int quote_line = line;
      ++pos;
      for (;;) {
        if (pos >= text.size())
          throw InputError(path, quote_line, "", "unterminated quoted field");
        const char c = text[pos++];
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') {
            field += '"';
            ++pos;
            continue;
          }
          break;
        }
        if (c == '\n') ++line;
        field += c;
      }
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r')
        throw InputError(path, line, "", "unexpected character after closing quote");
    } else {
      while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
        if (text[pos] == '"')
          throw InputError(path, line, "", "unexpected quote in unquoted field");
        field += text[pos++];
      }
    }
    if (pos >= text.size()) return true;
    if (text[pos] == ',') {
      ++pos;
      rec.fields.emplace_back();
      continue;
    }
    if (text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') {
      ++pos;
      ++line;
    }
    return true;
  }
}

}  // namespace

Dataset LoadCsv(const std::string& path) {
  const std::string text = ReadWholeFile(path);
  Dataset d{path, {}};
  size_t pos = 0;
  int line = 1;
  CsvRecord header;
  if (!NextCsvRecord(path, text, pos, line, header))
    throw InputError(path, 0, "", "empty CSV file (no header row)");
  CsvRecord rec;
  while (NextCsvRecord(path, text, pos, line, rec)) {
    if (rec.fields.size() != header.fields.size()) {
      throw InputError(path, rec.line, "",
                       "expected " + std::to_string(header.fields.size()) + " fields, got " +
                           std::to_string(rec.fields.size()));
    }
    nlohmann::json obj = nlohmann::json::object();
    for (size_t i = 0; i < rec.fields.size(); ++i) obj[header.fields[i]] = std::move(rec.fields[i]);
    d.rows.push_back(Row{rec.line, std::move(obj)});
  }
  return d;
}

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The first non-space byte of a file, or '\0' for an empty one.
char FirstNonSpace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  char c;
  int seen = 0;
  while (in.get(c)) {
    // Skip a UTF-8 BOM.
    if (seen < 3 && static_cast<unsigned char>(c) >= 0x80) {
      ++seen;
      continue;
    }
    if (!IsSpace(c)) return c;
  }
  return '\0';
}

}  // namespace

Dataset LoadDataset(const std::string& path, const std::string& format) {
  if (format == "jsonl") return LoadJsonl(path);
  if (format == "json") return LoadJsonArray(path);
  if (format == "csv") return LoadCsv(path);
  if (format != "auto")
    throw InputError(path, 0, "format", "unknown format '" + format + "' (jsonl, json, csv, auto)");
  if (EndsWith(path, ".jsonl")) return LoadJsonl(path);
  if (EndsWith(path, ".csv")) return LoadCsv(path);
  if (EndsWith(path, ".json")) {
    return FirstNonSpace(path) == '{' ? LoadJsonl(path) : LoadJsonArray(path);
  }
  throw InputError(path, 0, "format",
                   "cannot infer the format from the file name (expected .jsonl, .json or .csv)");
}

void RequireStringFields(const Dataset& d, const std::vector<std::string>& fields) {
  for (const Row& row : d.rows) {
    for (const std::string& f : fields) {
      auto it = row.fields.find(f);
      if (it == row.fields.end()) throw InputError(d.path, row.line, f, "missing");
      if (!it->is_string())
        throw InputError(d.path, row.line, f, "expected a string, got " + JsonTypeName(*it));
    }
  }
}

}  // namespace clue::data
