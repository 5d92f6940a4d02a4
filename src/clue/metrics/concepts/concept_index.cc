#include "clue/metrics/concepts/concept_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>

#include "clue/metrics/concepts/concept_search.h"
#include "clue/metrics/concepts/text_source.h"
#include "clue/metrics/concepts/tokenizer.h"

namespace clue::metrics::concepts {
namespace {

enum Sect {
  kCidOff, kCidChars, kCanonOff, kCanonChars, kTermOff, kTermChars, kTermSize, kTcOff, kTc,
  kGramKeys, kPostOff, kPostings, kSlots, kTgOff, kTg, kPostWord, kBlkOff, kBlkStart,
  kBlkSize, kBlkMinPos, kExact, kNumSect
};

// Mapped gram ids: grams the index knows are kKnown + rarity rank; unknown ones keep their raw
// 24-bit value, which sorts them first (document frequency 0 = rarest).
constexpr uint32_t kKnown = kKnownGramBase;

struct Section {
  uint64_t offset, bytes;
};

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t flags;  // bit 0: fold_case
  double min_threshold;
  uint64_t key;
  uint64_t checksum;  // HashBytes of everything after the header
  uint64_t total;
  Section sect[kNumSect];
};

constexpr char kMagic[8] = {'C', 'L', 'U', 'E', 'C', 'I', 'D', 'X'};

inline uint32_t SlotHash(uint32_t gram, uint32_t mask) {
  return static_cast<uint32_t>((gram * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

// Appends 8-byte-aligned sections to one buffer.
class BufferWriter {
 public:
  BufferWriter() { bytes_.resize(sizeof(Header)); }
  template <typename T>
  void Put(Sect s, const std::vector<T>& v) {
    PutRaw(s, v.data(), v.size() * sizeof(T));
  }
  void PutRaw(Sect s, const void* data, size_t n) {
    header_.sect[s] = Section{bytes_.size(), n};
    bytes_.append(static_cast<const char*>(data), n);
    bytes_.resize((bytes_.size() + 7) & ~size_t{7});
  }
  std::string Finish(uint64_t key, const IndexOptions& opt) {
    std::memcpy(header_.magic, kMagic, 8);
    header_.version = kIndexFormatVersion;
    header_.flags = opt.fold_case ? 1 : 0;
    header_.min_threshold = opt.min_threshold;
    header_.key = key;
    header_.total = bytes_.size();
    header_.checksum = HashBytes(std::string_view(bytes_).substr(sizeof(Header)));
    std::memcpy(bytes_.data(), &header_, sizeof(Header));
    return std::move(bytes_);
  }

 private:
  Header header_{};
  std::string bytes_;
};

// Offsets + concatenated characters for a list of strings.
template <typename GetString>
void PutStrings(BufferWriter* w, Sect off_sect, Sect chars_sect, size_t n, GetString get) {
  std::vector<uint32_t> off{0};
  std::string chars;
  for (size_t i = 0; i < n; ++i) {
    chars += get(i);
    off.push_back(static_cast<uint32_t>(chars.size()));
  }
  w->Put(off_sect, off);
  w->PutRaw(chars_sect, chars.data(), chars.size());
}

struct TermBuild {
  std::string text;
  std::vector<std::pair<uint32_t, bool>> concepts;  // (concept, is its canonical name)
  std::vector<uint32_t> grams;
};

std::vector<TermBuild> CollectTerms(const Dictionary& dict, bool fold) {
  std::vector<TermBuild> terms;
  std::unordered_map<std::string, uint32_t> by_text;
  by_text.reserve(dict.name_count());
  const auto& concepts = dict.concepts();
  auto add = [&](const std::string& name, uint32_t c, bool canonical) {
    std::string norm = NormalizeName(name, fold);
    if (norm.empty()) return;
    auto [it, inserted] = by_text.try_emplace(norm, static_cast<uint32_t>(terms.size()));
    if (inserted) terms.push_back(TermBuild{std::move(norm), {}, {}});
    auto& list = terms[it->second].concepts;
    for (auto& [cc, canon] : list) {
      if (cc == c) {
        canon |= canonical;
        return;
      }
    }
    list.emplace_back(c, canonical);
  };
  for (uint32_t c = 0; c < concepts.size(); ++c) {
    add(concepts[c].canonical, c, true);
    for (const auto& s : concepts[c].synonyms) add(s, c, false);
  }
  return terms;
}

std::string BuildBuffer(const Dictionary& dict, const IndexOptions& opt, uint64_t key) {
  if (!(opt.min_threshold > 0 && opt.min_threshold <= 1))
    throw std::invalid_argument("index min_threshold must be in (0, 1]");
  std::vector<TermBuild> terms = CollectTerms(dict, opt.fold_case);
  for (auto& t : terms) t.grams = NameTrigrams(t.text);
  std::erase_if(terms, [](const TermBuild& t) {
    return t.grams.empty() || t.grams.size() > kMaxTermGrams;
  });
  // Term ids ordered by 3-gram count, so each size is a contiguous id range.
  std::stable_sort(terms.begin(), terms.end(), [](const TermBuild& a, const TermBuild& b) {
    return a.grams.size() < b.grams.size();
  });
  BufferWriter w;
  const auto& concepts = dict.concepts();
  PutStrings(&w, kCidOff, kCidChars, concepts.size(), [&](size_t i) { return concepts[i].id; });
  PutStrings(&w, kCanonOff, kCanonChars, concepts.size(),
             [&](size_t i) { return concepts[i].canonical; });
  PutStrings(&w, kTermOff, kTermChars, terms.size(), [&](size_t i) { return terms[i].text; });
  std::vector<uint8_t> sizes(terms.size());
  std::vector<uint32_t> tc_off{0}, tc;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    sizes[t] = static_cast<uint8_t>(terms[t].grams.size());
    auto& list = terms[t].concepts;
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.second && !b.second; });
    for (auto& [c, _] : list) tc.push_back(c);
    tc_off.push_back(static_cast<uint32_t>(tc.size()));
  }
  // Global gram order: rarest first (document frequency, then raw value).
  std::unordered_map<uint32_t, uint32_t> df;
  for (const auto& t : terms)
    for (uint32_t g : t.grams) ++df[g];
  std::vector<uint32_t> keys;
  keys.reserve(df.size());
  for (const auto& [g, _] : df) keys.push_back(g);
  std::sort(keys.begin(), keys.end(), [&](uint32_t a, uint32_t b) {
    return df[a] != df[b] ? df[a] < df[b] : a < b;
  });
  std::unordered_map<uint32_t, uint32_t> rank;
  rank.reserve(keys.size());
  for (uint32_t r = 0; r < keys.size(); ++r) rank[keys[r]] = r;
  // Each term's grams as ranks (sorted = rarest first); only its prefix of
  // |Y| - ceil(t^2 |Y|) + 1 rarest grams is posted (any query reaching the threshold must share
  // one of them: the prefix-filtering lemma with the minimum overlap t^2 |Y| of cosine and Jaccard).
  std::vector<uint32_t> tg_off{0}, tg;
  std::vector<uint64_t> pairs;
  const double a2 = opt.min_threshold * opt.min_threshold;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    std::vector<uint32_t> ranks;
    for (uint32_t g : terms[t].grams) ranks.push_back(rank[g]);
    std::sort(ranks.begin(), ranks.end());
    const size_t y = ranks.size();
    const size_t min_overlap = std::max<size_t>(1, static_cast<size_t>(std::ceil(a2 * y - 1e-9)));
    const size_t prefix = y - std::min(y, min_overlap) + 1;
    // Posting = (rank, term, position of the gram in the term's sorted list) for PPJoin's
    // positional filter.
    for (size_t i = 0; i < prefix && i < y; ++i)
      pairs.push_back(uint64_t{ranks[i]} << 40 | uint64_t{t} << 8 | i);
    for (uint32_t r : ranks) tg.push_back(kKnown + r);
    tg_off.push_back(static_cast<uint32_t>(tg.size()));
  }
  // Within a gram's list: by term size (one block per size, found through the block directory
  // of BuildSearchLayout), then by the gram's position in the term, so Search can stop reading a
  // block at the first position too late to reach the needed overlap.
  std::sort(pairs.begin(), pairs.end(), [&](uint64_t p, uint64_t q) {
    const uint32_t rp = static_cast<uint32_t>(p >> 40), rq = static_cast<uint32_t>(q >> 40);
    if (rp != rq) return rp < rq;
    const uint32_t tp = static_cast<uint32_t>(p >> 8), tq = static_cast<uint32_t>(q >> 8);
    if (sizes[tp] != sizes[tq]) return sizes[tp] < sizes[tq];
    if ((p & 0xFF) != (q & 0xFF)) return (p & 0xFF) < (q & 0xFF);
    return tp < tq;
  });
  std::vector<uint32_t> post_off(keys.size() + 1, 0), postings;
  std::vector<uint8_t> post_pos;
  postings.reserve(pairs.size());
  post_pos.reserve(pairs.size());
  for (uint64_t p : pairs) {
    ++post_off[(p >> 40) + 1];
    postings.push_back(static_cast<uint32_t>((p >> 8) & 0xFFFFFFFFull));
    post_pos.push_back(static_cast<uint8_t>(p & 0xFF));
  }
  for (size_t r = 0; r < keys.size(); ++r) post_off[r + 1] += post_off[r];
  uint32_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  std::vector<uint32_t> slots(cap, 0);
  for (uint32_t i = 0; i < keys.size(); ++i) {
    uint32_t s = SlotHash(keys[i], cap - 1);
    while (slots[s] != 0) s = (s + 1) & (cap - 1);
    slots[s] = i + 1;
  }
  w.Put(kTermSize, sizes);
  w.Put(kTcOff, tc_off);
  w.Put(kTc, tc);
  w.Put(kGramKeys, keys);
  w.Put(kPostOff, post_off);
  w.Put(kPostings, postings);
  w.Put(kSlots, slots);
  w.Put(kTgOff, tg_off);
  w.Put(kTg, tg);
  const SearchLayout layout = BuildSearchLayout(post_off, postings, post_pos, sizes, tg_off, tg);
  w.Put(kPostWord, layout.word);
  w.Put(kBlkOff, layout.blk_off);
  w.Put(kBlkStart, layout.blk_start);
  w.Put(kBlkSize, layout.blk_size);
  w.Put(kBlkMinPos, layout.blk_min_pos);
  w.Put(kExact, layout.exact);
  return w.Finish(key, opt);
}

// Structural checks of a buffer read from disk; empty string when sound.
std::string Validate(const char* base, size_t size, uint64_t key) {
  if (size < sizeof(Header)) return "file shorter than its header";
  Header h;
  std::memcpy(&h, base, sizeof(Header));
  if (std::memcmp(h.magic, kMagic, 8) != 0) return "not a clue concept index";
  if (h.version != kIndexFormatVersion) return "index format version differs";
  if (h.key != key) return "built from different inputs/options";
  if (h.total != size) return "truncated or padded file";
  if (!(h.min_threshold > 0 && h.min_threshold <= 1)) return "bad min_threshold in header";
  for (const Section& s : h.sect)
    if (s.offset % 8 != 0 || s.offset < sizeof(Header) || s.offset > size ||
        s.bytes > size - s.offset)
      return "section out of range";
  if (HashBytes(std::string_view(base + sizeof(Header), size - sizeof(Header))) != h.checksum)
    return "checksum mismatch (corrupt file)";
  return "";
}

}  // namespace

ConceptIndex::~ConceptIndex() {
  if (map_) munmap(map_, size_);
}

void ConceptIndex::Bind() {
  Header h;
  std::memcpy(&h, base_, sizeof(Header));
  auto u32 = [&](Sect s) { return reinterpret_cast<const uint32_t*>(base_ + h.sect[s].offset); };
  auto chr = [&](Sect s) { return base_ + h.sect[s].offset; };
  auto count = [&](Sect s) { return static_cast<uint32_t>(h.sect[s].bytes / 4); };
  nc_ = count(kCidOff) - 1;
  nt_ = count(kTermOff) - 1;
  ng_ = count(kGramKeys);
  slot_mask_ = count(kSlots) - 1;
  cid_off_ = u32(kCidOff), cid_chars_ = chr(kCidChars);
  canon_off_ = u32(kCanonOff), canon_chars_ = chr(kCanonChars);
  term_off_ = u32(kTermOff), term_chars_ = chr(kTermChars);
  term_size_ = reinterpret_cast<const uint8_t*>(chr(kTermSize));
  tc_off_ = u32(kTcOff), tc_ = u32(kTc);
  gram_keys_ = u32(kGramKeys), post_off_ = u32(kPostOff), postings_ = u32(kPostings);
  slots_ = u32(kSlots);
  tg_off_ = u32(kTgOff), tg_ = u32(kTg);
  post_word_ = reinterpret_cast<const uint64_t*>(chr(kPostWord));
  blk_off_ = u32(kBlkOff), blk_start_ = u32(kBlkStart);
  blk_size_ = reinterpret_cast<const uint8_t*>(chr(kBlkSize));
  blk_min_pos_ = reinterpret_cast<const uint8_t*>(chr(kBlkMinPos));
  exact_ = u32(kExact), exact_mask_ = count(kExact) - 1;
  // Cheap consistency checks of the counts against each other (the checksum covers the rest).
  auto fits = [&](Sect off, Sect data, uint32_t n, size_t elem) {
    return reinterpret_cast<const uint32_t*>(base_ + h.sect[off].offset)[n] * elem <=
           h.sect[data].bytes;
  };
  if (h.sect[kCidOff].bytes < 4 || h.sect[kTermOff].bytes < 4 || count(kCanonOff) != nc_ + 1 ||
      count(kTcOff) != nt_ + 1 || count(kPostOff) != ng_ + 1 || h.sect[kTermSize].bytes != nt_ ||
      (slot_mask_ & (slot_mask_ + 1)) != 0 ||
      !fits(kCidOff, kCidChars, nc_, 1) || !fits(kCanonOff, kCanonChars, nc_, 1) ||
      !fits(kTermOff, kTermChars, nt_, 1) || !fits(kTcOff, kTc, nt_, 4) ||
      !fits(kPostOff, kPostings, ng_, 4) || count(kTgOff) != nt_ + 1 || !fits(kTgOff, kTg, nt_, 4) ||
      h.sect[kPostWord].bytes != h.sect[kPostings].bytes * 2 || count(kBlkOff) != ng_ + 1 ||
      count(kBlkStart) != h.sect[kBlkSize].bytes + 1 ||
      h.sect[kBlkMinPos].bytes != h.sect[kBlkSize].bytes || blk_off_[ng_] != h.sect[kBlkSize].bytes ||
      blk_start_[h.sect[kBlkSize].bytes] != post_off_[ng_] || count(kExact) == 0 ||
      (exact_mask_ & (exact_mask_ + 1)) != 0)
    throw std::runtime_error("inconsistent concept index sections");
  BindSearch();
}

std::shared_ptr<const ConceptIndex> ConceptIndex::Build(const Dictionary& dict,
                                                        const IndexOptions& opt, uint64_t key) {
  std::string buf = BuildBuffer(dict, opt, key);
  std::shared_ptr<ConceptIndex> idx(new ConceptIndex());
  idx->owned_.resize((buf.size() + 7) / 8);
  std::memcpy(idx->owned_.data(), buf.data(), buf.size());
  idx->base_ = reinterpret_cast<const char*>(idx->owned_.data());
  idx->size_ = buf.size();
  idx->Bind();
  return idx;
}

std::shared_ptr<const ConceptIndex> ConceptIndex::Open(const std::string& path, uint64_t key,
                                                       std::string* why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *why = "no cache file";
    return nullptr;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    *why = "empty cache file";
    return nullptr;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) {
    *why = "mmap failed";
    return nullptr;
  }
  std::shared_ptr<ConceptIndex> idx(new ConceptIndex());
  idx->map_ = map;
  idx->size_ = size;
  idx->base_ = static_cast<const char*>(map);
  *why = Validate(idx->base_, size, key);
  if (!why->empty()) return nullptr;
  try {
    idx->Bind();
  } catch (const std::exception& e) {
    *why = e.what();
    return nullptr;
  }
  return idx;
}

void ConceptIndex::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < size_) {
    ssize_t n = ::write(fd, base_ + done, size_ - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + ": " + std::strerror(errno));
  }
}

uint64_t ConceptIndex::key() const {
  Header h;
  std::memcpy(&h, base_, sizeof(Header));
  return h.key;
}

double ConceptIndex::min_threshold() const {
  Header h;
  std::memcpy(&h, base_, sizeof(Header));
  return h.min_threshold;
}

bool ConceptIndex::fold_case() const {
  Header h;
  std::memcpy(&h, base_, sizeof(Header));
  return (h.flags & 1) != 0;
}

std::string_view ConceptIndex::concept_id(uint32_t c) const {
  return {cid_chars_ + cid_off_[c], cid_off_[c + 1] - cid_off_[c]};
}
std::string_view ConceptIndex::canonical(uint32_t c) const {
  return {canon_chars_ + canon_off_[c], canon_off_[c + 1] - canon_off_[c]};
}
std::string_view ConceptIndex::term(uint32_t t) const {
  return {term_chars_ + term_off_[t], term_off_[t + 1] - term_off_[t]};
}
std::span<const uint32_t> ConceptIndex::term_concepts(uint32_t t) const {
  return {tc_ + tc_off_[t], tc_off_[t + 1] - tc_off_[t]};
}

std::span<const uint32_t> ConceptIndex::term_gram_ranks(uint32_t t) const {
  return {tg_ + tg_off_[t], tg_off_[t + 1] - tg_off_[t]};
}

void ConceptIndex::MapGrams(std::span<const uint32_t> raw, std::vector<uint32_t>* out) const {
  out->clear();
  for (uint32_t g : raw) {
    uint32_t s = SlotHash(g, slot_mask_), mapped = g;
    while (const uint32_t v = slots_[s]) {
      if (gram_keys_[v - 1] == g) {
        mapped = kKnown + v - 1;
        break;
      }
      s = (s + 1) & slot_mask_;
    }
    out->push_back(mapped);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

std::string DefaultCacheDir() {
  if (const char* d = std::getenv("CLUE_CACHE_DIR"); d && *d) return std::string(d) + "/concepts";
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::string(d) + "/clue/concepts";
  if (const char* d = std::getenv("HOME"); d && *d) return std::string(d) + "/.cache/clue/concepts";
  return "";
}

std::shared_ptr<const ConceptIndex> LoadOrBuildIndex(const IndexSource& src, IndexLoadInfo* info) {
  IndexLoadInfo local;
  if (!info) info = &local;
  struct Input {
    DictFormat format;
    std::string path, raw;
  };
  std::vector<Input> inputs;
  uint64_t key = HashBytes("clue-concept-index", kIndexFormatVersion);
  key = HashBytes(src.options.fold_case ? "fold" : "keep", key);
  key = HashBytes(std::to_string(src.options.min_threshold), key);
  for (const auto& spec : src.dictionaries) {
    Input in;
    ParseDictSpec(spec, &in.format, &in.path);
    in.raw = ReadRawFile(in.path);
    key = HashBytes(FormatName(in.format), key);
    key = HashBytes(in.raw, key);
    inputs.push_back(std::move(in));
  }
  if (!src.cache_dir.empty()) {
    char name[40];
    std::snprintf(name, sizeof(name), "index-%016llx.cidx", static_cast<unsigned long long>(key));
    info->cache_path = src.cache_dir + "/" + name;
    if (auto idx = ConceptIndex::Open(info->cache_path, key, &info->note)) {
      info->from_cache = true;
      return idx;
    }
  }
  Dictionary all;
  for (auto& in : inputs) {
    all.Merge(ParseDictionary(in.format, in.path, DecodeText(in.path, std::move(in.raw))));
  }
  auto idx = ConceptIndex::Build(all, src.options, key);
  if (!info->cache_path.empty()) {
    // A cache that cannot be written only costs speed next time; the run goes on.
    std::error_code ec;
    std::filesystem::create_directories(src.cache_dir, ec);
    try {
      idx->Save(info->cache_path);
    } catch (const std::exception& e) {
      info->note += std::string("; not cached: ") + e.what();
    }
  }
  return idx;
}

}  // namespace clue::metrics::concepts
