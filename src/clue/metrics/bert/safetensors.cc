#include "clue/metrics/bert/safetensors.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace clue::metrics::bert {

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1u, exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu;
  float v;
  if (exp == 0) {
    v = std::ldexp(static_cast<float>(mant), -24);  // subnormal (or zero)
  } else if (exp == 31) {
    v = mant ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    v = std::ldexp(static_cast<float>(mant | 0x400u), static_cast<int>(exp) - 25);
  }
  return sign ? -v : v;
}

float BFloat16ToFloat(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw std::runtime_error(path + ": " + what);
}

size_t DtypeSize(const std::string& dtype) {
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
  return 0;
}

std::vector<float> ToFloat(const std::string& dtype, const char* bytes, size_t count) {
  std::vector<float> out(count);
  for (size_t i = 0; i < count; ++i) {
    if (dtype == "F32") {
      std::memcpy(&out[i], bytes + 4 * i, 4);
    } else if (dtype == "F64") {
      double d;
      std::memcpy(&d, bytes + 8 * i, 8);
      out[i] = static_cast<float>(d);
    } else {
      uint16_t h;
      std::memcpy(&h, bytes + 2 * i, 2);
      out[i] = dtype == "F16" ? HalfToFloat(h) : BFloat16ToFloat(h);
    }
  }
  return out;
}

}  // namespace

TensorMap ReadSafetensors(const std::string& path, const TensorFilter& want) {
  std::ifstream f(path, std::ios::binary);
  if (!f) Fail(path, "cannot open");
  std::string file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (file.size() < 8) Fail(path, "too short for a safetensors header");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<unsigned char>(file[i]);
  if (header_len > file.size() - 8) Fail(path, "header length exceeds the file size");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(file.substr(8, header_len));
  } catch (const std::exception& e) {
    Fail(path, std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) Fail(path, "header is not a JSON object");
  const size_t data_start = 8 + header_len, data_size = file.size() - data_start;
  TensorMap out;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    if (want && !want(name)) continue;
    try {
      const std::string dtype = info.at("dtype").get<std::string>();
      const auto shape = info.at("shape").get<std::vector<int64_t>>();
      const auto offsets = info.at("data_offsets").get<std::vector<uint64_t>>();
      if (dtype != "F32" && dtype != "F16" && dtype != "BF16" && dtype != "F64")
        Fail(path, "tensor '" + name + "' has unsupported dtype " + dtype);
      uint64_t count = 1;
      for (int64_t d : shape) {
        if (d < 0) Fail(path, "tensor '" + name + "' has a negative dimension");
        count *= static_cast<uint64_t>(d);
      }
      if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size ||
          offsets[1] - offsets[0] != count * DtypeSize(dtype))
        Fail(path, "tensor '" + name + "' has data_offsets inconsistent with its shape/dtype");
      Tensor t;
      t.shape = shape;
      t.data = ToFloat(dtype, file.data() + data_start + offsets[0], count);
      out.emplace(name, std::move(t));
    } catch (const nlohmann::json::exception& e) {
      Fail(path, "tensor '" + name + "': malformed header entry: " + e.what());
    }
  }
  return out;
}

}  // namespace clue::metrics::bert
