#include "clue/report/compare_report.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "clue/data/input_error.h"
#include "clue/report/families.h"
#include "clue/report/run_reader.h"
#include "clue/report/test_runs.h"

namespace clue::report {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("clue_compare_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

stats::PairedOptions Fast() {
  stats::PairedOptions o;
  o.boot.resamples = 300;
  o.permutations = 300;
  return o;
}

TEST(CompareReportTest, FormatsNumbers) {
  EXPECT_EQ(Signed(-15.171), "-15.17");
  EXPECT_EQ(Signed(2), "+2.00");
  EXPECT_EQ(PValue(0.0004), "<0.001");
  EXPECT_EQ(PValue(0.04321), "0.043");
  EXPECT_EQ(PValue(NAN), "-");
}

TEST(CompareReportTest, TwoRealRunDirectories) {
  const auto dir = TempDir("two");
  testing::WriteRun(dir / "bio", "bio-8b", 0.35, 0.30, 200);
  testing::WriteRun(dir / "base", "base-8b", 0.80, 0.30, 200, 1);
  const auto a = LoadRun((dir / "bio").string()), b = LoadRun((dir / "base").string());
  const auto c = stats::CompareRuns(a.run, b.run, Fast());
  ASSERT_EQ(c.entries.size(), 3u);  // mednli, meqsum, LongHealth
  EXPECT_EQ(c.entries[0].name, "mednli");
  EXPECT_EQ(c.entries[0].verdict, "worse");
  EXPECT_EQ(c.entries[2].name, "LongHealth");
  EXPECT_EQ(c.entries[2].n, 600u);
  EXPECT_EQ(c.entries[2].clusters, 120u);  // 40 questions x 3 tasks
  const std::string text = Render(ComparisonTable(c), Format::kTerminal);
  EXPECT_NE(text.find("L1: A is worse than B"), std::string::npos) << text;
  const auto j = ComparisonJson(c);
  EXPECT_EQ(j["entries"][0]["verdict"], "worse");
  EXPECT_EQ(j["entries"][0]["ci"]["method"], "bca");
  EXPECT_TRUE(j["entries"][1]["mcnemar"].is_null());  // ROUGE is not binary
  fs::remove_all(dir);
}

TEST(CompareReportTest, FamilyTableCountsSignificantLevels) {
  const auto dir = TempDir("fam");
  testing::WriteRun(dir / "bio1", "bio-1", 0.30, 0.20, 200);
  testing::WriteRun(dir / "base1", "base-1", 0.85, 0.60, 200, 1);
  testing::WriteRun(dir / "bio2", "bio-2", 0.60, 0.40, 200, 2);
  testing::WriteRun(dir / "base2", "base-2", 0.60, 0.40, 200, 2);
  std::ofstream(dir / "families.yaml") << "families:\n  - {biomedical: bio1, base: base1}\n"
                                          "  - biomedical: bio2\n    base: base2\n";
  const auto specs = LoadFamilies((dir / "families.yaml").string());
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[1].line, 3);
  std::vector<stats::RunComparison> pairs;
  for (const auto& s : specs)
    pairs.push_back(stats::CompareRuns(LoadRun(s.biomedical).run, LoadRun(s.base).run, Fast()));
  const auto f = CompareFamilies(pairs, 0.05);
  const Grid t = FamilyTable(f);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "bio-1");
  EXPECT_EQ(t.rows[1][2].substr(0, 5), "+0.00");  // identical runs
  EXPECT_EQ(t.notes[0], "1 of 2 significantly worse on Level 1, 0 significantly better (Holm across pairs, \xCE\xB1 = 0.05).");
  EXPECT_EQ(t.notes[1], "1 of 2 significantly worse on Level 2, 0 significantly better (Holm across pairs, \xCE\xB1 = 0.05).");
  EXPECT_EQ(FamilyJson(f)["counts"]["L2"]["worse"], 1);
  fs::remove_all(dir);
}

TEST(CompareReportTest, FamilyFileErrorsNameLineAndField) {
  const auto dir = TempDir("badfam");
  std::ofstream(dir / "f.yaml") << "families:\n  - {biomedical: nowhere, base: nowhere}\n";
  try {
    LoadFamilies((dir / "f.yaml").string());
    FAIL() << "no error";
  } catch (const data::InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.field(), "families[0].biomedical");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clue::report
