#include "clue/metrics/ngram_ids.h"

#include <algorithm>
#include <functional>

namespace clue::metrics {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser: cheap and spreads pair keys well
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

size_t TableSizeFor(size_t expected) {
  size_t cap = 16;
  while (cap < expected * 2 + 2) cap <<= 1;
  return cap;
}

// Bumps gen; on wrap-around clears the stamps so no stale slot looks live.
void NextGen(uint32_t& gen, std::vector<uint32_t>& stamps) {
  if (++gen == 0) {
    std::fill(stamps.begin(), stamps.end(), 0);
    gen = 1;
  }
}

}  // namespace

void IdPairMap::Reset(size_t expected) {
  const size_t cap = TableSizeFor(expected);
  if (cap > keys_.size()) {
    keys_.assign(cap, 0);
    vals_.assign(cap, 0);
    stamps_.assign(cap, 0);
    gen_ = 0;
  }
  mask_ = keys_.size() - 1;
  NextGen(gen_, stamps_);
  count_ = 0;
}

uint32_t IdPairMap::Intern(uint64_t key) {
  if ((count_ + 1) * 2 > keys_.size()) Grow();
  size_t slot = Mix(key) & mask_;
  while (stamps_[slot] == gen_) {
    if (keys_[slot] == key) return vals_[slot];
    slot = (slot + 1) & mask_;
  }
  stamps_[slot] = gen_;
  keys_[slot] = key;
  vals_[slot] = count_;
  return count_++;
}

void IdPairMap::Grow() {
  std::vector<uint64_t> keys = std::move(keys_);
  std::vector<uint32_t> vals = std::move(vals_), stamps = std::move(stamps_);
  const uint32_t old_gen = gen_;
  const size_t cap = keys.size() * 2;
  keys_.assign(cap, 0);
  vals_.assign(cap, 0);
  stamps_.assign(cap, 0);
  mask_ = cap - 1;
  gen_ = 1;
  for (size_t s = 0; s < keys.size(); ++s) {
    if (stamps[s] != old_gen) continue;
    size_t slot = Mix(keys[s]) & mask_;
    while (stamps_[slot] == gen_) slot = (slot + 1) & mask_;
    stamps_[slot] = gen_;
    keys_[slot] = keys[s];
    vals_[slot] = vals[s];
  }
}

void TokenInterner::Reset(size_t expected) {
  const size_t cap = TableSizeFor(expected);
  if (cap > slots_.size()) {
    slots_.assign(cap, 0);
    stamps_.assign(cap, 0);
    gen_ = 0;
  }
  mask_ = slots_.size() - 1;
  NextGen(gen_, stamps_);
  tokens_.clear();
  hashes_.clear();
}

uint32_t TokenInterner::Intern(std::string_view token) {
  if ((tokens_.size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t h = std::hash<std::string_view>{}(token);
  size_t slot = Mix(h) & mask_;
  while (stamps_[slot] == gen_) {
    const uint32_t id = slots_[slot];
    if (hashes_[id] == h && tokens_[id] == token) return id;
    slot = (slot + 1) & mask_;
  }
  const auto id = static_cast<uint32_t>(tokens_.size());
  stamps_[slot] = gen_;
  slots_[slot] = id;
  tokens_.push_back(token);
  hashes_.push_back(h);
  return id;
}

void TokenInterner::Grow() {
  const size_t cap = slots_.size() * 2;
  slots_.assign(cap, 0);
  stamps_.assign(cap, 0);
  mask_ = cap - 1;
  gen_ = 1;
  for (uint32_t id = 0; id < tokens_.size(); ++id) {
    size_t slot = Mix(hashes_[id]) & mask_;
    while (stamps_[slot] == gen_) slot = (slot + 1) & mask_;
    stamps_[slot] = gen_;
    slots_[slot] = id;
  }
}

uint64_t MultisetOverlap(const uint32_t* a, size_t na, const uint32_t* b, size_t nb,
                         uint32_t id_count, std::vector<int32_t>& counts) {
  counts.assign(id_count, 0);
  for (size_t i = 0; i < na; ++i) ++counts[a[i]];
  uint64_t overlap = 0;
  for (size_t i = 0; i < nb; ++i) {
    if (counts[b[i]] > 0) {
      --counts[b[i]];
      ++overlap;
    }
  }
  return overlap;
}

}  // namespace clue::metrics
