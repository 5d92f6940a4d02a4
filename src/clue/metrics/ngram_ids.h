#pragma once
// Allocation-free (in steady state) interning for n-gram counting: tokens -> dense ids, and
// (id, id) pairs -> dense ids, so an n-gram's id is built from its (n-1)-gram's id and one more
// token. Tables are open-addressed and reset in O(1) by bumping a generation stamp.
#include <cstdint>
#include <string_view>
#include <vector>

namespace clue::metrics {

class IdPairMap {
 public:
  // Forgets all pairs; `expected` sizes the table so it stays at most half full.
  void Reset(size_t expected);
  // Dense id (0, 1, ...) of key, assigned on first sight.
  uint32_t Intern(uint64_t key);
  uint32_t size() const { return count_; }

 private:
  void Grow();
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  std::vector<uint32_t> stamps_;
  uint32_t gen_ = 0;
  uint32_t count_ = 0;
  size_t mask_ = 0;
};

// Interns string views (which must outlive the Reset cycle) to dense ids.
class TokenInterner {
 public:
  void Reset(size_t expected);
  uint32_t Intern(std::string_view token);
  uint32_t size() const { return static_cast<uint32_t>(tokens_.size()); }

 private:
  void Grow();
  std::vector<std::string_view> tokens_;  // id -> token
  std::vector<uint64_t> hashes_;          // id -> hash
  std::vector<uint32_t> slots_;           // slot -> id + 1 (valid when stamp matches)
  std::vector<uint32_t> stamps_;
  uint32_t gen_ = 0;
  size_t mask_ = 0;
};

// Multiset intersection size of two id sequences: sum over ids of min(count in a, count in b).
// `counts` is scratch; ids must be < id_count.
uint64_t MultisetOverlap(const uint32_t* a, size_t na, const uint32_t* b, size_t nb,
                         uint32_t id_count, std::vector<int32_t>& counts);

}  // namespace clue::metrics
