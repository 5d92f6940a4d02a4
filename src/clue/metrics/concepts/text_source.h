#pragma once
// Reads a dictionary file whole, gunzipping it when it is gzip-compressed (detected by the magic
// bytes, not the name), so the shared vocabularies can be used exactly as they are stored.
#include <cstdint>
#include <string>
#include <string_view>

namespace clue::metrics::concepts {

// The decompressed bytes of `path`. Throws data::InputError(path, 0, "", ...) when the file cannot
// be opened or the gzip stream is corrupt/truncated.
std::string ReadTextFile(const std::string& path);
// The two halves of ReadTextFile: the raw bytes (for content hashing) and their decoding.
std::string ReadRawFile(const std::string& path);
std::string DecodeText(const std::string& path, std::string raw);

// Walks a buffer line by line ("\n" or "\r\n"), counting 1-based line numbers for error messages.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  // Next line without its terminator; false at the end.
  bool Next(std::string_view* line);
  int line_number() const { return line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 0;
};

// 64-bit content hash (not cryptographic) used to key the index cache; fast enough to hash the
// raw input files on every start.
uint64_t HashBytes(std::string_view bytes, uint64_t seed = 0);

}  // namespace clue::metrics::concepts
