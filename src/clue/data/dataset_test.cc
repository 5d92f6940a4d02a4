#include "clue/data/dataset.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "clue/data/gzip_file.h"
#include "clue/data/input_error.h"

namespace clue::data {
namespace {

namespace fs = std::filesystem;

// Writes content to a fresh file in the test temp dir and returns its path.
std::string WriteTemp(const std::string& name, const std::string& content) {
  const fs::path dir = fs::path(::testing::TempDir()) / "clue_dataset_test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

// Runs f and returns the InputError message, or "" when nothing was thrown.
template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Dataset, RealMeqsumJsonl) {
  const Dataset d = LoadDataset("../shared/datasets/meqsum/meqsum.jsonl", "auto");
  ASSERT_EQ(d.rows.size(), 1000u);
  EXPECT_EQ(d.rows[0].line, 1);
  EXPECT_EQ(d.rows[0].fields["File"], "1-131188152.xml.txt");
  EXPECT_EQ(d.rows[0].fields["Summary"], "Who manufactures cetirizine?");
  EXPECT_EQ(d.rows[1].fields["Summary"], "Who manufactures bromocriptine?");
  EXPECT_EQ(d.rows[999].line, 1000);
  RequireStringFields(d, {"File", "CHQ", "Summary"});
}

TEST(Dataset, SampleMednli) {
  const Dataset d = LoadDataset("data/samples/mednli/mli_test_v1.jsonl", "auto");
  ASSERT_EQ(d.rows.size(), 12u);
  EXPECT_EQ(d.rows[0].fields["gold_label"], "contradiction");
  EXPECT_EQ(d.rows[11].line, 12);
  RequireStringFields(d, {"sentence1", "sentence2", "gold_label", "pairID", "sentence1_parse",
                          "sentence2_binary_parse"});
}

TEST(Dataset, SampleMeqsum) {
  const Dataset d = LoadDataset("data/samples/meqsum/meqsum.jsonl", "jsonl");
  ASSERT_EQ(d.rows.size(), 8u);
  RequireStringFields(d, {"File", "CHQ", "Summary"});
}

TEST(Dataset, SampleProblemSummaryCsv) {
  const Dataset d = LoadDataset("data/samples/problem_summary/BioNLP2023-1A-Test.csv", "auto");
  ASSERT_EQ(d.rows.size(), 8u);
  RequireStringFields(d, {"File ID", "Assessment", "Subjectives", "Objectives", "Summary"});
  // Record 1 spans lines 2-4 because two quoted fields hold a newline each.
  EXPECT_EQ(d.rows[0].line, 2);
  EXPECT_EQ(d.rows[0].fields["Subjectives"],
            "Pt reports less dyspnea overnight.\nNo chest pain, no orthopnea.");
  EXPECT_EQ(d.rows[1].line, 5);
  EXPECT_EQ(d.rows[1].fields["Summary"], "Diabetic ketoacidosis; Type 1 diabetes mellitus;");
  EXPECT_EQ(d.rows[2].fields["Subjectives"], "Confused overnight, \"pulling at lines\", per RN.");
}

TEST(Dataset, SampleJsonArrays) {
  const Dataset qa = LoadDataset("data/samples/medisumqa/medisumqa.json", "auto");
  ASSERT_EQ(qa.rows.size(), 6u);
  RequireStringFields(qa, {"discharge_summary", "Question", "Answer"});
  // json.dumps(indent=2): '[' on line 1, each object is 5 lines plus its braces.
  EXPECT_EQ(qa.rows[0].line, 2);
  EXPECT_EQ(qa.rows[1].line, 7);
  const Dataset code = LoadDataset("data/samples/medisumcode/medisumcode.json", "json");
  ASSERT_EQ(code.rows.size(), 6u);
  EXPECT_EQ(code.rows[0].fields["icd_codes"][0]["code"], "E1122");
}

TEST(Dataset, JsonArrayElementLinesWithTrickyStrings) {
  const std::string p = WriteTemp("tricky.json",
                                  "[\n  {\"a\": \"} { ] [ \\\" \\\\\"},\n\n  {\"a\": \"x\\ny\",\n"
                                  "   \"b\": [1, {\"c\": 2}]}\n]\n");
  const Dataset d = LoadJsonArray(p);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].line, 2);
  EXPECT_EQ(d.rows[0].fields["a"], "} { ] [ \" \\");
  EXPECT_EQ(d.rows[1].line, 4);
  EXPECT_EQ(d.rows[1].fields["b"][1]["c"], 2);
  EXPECT_EQ(LoadJsonArray(WriteTemp("empty.json", " [ ] \n")).rows.size(), 0u);
}

TEST(Dataset, AutoJsonWithObjectPerLineIsJsonl) {
  const std::string p = WriteTemp("lines.json", "{\"x\": \"1\"}\n\n{\"x\": \"2\"}\r\n");
  const Dataset d = LoadDataset(p, "auto");
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[1].line, 3);
}

TEST(Dataset, TruncatedJsonlLine) {
  const std::string p = WriteTemp("trunc.jsonl", "{\"a\": \"1\"}\n\n{\"a\": \"2\n");
  EXPECT_EQ(ErrorOf([&] { LoadJsonl(p); }),
            p + ":3: invalid JSON: column 9: syntax error while parsing value - invalid string: "
                "missing closing quote; last read: '\"2'");
}

TEST(Dataset, JsonlLineNotAnObject) {
  const std::string p = WriteTemp("array_line.jsonl", "{\"a\": \"1\"}\n[1, 2]\n");
  EXPECT_EQ(ErrorOf([&] { LoadJsonl(p); }), p + ":2: expected a JSON object, got array");
}

TEST(Dataset, JsonArrayErrorsNameTheLine) {
  const std::string bad = WriteTemp("bad_elem.json", "[\n {\"a\": 1},\n {\"a\": tru}\n]\n");
  EXPECT_EQ(ErrorOf([&] { LoadJsonArray(bad); }),
            bad + ":3: invalid JSON: column 10: syntax error while parsing value - invalid "
                  "literal; last read: '\"a\": tru}'");
  const std::string not_array = WriteTemp("obj.json", "\n\n  5");
  EXPECT_EQ(ErrorOf([&] { LoadJsonArray(not_array); }),
            not_array + ":3: expected a top-level JSON array");
  const std::string missing_comma = WriteTemp("comma.json", "[{\"a\": 1}\n{\"a\": 2}]");
  EXPECT_EQ(ErrorOf([&] { LoadJsonArray(missing_comma); }),
            missing_comma + ":2: invalid JSON: expected ',' or ']' after array element");
  const std::string unterminated = WriteTemp("unterm.json", "[{\"a\": 1},\n");
  EXPECT_EQ(ErrorOf([&] { LoadJsonArray(unterminated); }),
            unterminated + ":2: invalid JSON: unterminated array");
}

TEST(Dataset, WrongTypeAndMissingField) {
  const std::string p = WriteTemp("types.jsonl",
                                  "{\"sentence1\": \"a\", \"gold_label\": \"neutral\"}\n"
                                  "{\"sentence1\": 5, \"gold_label\": \"neutral\"}\n");
  const Dataset d = LoadJsonl(p);
  EXPECT_EQ(ErrorOf([&] { RequireStringFields(d, {"sentence1"}); }),
            p + ":2: sentence1: expected a string, got number");
  EXPECT_EQ(ErrorOf([&] { RequireStringFields(d, {"gold_label", "sentence2"}); }),
            p + ":1: sentence2: missing");
}

TEST(Dataset, CsvQuotingRules) {
  const std::string ok = WriteTemp("ok.csv", "a,b\r\n\"x,\"\"y\"\"\nz\",\r\n\r\n,\"\"\n");
  const Dataset d = LoadCsv(ok);
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].fields["a"], "x,\"y\"\nz");
  EXPECT_EQ(d.rows[0].fields["b"], "");
  EXPECT_EQ(d.rows[1].line, 5);
  EXPECT_EQ(d.rows[1].fields["a"], "");

  const std::string stray = WriteTemp("stray.csv", "a,b\n1,2\n3,4\"5\n");
  EXPECT_EQ(ErrorOf([&] { LoadCsv(stray); }), stray + ":3: unexpected quote in unquoted field");
  const std::string after = WriteTemp("after.csv", "a,b\n\"1\"x,2\n");
  EXPECT_EQ(ErrorOf([&] { LoadCsv(after); }),
            after + ":2: unexpected character after closing quote");
  const std::string open = WriteTemp("open.csv", "a,b\n1,2\n3,\"never\nclosed\n");
  EXPECT_EQ(ErrorOf([&] { LoadCsv(open); }), open + ":3: unterminated quoted field");
  const std::string count = WriteTemp("count.csv", "a,b\n1,\"2\n2\"\n3,4,5\n");
  EXPECT_EQ(ErrorOf([&] { LoadCsv(count); }), count + ":4: expected 2 fields, got 3");
  const std::string empty = WriteTemp("empty.csv", "");
  EXPECT_EQ(ErrorOf([&] { LoadCsv(empty); }), empty + ": empty CSV file (no header row)");
}

TEST(Dataset, MissingFileAndUnknownFormat) {
  const std::string p = "data/samples/does/not/exist.jsonl";
  EXPECT_EQ(ErrorOf([&] { LoadDataset(p, "auto"); }),
            p + ": cannot open file: No such file or directory");
  EXPECT_EQ(ErrorOf([&] { LoadDataset(p, "xml"); }),
            p + ": format: unknown format 'xml' (jsonl, json, csv, auto)");
  EXPECT_EQ(ErrorOf([&] { LoadDataset("x.txt", "auto"); }),
            "x.txt: format: cannot infer the format from the file name (expected .jsonl, .json "
            "or .csv)");
}

TEST(GzipFile, ReadsGzipAndPlain) {
  const std::string plain = WriteTemp("plain.txt", "A00\nA000\n");
  EXPECT_EQ(ReadMaybeGzippedFile(plain), "A00\nA000\n");
  const std::string gz = (fs::path(::testing::TempDir()) / "clue_dataset_test" / "z.txt.gz").string();
  gzFile f = gzopen(gz.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string body(100000, 'x');
  gzwrite(f, body.data(), static_cast<unsigned>(body.size()));
  gzclose(f);
  EXPECT_EQ(ReadMaybeGzippedFile(gz), body);
  // Cut the stream in half: the reader must say so instead of returning a short string.
  std::ifstream in(gz, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const std::string cut = WriteTemp("cut.gz", bytes.substr(0, bytes.size() / 2));
  EXPECT_NE(ErrorOf([&] { ReadMaybeGzippedFile(cut); }).find("cannot decompress"),
            std::string::npos);
  EXPECT_EQ(ErrorOf([&] { ReadMaybeGzippedFile("no/such.gz"); }),
            "no/such.gz: cannot open file: No such file or directory");
}

TEST(GzipFile, RealIcdListDecompresses) {
  const std::string text =
      ReadMaybeGzippedFile("../shared/datasets/icd10cm/original/bryand1_icd10.json.gz");
  EXPECT_EQ(text.substr(0, 9), "{\n  \"A00\"");
}

}  // namespace
}  // namespace clue::data
