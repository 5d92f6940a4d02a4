#pragma once
// SHA-256 for cache keys, task hashes and prompt hashes, via OpenSSL's EVP interface (a
// well-kept implementation rather than our own).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace clue::data {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> Digest();
  std::string HexDigest();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// Lower-case hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace clue::data
