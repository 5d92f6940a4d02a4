#pragma once
// Row-oriented loaders for the dataset files CLUE reads: JSONL, a JSON array of objects and
// RFC 4180 CSV. Every row remembers the line it starts on so later validation errors can point at
// it as `file:line: field: problem` (InputError).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::data {

struct Row {
  int line = 0;          // 1-based line where the record starts
  nlohmann::json fields; // a JSON object; CSV values are all strings
};

struct Dataset {
  std::string path;
  std::vector<Row> rows;
};

// One JSON object per line; blank lines are skipped. A UTF-8 BOM and CRLF endings are accepted.
Dataset LoadJsonl(const std::string& path);
// A top-level array of objects. Each element is located with a string/escape-aware scan and
// parsed on its own, so Row.line is the line of the element's '{'.
Dataset LoadJsonArray(const std::string& path);
// RFC 4180 with a header row: quoted fields with "" escapes, embedded commas and newlines, CRLF or
// LF. Strict about quotes (a quote inside an unquoted field or text after a closing quote is an
// error). Completely blank lines between records are skipped. A record whose field count differs
// from the header's is an error naming its first line.
Dataset LoadCsv(const std::string& path);
// format: "jsonl" | "json" | "csv" | "auto". auto picks by extension (.jsonl, .json, .csv); a
// .json file whose first non-space character is '{' is read as JSONL.
Dataset LoadDataset(const std::string& path, const std::string& format);

// Every row must have each field as a JSON string: InputError(path, line, field, "missing") or
// "expected a string, got <type>".
void RequireStringFields(const Dataset& d, const std::vector<std::string>& fields);

// The JSON type name used in messages: "string", "number", "null", "array", "object", "boolean".
std::string JsonTypeName(const nlohmann::json& v);

}  // namespace clue::data
