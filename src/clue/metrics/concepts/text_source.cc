#include "clue/metrics/concepts/text_source.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "clue/data/input_error.h"

namespace clue::metrics::concepts {
namespace {

std::string Gunzip(const std::string& path, const std::string& raw) {
  z_stream zs{};
  // 16 + MAX_WBITS: accept the gzip wrapper only (and concatenated members via the loop below).
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    throw data::InputError(path, 0, "", "cannot initialise zlib");
  std::string out;
  out.reserve(raw.size() * 4);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  zs.avail_in = static_cast<uInt>(raw.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK) break;
    if (zs.avail_in == 0 && zs.avail_out != 0) break;  // input ran out mid-stream
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END)
    throw data::InputError(path, 0, "", "corrupt or truncated gzip data");
  return out;
}

}  // namespace

std::string ReadRawFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw data::InputError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw data::InputError(path, 0, "", "read error");
  return std::move(ss).str();
}

std::string ReadTextFile(const std::string& path) { return DecodeText(path, ReadRawFile(path)); }

std::string DecodeText(const std::string& path, std::string raw) {
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
      static_cast<unsigned char>(raw[1]) == 0x8b)
    return Gunzip(path, raw);
  return raw;
}

bool LineCursor::Next(std::string_view* line) {
  if (pos_ >= text_.size()) return false;
  size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  std::string_view l = text_.substr(pos_, end - pos_);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  pos_ = end + 1;
  ++line_;
  *line = l;
  return true;
}

uint64_t HashBytes(std::string_view bytes, uint64_t seed) {
  // Word-at-a-time multiply/xor-shift mixing: ~GB/s, so hashing 10 MB of inputs costs ~10 ms.
  const uint64_t k = 0x9E3779B97F4A7C15ull;
  uint64_t h = seed ^ (bytes.size() * k);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h ^= w * k;
    h = (h << 27 | h >> 37) * 0xBF58476D1CE4E5B9ull;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h ^= tail * k;
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 29;
  return h;
}

}  // namespace clue::metrics::concepts
