#include "clue/metrics/bert/safetensors.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace clue::metrics::bert {
namespace {

std::string WriteFile(const std::string& name, const std::string& header, const std::string& data) {
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::string len(8, '\0');
  for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  std::ofstream(path, std::ios::binary) << len << header << data;
  return path;
}

TEST(Safetensors, ReadsF32F16Bf16AndSkipsUnwanted) {
  // Bytes (little-endian): f32 1.5 = 0x3FC00000, -2 = 0xC0000000; f16 1.0 = 0x3C00,
  // -0.5 = 0xB800, 65504 = 0x7BFF, smallest subnormal 2^-24 = 0x0001; bf16 1.0 = 0x3F80, 3.0 = 0x4040.
  std::string data("\x00\x00\xC0\x3F\x00\x00\x00\xC0"
                   "\x00\x3C\x00\xB8\xFF\x7B\x01\x00"
                   "\x80\x3F\x40\x40"
                   "\x07\x00\x00\x00\x00\x00\x00\x00", 28);
  std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                       R"("h":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},)"
                       R"("b":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},)"
                       R"("i":{"dtype":"I64","shape":[1],"data_offsets":[20,28]},)"
                       R"("__metadata__":{"format":"pt"}})";
  const auto path = WriteFile("clue_st_ok.safetensors", header, data);
  TensorMap t = ReadSafetensors(path, [](const std::string& n) { return n != "i"; });
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t["a"].data, (std::vector<float>{1.5f, -2.0f}));
  EXPECT_EQ(t["h"].shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(t["h"].data, (std::vector<float>{1.0f, -0.5f, 65504.0f, 5.9604644775390625e-08f}));
  EXPECT_EQ(t["b"].data, (std::vector<float>{1.0f, 3.0f}));
  // The integer tensor is an error only when wanted.
  EXPECT_THROW(ReadSafetensors(path), std::runtime_error);
}

TEST(Safetensors, InconsistentOffsetsAreAClearError) {
  const auto path = WriteFile("clue_st_bad.safetensors",
                              R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                              std::string(8, '\0'));
  try {
    ReadSafetensors(path);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("tensor 'w' has data_offsets inconsistent"),
                      std::string::npos) << e.what();
  }
}

TEST(Safetensors, HeaderLongerThanFileIsAnError) {
  const auto path = (std::filesystem::temp_directory_path() / "clue_st_short.safetensors").string();
  std::ofstream(path, std::ios::binary) << std::string("\xFF\x00\x00\x00\x00\x00\x00\x00{}", 10);
  EXPECT_THROW(ReadSafetensors(path), std::runtime_error);
}

}  // namespace
}  // namespace clue::metrics::bert
