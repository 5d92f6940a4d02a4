#pragma once
// Loads PyTorch checkpoints (pytorch_model.bin) without running any code.
//
// torch.save writes a pickle whose only objects are an OrderedDict of tensors, each rebuilt by
// torch._utils._rebuild_tensor_v2 from a storage referenced by a persistent id. Python's
// unpickler would import and call whatever globals the file names; this one accepts exactly the
// opcodes and globals that tensor storage needs and refuses everything else with an error naming
// the opcode or global. Both the zip format (torch >= 1.6: <prefix>/data.pkl + <prefix>/data/<key>)
// and the legacy format (a sequence of pickles followed by raw storages) are read.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clue/metrics/bert/tensor.h"

namespace clue::metrics::bert {

// A value on the restricted unpickler's stack.
struct PyValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kTuple, kList, kDict, kGlobal,
                    kStorage, kTensor };
  Kind kind = Kind::kNone;
  int64_t i = 0;     // kInt, kBool; kStorage: element count (-1 unknown); kTensor: storage offset
  double f = 0;      // kFloat
  std::string s;     // kString/kBytes; kGlobal "module.name"; kStorage: storage class name
  std::string key;   // kStorage: storage key
  std::vector<std::shared_ptr<PyValue>> items;  // kTuple/kList; kDict as k0,v0,k1,v1,...
                                                // kTensor: [storage]
  std::vector<int64_t> shape, stride;           // kTensor
};
using PyPtr = std::shared_ptr<PyValue>;

// Resolves a persistent id (the tuple torch writes for a storage) to a value.
using PersistentLoad = std::function<PyPtr(const PyPtr& pid)>;

// Runs the restricted unpickler over data starting at *pos; advances *pos past STOP.
// Throws std::runtime_error("... refused opcode 0x.. (NAME) ..." / "refused global 'mod.name'").
PyPtr RestrictedUnpickle(std::string_view data, size_t* pos, const PersistentLoad& persistent_load);

// Reads a pytorch_model.bin (zip or legacy) into float32 tensors accepted by want.
TensorMap ReadTorchCheckpoint(const std::string& path, const TensorFilter& want = {});

}  // namespace clue::metrics::bert
