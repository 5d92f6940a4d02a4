#include "clue/report/grid.h"

#include <gtest/gtest.h>

namespace clue::report {
namespace {

Grid Sample() {
  Grid t;
  t.header = {"Task", "\xCE\x94"};
  t.rows = {{"mednli_x", "-1.5"}, {"a,b", "2"}};
  t.notes = {"1 of 2 worse"};
  return t;
}

TEST(GridTest, TerminalAlignsByCodePoints) {
  EXPECT_EQ(Render(Sample(), Format::kTerminal),
            "Task      \xCE\x94\n"
            "--------------\n"
            "mednli_x  -1.5\n"
            "a,b       2\n"
            "1 of 2 worse\n");
}

TEST(GridTest, MarkdownCsvLatex) {
  EXPECT_EQ(Render(Sample(), Format::kMarkdown),
            "| Task | \xCE\x94 |\n|---|---:|\n| mednli_x | -1.5 |\n| a,b | 2 |\n\n1 of 2 worse\n");
  EXPECT_EQ(Render(Sample(), Format::kCsv), "Task,\xCE\x94\nmednli_x,-1.5\n\"a,b\",2\n");
  const std::string tex = Render(Sample(), Format::kLatex);
  EXPECT_NE(tex.find("Task & $\\Delta$ \\\\\n\\midrule\nmednli\\_x & -1.5 \\\\\n"), std::string::npos) << tex;
  EXPECT_NE(tex.find("\\begin{tabular}{lr}"), std::string::npos);
}

TEST(GridTest, ParseFormat) {
  EXPECT_EQ(ParseFormat("md"), Format::kMarkdown);
  EXPECT_EQ(ParseFormat("json"), Format::kJson);
  EXPECT_THROW(ParseFormat("xls"), std::invalid_argument);
}

}  // namespace
}  // namespace clue::report
