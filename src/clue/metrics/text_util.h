#pragma once
// Small UTF-8 helpers that reproduce Python's str semantics where the reference metrics rely on
// them: str.split() / str.rstrip() (Unicode whitespace) and code-point iteration.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue::metrics {

// Decodes one code point at s[i], advancing i. Invalid bytes decode as themselves (U+FFFD-free
// passthrough keeps lengths stable; JSON input is already valid UTF-8).
char32_t DecodeUtf8(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of cp.
void AppendUtf8(char32_t cp, std::string& out);

// Python's str.isspace() for a single code point (Python 3.11 / Unicode 14 table).
bool IsPySpace(char32_t cp);

// Python's str.split() with no argument: maximal runs of non-whitespace, as views into s.
void PySplit(std::string_view s, std::vector<std::string_view>& out);

// Python's str.rstrip() with no argument.
std::string_view PyRstrip(std::string_view s);

// Decodes all of s into code points (appending to out).
void DecodeAll(std::string_view s, std::u32string& out);

}  // namespace clue::metrics
