#pragma once
// Reads a whole file into memory, transparently decompressing it when it is gzip (zlib's gzread
// passes plain files through unchanged), for .gz vocabularies and code lists.
#include <string>

namespace clue::data {

// Throws InputError(path, 0, "", "cannot open file: <strerror>") or "cannot decompress: <why>".
std::string ReadMaybeGzippedFile(const std::string& path);

}  // namespace clue::data
