#include "clue/metrics/bert/torch_pickle.h"

#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <zip.h>

namespace clue::metrics::bert {
namespace {

using Kind = PyValue::Kind;

const char* OpcodeName(uint8_t op) {
  static const std::map<uint8_t, const char*> names = {
      {'(', "MARK"}, {'.', "STOP"}, {'0', "POP"}, {'1', "POP_MARK"}, {'2', "DUP"},
      {'F', "FLOAT"}, {'I', "INT"}, {'J', "BININT"}, {'K', "BININT1"}, {'L', "LONG"},
      {'M', "BININT2"}, {'N', "NONE"}, {'P', "PERSID"}, {'Q', "BINPERSID"}, {'R', "REDUCE"},
      {'S', "STRING"}, {'T', "BINSTRING"}, {'U', "SHORT_BINSTRING"}, {'V', "UNICODE"},
      {'X', "BINUNICODE"}, {'a', "APPEND"}, {'b', "BUILD"}, {'c', "GLOBAL"}, {'d', "DICT"},
      {'}', "EMPTY_DICT"}, {'e', "APPENDS"}, {'g', "GET"}, {'h', "BINGET"}, {'i', "INST"},
      {'j', "LONG_BINGET"}, {'l', "LIST"}, {']', "EMPTY_LIST"}, {'o', "OBJ"}, {'p', "PUT"},
      {'q', "BINPUT"}, {'r', "LONG_BINPUT"}, {'s', "SETITEM"}, {'t', "TUPLE"},
      {')', "EMPTY_TUPLE"}, {'u', "SETITEMS"}, {'G', "BINFLOAT"}, {0x80, "PROTO"},
      {0x81, "NEWOBJ"}, {0x82, "EXT1"}, {0x83, "EXT2"}, {0x84, "EXT4"}, {0x85, "TUPLE1"},
      {0x86, "TUPLE2"}, {0x87, "TUPLE3"}, {0x88, "NEWTRUE"}, {0x89, "NEWFALSE"},
      {0x8a, "LONG1"}, {0x8b, "LONG4"}, {'B', "BINBYTES"}, {'C', "SHORT_BINBYTES"},
      {0x8c, "SHORT_BINUNICODE"}, {0x8d, "BINUNICODE8"}, {0x8e, "BINBYTES8"},
      {0x8f, "EMPTY_SET"}, {0x90, "ADDITEMS"}, {0x91, "FROZENSET"}, {0x92, "NEWOBJ_EX"},
      {0x93, "STACK_GLOBAL"}, {0x94, "MEMOIZE"}, {0x95, "FRAME"}, {0x96, "BYTEARRAY8"},
      {0x97, "NEXT_BUFFER"}, {0x98, "READONLY_BUFFER"}};
  auto it = names.find(op);
  return it == names.end() ? "unknown" : it->second;
}

// The storage classes torch writes in persistent ids, with their element sizes.
const std::map<std::string, size_t>& StorageTypes() {
  static const std::map<std::string, size_t> types = {
      {"torch.FloatStorage", 4}, {"torch.HalfStorage", 2}, {"torch.BFloat16Storage", 2},
      {"torch.DoubleStorage", 8}, {"torch.LongStorage", 8}, {"torch.IntStorage", 4},
      {"torch.ShortStorage", 2}, {"torch.CharStorage", 1}, {"torch.ByteStorage", 1},
      {"torch.BoolStorage", 1}};
  return types;
}

const std::set<std::string>& AllowedCallables() {
  static const std::set<std::string> names = {
      "collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter"};
  return names;
}

PyPtr Make(Kind k) {
  auto v = std::make_shared<PyValue>();
  v->kind = k;
  return v;
}

class Unpickler {
 public:
  Unpickler(std::string_view data, size_t pos, const PersistentLoad& pl)
      : data_(data), pos_(pos), persistent_load_(pl) {}

  PyPtr Run(size_t* end_pos) {
    while (true) {
      const size_t op_pos = pos_;
      const uint8_t op = Byte();
      if (op == '.') {
        *end_pos = pos_;
        if (stack_.empty()) Fail(op_pos, "STOP with an empty stack");
        return stack_.back();
      }
      Step(op, op_pos);
    }
  }

 private:
  [[noreturn]] void Fail(size_t at, const std::string& what) const {
    throw std::runtime_error(fmt::format("pickle byte {}: {}", at, what));
  }
  uint8_t Byte() {
    if (pos_ >= data_.size()) Fail(pos_, "unexpected end of data");
    return static_cast<uint8_t>(data_[pos_++]);
  }
  std::string_view Bytes(uint64_t n) {
    if (n > data_.size() - pos_) Fail(pos_, "truncated pickle");
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  uint64_t LittleEndian(int n) {
    std::string_view b = Bytes(n);
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[i]);
    return v;
  }
  std::string Line() {
    size_t nl = data_.find('\n', pos_);
    if (nl == std::string_view::npos) Fail(pos_, "unterminated GLOBAL name");
    std::string s(data_.substr(pos_, nl - pos_));
    pos_ = nl + 1;
    return s;
  }
  PyPtr Pop(size_t at) {
    if (stack_.size() <= MarkFloor()) Fail(at, "stack underflow");
    PyPtr v = stack_.back();
    stack_.pop_back();
    return v;
  }
  size_t MarkFloor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<PyPtr> PopToMark(size_t at) {
    if (marks_.empty()) Fail(at, "no MARK on the stack");
    const size_t m = marks_.back();
    marks_.pop_back();
    std::vector<PyPtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  PyPtr& Top(size_t at) {
    if (stack_.size() <= MarkFloor()) Fail(at, "stack underflow");
    return stack_.back();
  }
  void PushInt(int64_t v, Kind k = Kind::kInt) {
    auto p = Make(k);
    p->i = v;
    stack_.push_back(p);
  }
  void PushString(std::string_view s, Kind k) {
    auto p = Make(k);
    p->s = std::string(s);
    stack_.push_back(p);
  }
  void PushTuple(std::vector<PyPtr> items) {
    auto t = Make(Kind::kTuple);
    t->items = std::move(items);
    stack_.push_back(t);
  }
  void Memo(uint64_t idx, size_t at) {
    memo_[idx] = Top(at);
  }
  void Get(uint64_t idx, size_t at) {
    auto it = memo_.find(idx);
    if (it == memo_.end()) Fail(at, fmt::format("memo key {} not found", idx));
    stack_.push_back(it->second);
  }
  void Global(const std::string& module, const std::string& name, size_t at) {
    // Checkpoints saved from a GPU name torch.cuda.XStorage; the bytes are the same as on CPU.
    const std::string full = (module == "torch.cuda" ? "torch" : module) + "." + name;
    if (!AllowedCallables().count(full) && !StorageTypes().count(full))
      Fail(at, "refused global '" + full + "': only torch tensor-storage globals are allowed");
    PushString(full, Kind::kGlobal);
  }
  void SetItems(const PyPtr& dict, const std::vector<PyPtr>& kv, size_t at) {
    if (dict->kind != Kind::kDict) Fail(at, "SETITEM(S) on a non-dict");
    if (kv.size() % 2) Fail(at, "SETITEMS with an odd number of items");
    for (const auto& x : kv) dict->items.push_back(x);
  }
  void Appends(const PyPtr& list, const std::vector<PyPtr>& xs, size_t at) {
    if (list->kind != Kind::kList) Fail(at, "APPEND(S) on a non-list");
    for (const auto& x : xs) list->items.push_back(x);
  }

  void Step(uint8_t op, size_t at) {
    switch (op) {
      case 0x80: Byte(); return;                 // PROTO
      case 0x95: LittleEndian(8); return;        // FRAME
      case '}': stack_.push_back(Make(Kind::kDict)); return;
      case ']': stack_.push_back(Make(Kind::kList)); return;
      case ')': stack_.push_back(Make(Kind::kTuple)); return;
      case '(': marks_.push_back(stack_.size()); return;
      case 't': PushTuple(PopToMark(at)); return;
      case 0x85: case 0x86: case 0x87: {
        std::vector<PyPtr> items(op - 0x84);
        for (size_t k = items.size(); k-- > 0;) items[k] = Pop(at);
        PushTuple(std::move(items));
        return;
      }
      case 'N': stack_.push_back(Make(Kind::kNone)); return;
      case 0x88: PushInt(1, Kind::kBool); return;
      case 0x89: PushInt(0, Kind::kBool); return;
      case 'J': PushInt(static_cast<int32_t>(LittleEndian(4))); return;
      case 'K': PushInt(static_cast<int64_t>(LittleEndian(1))); return;
      case 'M': PushInt(static_cast<int64_t>(LittleEndian(2))); return;
      case 0x8a: {  // LONG1: little-endian two's complement of n bytes
        const int n = Byte();
        if (n > 8) {  // only legacy torch's 80-bit magic number; kept as raw bytes in s
          auto p = Make(Kind::kInt);
          p->s = std::string(Bytes(n));
          stack_.push_back(p);
          return;
        }
        uint64_t v = n ? LittleEndian(n) : 0;
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t{0} << (8 * n);
        PushInt(static_cast<int64_t>(v));
        return;
      }
      case 'G': {
        uint64_t bits = 0;
        for (char c : Bytes(8)) bits = (bits << 8) | static_cast<uint8_t>(c);  // big-endian
        auto p = Make(Kind::kFloat);
        std::memcpy(&p->f, &bits, 8);
        stack_.push_back(p);
        return;
      }
      case 'X': PushString(Bytes(LittleEndian(4)), Kind::kString); return;
      case 0x8c: PushString(Bytes(Byte()), Kind::kString); return;
      case 'B': PushString(Bytes(LittleEndian(4)), Kind::kBytes); return;
      case 'C': PushString(Bytes(Byte()), Kind::kBytes); return;
      case 'q': Memo(Byte(), at); return;
      case 'r': Memo(LittleEndian(4), at); return;
      case 0x94: Memo(memo_.size(), at); return;
      case 'h': Get(Byte(), at); return;
      case 'j': Get(LittleEndian(4), at); return;
      case 'c': {
        std::string module = Line();
        std::string name = Line();
        Global(module, name, at);
        return;
      }
      case 0x93: {
        PyPtr name = Pop(at), module = Pop(at);
        if (name->kind != Kind::kString || module->kind != Kind::kString)
          Fail(at, "STACK_GLOBAL needs two strings");
        Global(module->s, name->s, at);
        return;
      }
      case 'Q': {
        PyPtr pid = Pop(at);
        if (!persistent_load_) Fail(at, "persistent id outside a checkpoint");
        stack_.push_back(persistent_load_(pid));
        return;
      }
      case 'R': {
        PyPtr args = Pop(at), fn = Pop(at);
        stack_.push_back(Reduce(fn, args, at));
        return;
      }
      case 'b': {
        Pop(at);  // state: OrderedDict's __dict__ (torch's _metadata); nothing to execute
        if (Top(at)->kind != Kind::kDict && Top(at)->kind != Kind::kTensor)
          Fail(at, "refused opcode BUILD on an object that is not a dict or tensor");
        return;
      }
      case 's': {
        PyPtr v = Pop(at), k = Pop(at);
        SetItems(Top(at), {k, v}, at);
        return;
      }
      case 'u': {
        auto kv = PopToMark(at);
        SetItems(Top(at), kv, at);
        return;
      }
      case 'a': {
        PyPtr v = Pop(at);
        Appends(Top(at), {v}, at);
        return;
      }
      case 'e': {
        auto xs = PopToMark(at);
        Appends(Top(at), xs, at);
        return;
      }
      default:
        Fail(at, fmt::format("refused opcode 0x{:02x} ({}): not used by torch tensor storage", op,
                             OpcodeName(op)));
    }
  }

  PyPtr Reduce(const PyPtr& fn, const PyPtr& args, size_t at) {
    if (fn->kind != Kind::kGlobal || !AllowedCallables().count(fn->s))
      Fail(at, "refused REDUCE: callable is not an allowed torch global");
    if (args->kind != Kind::kTuple) Fail(at, "REDUCE arguments are not a tuple");
    const auto& a = args->items;
    if (fn->s == "collections.OrderedDict") {
      if (!a.empty()) Fail(at, "OrderedDict() with arguments");
      return Make(Kind::kDict);
    }
    if (fn->s == "torch._utils._rebuild_parameter") {
      if (a.empty() || a[0]->kind != Kind::kTensor) Fail(at, "_rebuild_parameter without a tensor");
      return a[0];
    }
    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata]);
    // the older _rebuild_tensor(storage, storage_offset, size, stride) has the same prefix.
    if (a.size() < 4 || a[0]->kind != Kind::kStorage || a[1]->kind != Kind::kInt ||
        a[2]->kind != Kind::kTuple || a[3]->kind != Kind::kTuple)
      Fail(at, "malformed _rebuild_tensor_v2 arguments");
    auto t = Make(Kind::kTensor);
    t->items = {a[0]};
    t->i = a[1]->i;
    for (const auto& d : a[2]->items) {
      if (d->kind != Kind::kInt || d->i < 0) Fail(at, "tensor size is not a non-negative int");
      t->shape.push_back(d->i);
    }
    for (const auto& d : a[3]->items) {
      if (d->kind != Kind::kInt || d->i < 0) Fail(at, "tensor stride is not a non-negative int");
      t->stride.push_back(d->i);
    }
    if (t->shape.size() != t->stride.size()) Fail(at, "tensor size and stride differ in rank");
    return t;
  }

  std::string_view data_;
  size_t pos_;
  const PersistentLoad& persistent_load_;
  std::vector<PyPtr> stack_;
  std::vector<size_t> marks_;
  std::map<uint64_t, PyPtr> memo_;
};

}  // namespace

PyPtr RestrictedUnpickle(std::string_view data, size_t* pos, const PersistentLoad& pl) {
  Unpickler u(data, *pos, pl);
  return u.Run(pos);
}

namespace {

// Storages found in the pickle: key -> (storage class, element count).
struct StorageInfo {
  std::string type;
  int64_t numel = -1;
};

PyPtr MakeStorage(const PyPtr& pid, std::map<std::string, StorageInfo>& seen, bool legacy) {
  // zip:    ('storage', StorageClass, key, location, numel)
  // legacy: ('storage', StorageClass, root_key, location, numel, view_metadata)
  const auto& t = pid->items;
  if (pid->kind != Kind::kTuple || t.size() != (legacy ? 6u : 5u) || t[0]->kind != Kind::kString ||
      t[0]->s != "storage" || t[1]->kind != Kind::kGlobal || !StorageTypes().count(t[1]->s) ||
      t[2]->kind != Kind::kString || t[4]->kind != Kind::kInt)
    throw std::runtime_error("persistent id is not a torch storage reference");
  if (legacy && t[5]->kind != Kind::kNone)
    throw std::runtime_error("storage views (legacy view_metadata) are not supported");
  auto st = Make(Kind::kStorage);
  st->s = t[1]->s;
  st->key = t[2]->s;
  st->i = t[4]->i;
  seen[st->key] = {st->s, st->i};
  return st;
}

float ElementToFloat(const std::string& type, const char* p) {
  if (type == "torch.FloatStorage") {
    float v;
    std::memcpy(&v, p, 4);
    return v;
  }
  if (type == "torch.DoubleStorage") {
    double v;
    std::memcpy(&v, p, 8);
    return static_cast<float>(v);
  }
  uint16_t h;
  std::memcpy(&h, p, 2);
  return type == "torch.HalfStorage" ? HalfToFloat(h) : BFloat16ToFloat(h);
}

// Copies a strided view of a storage into a contiguous float32 tensor.
Tensor Materialise(const std::string& name, const PyValue& t, std::string_view bytes) {
  const std::string& type = t.items[0]->s;
  if (type != "torch.FloatStorage" && type != "torch.HalfStorage" &&
      type != "torch.BFloat16Storage" && type != "torch.DoubleStorage")
    throw std::runtime_error("tensor '" + name + "' has non-float storage " + type);
  const size_t elsize = StorageTypes().at(type);
  const uint64_t numel = bytes.size() / elsize;
  Tensor out;
  out.shape = t.shape;
  uint64_t count = 1, last = static_cast<uint64_t>(t.i);
  for (size_t d = 0; d < t.shape.size(); ++d) {
    count *= static_cast<uint64_t>(t.shape[d]);
    if (t.shape[d] > 0) last += static_cast<uint64_t>(t.shape[d] - 1) * t.stride[d];
  }
  if (count == 0) return out;
  if (t.i < 0 || last >= numel)
    throw std::runtime_error("tensor '" + name + "' reaches past the end of its storage");
  out.data.resize(count);
  std::vector<int64_t> idx(t.shape.size(), 0);
  for (uint64_t k = 0; k < count; ++k) {
    uint64_t off = static_cast<uint64_t>(t.i);
    for (size_t d = 0; d < idx.size(); ++d) off += static_cast<uint64_t>(idx[d] * t.stride[d]);
    out.data[k] = ElementToFloat(type, bytes.data() + off * elsize);
    for (size_t d = idx.size(); d-- > 0;) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

// Returns a storage's bytes; the view stays valid until the checkpoint reader returns.
using StorageReader = std::function<std::string_view(const std::string& key)>;

TensorMap CollectTensors(const PyPtr& root, const TensorFilter& want, const StorageReader& read) {
  if (root->kind != Kind::kDict) throw std::runtime_error("checkpoint is not a state dict");
  TensorMap out;
  for (size_t k = 0; k + 1 < root->items.size(); k += 2) {
    const PyValue& key = *root->items[k];
    const PyValue& val = *root->items[k + 1];
    if (key.kind != Kind::kString || val.kind != Kind::kTensor) continue;
    if (want && !want(key.s)) continue;
    out[key.s] = Materialise(key.s, val, read(val.items[0]->key));
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open");
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

std::string ReadZipEntry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0) throw std::runtime_error("zip entry missing: " + name);
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) throw std::runtime_error("cannot open zip entry " + name);
  std::string buf(st.size, '\0');
  zip_int64_t got = buf.empty() ? 0 : zip_fread(f, buf.data(), buf.size());
  zip_fclose(f);
  if (got != static_cast<zip_int64_t>(buf.size()))
    throw std::runtime_error("short read of zip entry " + name);
  return buf;
}

TensorMap ReadZipCheckpoint(const std::string& path, const TensorFilter& want) {
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> z(zip_open(path.c_str(), ZIP_RDONLY, &err));
  if (!z) throw std::runtime_error(fmt::format("not a readable zip archive (libzip error {})", err));
  std::string prefix;
  bool found = false;
  const zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n && !found; ++i) {
    const char* raw = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), 0);
    if (!raw) continue;
    const std::string name = raw;
    const std::string tail = "data.pkl";
    if (name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0 &&
        name.find('/') == name.rfind('/') && (name == tail || name[name.size() - tail.size() - 1] == '/')) {
      prefix = name.substr(0, name.size() - tail.size());
      found = true;
    }
  }
  if (!found) throw std::runtime_error("zip archive has no data.pkl (not a torch.save file)");
  const std::string pkl = ReadZipEntry(z.get(), prefix + "data.pkl");
  std::map<std::string, StorageInfo> seen;
  size_t pos = 0;
  PyPtr root = RestrictedUnpickle(pkl, &pos, [&](const PyPtr& pid) {
    return MakeStorage(pid, seen, /*legacy=*/false);
  });
  std::map<std::string, std::string> blobs;  // a storage can back several (tied) tensors
  return CollectTensors(root, want, [&](const std::string& key) -> std::string_view {
    auto it = blobs.find(key);
    if (it == blobs.end()) it = blobs.emplace(key, ReadZipEntry(z.get(), prefix + "data/" + key)).first;
    return it->second;
  });
}

// Legacy torch.save: pickles of magic number, protocol version, sys info, the state dict and the
// storage key list, then per key an 8-byte element count and the raw bytes.
TensorMap ReadLegacyCheckpoint(const std::string& file, const TensorFilter& want) {
  size_t pos = 0;
  PyPtr magic = RestrictedUnpickle(file, &pos, nullptr);
  static const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
  if (magic->kind != Kind::kInt || magic->s != kMagic)
    throw std::runtime_error("not a torch.save file (magic number mismatch)");
  RestrictedUnpickle(file, &pos, nullptr);  // protocol version
  RestrictedUnpickle(file, &pos, nullptr);  // sys info
  std::map<std::string, StorageInfo> seen;
  PyPtr root = RestrictedUnpickle(file, &pos, [&](const PyPtr& pid) {
    return MakeStorage(pid, seen, /*legacy=*/true);
  });
  PyPtr keys = RestrictedUnpickle(file, &pos, nullptr);
  if (keys->kind != Kind::kList) throw std::runtime_error("legacy checkpoint: storage key list missing");
  std::map<std::string, std::string_view> blobs;
  for (const auto& k : keys->items) {
    if (k->kind != Kind::kString || !seen.count(k->s))
      throw std::runtime_error("legacy checkpoint: unknown storage key");
    if (file.size() - pos < 8) throw std::runtime_error("legacy checkpoint: truncated storage");
    uint64_t numel = 0;
    for (int b = 7; b >= 0; --b) numel = (numel << 8) | static_cast<uint8_t>(file[pos + b]);
    pos += 8;
    const uint64_t nbytes = numel * StorageTypes().at(seen[k->s].type);
    if (numel > file.size() || nbytes > file.size() - pos)
      throw std::runtime_error("legacy checkpoint: truncated storage " + k->s);
    blobs[k->s] = std::string_view(file).substr(pos, nbytes);
    pos += nbytes;
  }
  return CollectTensors(root, want, [&](const std::string& key) -> std::string_view {
    auto it = blobs.find(key);
    if (it == blobs.end()) throw std::runtime_error("legacy checkpoint: storage " + key + " missing");
    return it->second;
  });
}

}  // namespace

TensorMap ReadTorchCheckpoint(const std::string& path, const TensorFilter& want) {
  try {
    std::string head;
    {
      std::ifstream f(path, std::ios::binary);
      if (!f) throw std::runtime_error("cannot open");
      head.resize(4);
      f.read(head.data(), 4);
      head.resize(static_cast<size_t>(f.gcount()));
    }
    if (head == std::string("PK\x03\x04", 4)) return ReadZipCheckpoint(path, want);
    if (head.size() >= 2 && static_cast<uint8_t>(head[0]) == 0x80)
      return ReadLegacyCheckpoint(ReadFile(path), want);
    throw std::runtime_error("neither a zip nor a legacy torch.save file");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace clue::metrics::bert
