// `clue metrics` end to end: the shared reference cases through the command (in-process and as
// the real binary), pass-through fields, order, summary, and malformed-input errors.
#include "clue/cli/metrics_cmd.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clue/data/input_error.h"

namespace clue::cli {
namespace {

using nlohmann::json;

const char* kCases = "../shared/metric-cases/cases.jsonl";
const char* kExpected = "../shared/metric-cases/expected.jsonl";

std::vector<json> ReadJsonl(std::istream& in) {
  std::vector<json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

std::vector<json> Expected() {
  std::ifstream in(kExpected);
  EXPECT_TRUE(in.good());
  return ReadJsonl(in);
}

struct Scored {
  std::vector<json> lines;
  json summary;
};

Scored RunOn(MetricsOptions opt, std::istream& in) {
  std::ostringstream out, sum;
  RunMetrics(opt, in, "<stdin>", out, sum);
  std::istringstream o(out.str());
  return {ReadJsonl(o), json::parse(sum.str())};
}

void CheckRouge(const Scored& r, const std::vector<json>& want, const char* key) {
  ASSERT_EQ(r.lines.size() + 1, want.size());
  int failures = 0;
  for (size_t i = 0; i < r.lines.size(); ++i) {
    ASSERT_EQ(r.lines[i]["id"], want[i]["id"]);  // order and pass-through
    for (const char* t : {"rouge1", "rouge2", "rougeL", "rougeLsum"}) {
      const json& e = want[i][key][t];
      const json& g = r.lines[i][t];
      for (auto [a, b] : {std::pair{"p", "precision"}, {"r", "recall"}, {"f", "fmeasure"}})
        if (std::fabs(g[a].get<double>() - e[b].get<double>()) > 1e-9 && ++failures < 10)
          ADD_FAILURE() << want[i]["id"] << " " << key << " " << t << " " << a;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(MetricsCmdTest, SharedCasesAllMetrics) {
  const auto want = Expected();
  MetricsOptions opt;
  opt.metrics = {"rouge1", "rouge2", "rougeL", "rougeLsum", "bleu", "chrf"};
  opt.chunk_lines = 100;  // several chunks, so chunking must not change anything
  opt.threads = 2;
  std::ifstream in(kCases);
  const Scored r = RunOn(opt, in);
  CheckRouge(r, want, "rouge_nostem");
  for (size_t i = 0; i < r.lines.size(); ++i) {
    EXPECT_NEAR(r.lines[i]["bleu"].get<double>(), want[i]["sentence_bleu"]["score"].get<double>(), 1e-9);
    EXPECT_NEAR(r.lines[i]["chrf"].get<double>(), want[i]["sentence_chrf"]["score"].get<double>(), 1e-9);
    EXPECT_TRUE(r.lines[i].contains("prediction") && r.lines[i].contains("reference"));
  }
  const json& corpus = want.back();
  EXPECT_EQ(r.summary["n"], 463);
  EXPECT_NEAR(r.summary["bleu"]["score"].get<double>(), corpus["corpus_bleu"]["score"].get<double>(), 1e-9);
  EXPECT_EQ(r.summary["bleu"]["counts"], corpus["corpus_bleu"]["counts"]);
  EXPECT_EQ(r.summary["bleu"]["totals"], corpus["corpus_bleu"]["totals"]);
  EXPECT_EQ(r.summary["bleu"]["ref_len"], corpus["corpus_bleu"]["ref_len"]);
  EXPECT_EQ(r.summary["bleu"]["signature"], corpus["signatures"]["bleu"]);
  EXPECT_NEAR(r.summary["chrf"]["score"].get<double>(), corpus["corpus_chrf"]["score"].get<double>(), 1e-9);
  EXPECT_EQ(r.summary["chrf"]["signature"], corpus["signatures"]["chrf"]);
  double mean = 0;
  for (size_t i = 0; i < r.lines.size(); ++i) mean += want[i]["rouge_nostem"]["rougeL"]["fmeasure"].get<double>();
  EXPECT_NEAR(r.summary["rougeL"]["mean_f"].get<double>(), mean / 463, 1e-12);
}

TEST(MetricsCmdTest, SharedCasesStemmed) {
  const auto want = Expected();
  MetricsOptions opt;
  opt.metrics = {"rouge"};
  opt.stem = true;
  std::ifstream in(kCases);
  CheckRouge(RunOn(opt, in), want, "rouge_stem");
}

TEST(MetricsCmdTest, OtherMetricsAndOptions) {
  MetricsOptions opt;
  opt.metrics = {"chrf++", "bleu"};
  opt.settings["bleu.tokenize"] = "none";
  opt.settings["bleu.smooth_method"] = "floor";
  std::istringstream in(R"({"prediction":"a b c","reference":["a b c","x"],"extra":{"k":1}})" "\n");
  const Scored r = RunOn(opt, in);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0]["extra"]["k"], 1);
  EXPECT_NEAR(r.lines[0]["chrf++"].get<double>(), 100.0, 1e-12);
  EXPECT_NEAR(r.lines[0]["bleu"].get<double>(), 100.0, 1e-12);
  EXPECT_EQ(r.summary["bleu"]["signature"],
            "nrefs:2|case:mixed|eff:no|tok:none|smooth:floor[0.10]|version:2.6.0");
}

std::string ErrorOf(const std::string& input, std::vector<std::string> metrics = {"rougeL"}) {
  MetricsOptions opt;
  opt.metrics = std::move(metrics);
  std::istringstream in(input);
  std::ostringstream out, sum;
  try {
    RunMetrics(opt, in, "<stdin>", out, sum);
  } catch (const data::InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(MetricsCmdTest, MalformedLinesNameTheLine) {
  const std::string ok = R"({"prediction":"a","reference":"a"})" "\n";
  EXPECT_EQ(ErrorOf(ok + R"({"reference":"a"})" "\n"), "<stdin>:2: prediction: missing");
  EXPECT_EQ(ErrorOf(ok + ok + R"({"prediction":1,"reference":"a"})"),
            "<stdin>:3: prediction: must be a string");
  EXPECT_EQ(ErrorOf(R"({"prediction":"a"})"), "<stdin>:1: reference: missing");
  EXPECT_EQ(ErrorOf(R"({"prediction":"a","reference":[]})"), "<stdin>:1: reference: empty list");
  EXPECT_EQ(ErrorOf(R"({"prediction":"a","reference":["a",2]})"),
            "<stdin>:1: reference: list items must be strings");
  EXPECT_EQ(ErrorOf(R"({"prediction":"a","reference":{}})"),
            "<stdin>:1: reference: must be a string or a list of strings");
  EXPECT_EQ(ErrorOf(ok + "\n"), "<stdin>:2: empty line (expected a JSON object)");
  EXPECT_EQ(ErrorOf("[1]"), "<stdin>:1: expected a JSON object");
  EXPECT_EQ(ErrorOf("{oops").rfind("<stdin>:1: invalid JSON", 0), 0u);
  EXPECT_EQ(ErrorOf(ok, {"rouge0"}), "--metrics: unknown metric 'rouge0'");
}

// The real binary: exit status and stderr message for a bad line, summary to a file.
TEST(MetricsCmdTest, BinaryExitCodes) {
  const char* bin = std::getenv("CLUE_BIN");
  ASSERT_NE(bin, nullptr) << "CLUE_BIN must point at the build directory";
  const std::string tmp = ::testing::TempDir();
  {
    std::ofstream f(tmp + "/bad.jsonl");
    f << R"({"prediction":"a","reference":"a"})" "\n" << R"({"prediction":"a"})" "\n";
  }
  const std::string cmd = std::string(bin) + "/clue metrics --metrics rougeL < " + tmp +
                          "/bad.jsonl > /dev/null 2> " + tmp + "/err.txt";
  const int rc = std::system(cmd.c_str());
  EXPECT_NE(rc, 0);
  std::ifstream err(tmp + "/err.txt");
  std::string msg((std::istreambuf_iterator<char>(err)), {});
  EXPECT_NE(msg.find("<stdin>:2: reference: missing"), std::string::npos) << msg;

  const std::string ok = std::string(bin) + "/clue metrics --metrics bleu,chrf --threads 2 --summary " +
                         tmp + "/sum.json < " + kCases + " > " + tmp + "/out.jsonl";
  ASSERT_EQ(std::system(ok.c_str()), 0);
  std::ifstream s(tmp + "/sum.json");
  const json sum = json::parse(s);
  EXPECT_NEAR(sum["bleu"]["score"].get<double>(), 48.863880204428035, 1e-9);
  EXPECT_NEAR(sum["chrf"]["score"].get<double>(), 68.85089031242141, 1e-9);
}

}  // namespace
}  // namespace clue::cli
