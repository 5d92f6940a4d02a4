#pragma once
// A named float32 tensor as read from a checkpoint (row-major, contiguous).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace clue::metrics::bert {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

using TensorMap = std::map<std::string, Tensor>;
// Which tensors to materialise; checkpoints carry heads (MLM decoder etc.) we never use.
using TensorFilter = std::function<bool(const std::string& name)>;

// IEEE half and bfloat16 to float32.
float HalfToFloat(uint16_t h);
float BFloat16ToFloat(uint16_t b);

}  // namespace clue::metrics::bert
