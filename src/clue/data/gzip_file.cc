#include "clue/data/gzip_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "clue/data/input_error.h"

namespace clue::data {

std::string ReadMaybeGzippedFile(const std::string& path) {
  errno = 0;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) {
    throw InputError(path, 0, "", std::string("cannot open file: ") +
                                      (errno ? std::strerror(errno) : "out of memory"));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int code = 0;
      std::string why = gzerror(f, &code);
      if (code == Z_ERRNO) why = std::strerror(errno);
      gzclose(f);
      throw InputError(path, 0, "", "cannot decompress: " + why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  // A truncated gzip stream ends without error from gzread but is reported here.
  int code = 0;
  const char* msg = gzerror(f, &code);
  if (code != Z_OK && code != Z_BUF_ERROR) {
    std::string why = msg;
    gzclose(f);
    throw InputError(path, 0, "", "cannot decompress: " + why);
  }
  if (gzclose(f) == Z_BUF_ERROR) {
    throw InputError(path, 0, "", "cannot decompress: truncated gzip stream");
  }
  return out;
}

}  // namespace clue::data
