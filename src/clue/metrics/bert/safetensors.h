#pragma once
// Reader for Hugging Face safetensors files: an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes.
#include <string>

#include "clue/metrics/bert/tensor.h"

namespace clue::metrics::bert {

// Reads the tensors accepted by want (all when empty) as float32; F32, F16, BF16 and F64 are
// converted, other dtypes are an error only when such a tensor is wanted.
// Throws std::runtime_error naming the file and the problem.
TensorMap ReadSafetensors(const std::string& path, const TensorFilter& want = {});

}  // namespace clue::metrics::bert
