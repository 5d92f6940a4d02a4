#include "clue/metrics/plugin_metric.h"

#include <gtest/gtest.h>

#include <chrono>

#include "clue/metrics/registry.h"

namespace clue::metrics {
namespace {

using nlohmann::json;

const std::string kPlugins = "src/clue/metrics/testdata/plugins/";

std::unique_ptr<Metric> Make(const std::string& script, json extra = json::object()) {
  json o = {{"command", {"/usr/bin/python3", kPlugins + script}}, {"values", {"EM", "LEN"}}};
  o.update(extra);
  auto m = CreateMetric("plugin", o, MetricContext{});
  return std::move(std::get<std::unique_ptr<Metric>>(m));
}

struct Samples {
  std::vector<std::string> ids, preds;
  std::vector<std::vector<std::string>> refs;
  std::vector<MetricInput> inputs() const {
    std::vector<MetricInput> in;
    for (size_t i = 0; i < ids.size(); ++i) {
      MetricInput x;
      x.id = ids[i];
      x.prediction = preds[i];
      x.references = refs[i];
      in.push_back(x);
    }
    return in;
  }
};

Samples FiveSamples() {
  return Samples{{"s1", "s2", "s3", "s4", "s5"},
                 {"abc", "xy", "please-fail", "same", "q\"uote\n"},
                 {{"abc"}, {"zz"}, {"x"}, {"same"}, {"q\"uote\n"}}};
}

TEST(PluginMetricTest, GoodPluginScoresInBatches) {
  auto m = Make("good_plugin.py", {{"batch", 2}});
  Samples s = FiveSamples();
  auto in = s.inputs();
  std::vector<double> stats(in.size() * 2);
  auto errors = m->ScoreAll(in, stats.data());
  EXPECT_EQ(stats[0], 1.0);  // "abc" == "abc"
  EXPECT_EQ(stats[1], 3.0);
  EXPECT_EQ(stats[2], 0.0);
  EXPECT_EQ(stats[3], 2.0);
  EXPECT_NE(errors[2].find("plug-in error: cannot score this one"), std::string::npos);
  EXPECT_EQ(stats[6], 1.0);
  EXPECT_EQ(stats[8], 1.0);  // quotes and newline survive the JSON round trip
  EXPECT_EQ(stats[9], 7.0);
  EXPECT_TRUE(errors[0].empty() && errors[1].empty() && errors[3].empty() && errors[4].empty());
  // The same process serves a second call.
  std::vector<double> again(2);
  m->Score(in[0], again.data());
  EXPECT_EQ(again[0], 1.0);
}

TEST(PluginMetricTest, ShellStringCommand) {
  json o = {{"command", "/usr/bin/python3 " + kPlugins + "good_plugin.py"}, {"values", {"EM"}}};
  auto m = std::move(std::get<std::unique_ptr<Metric>>(CreateMetric("plugin", o, {})));
  Samples s = FiveSamples();
  std::vector<double> stats(1);
  m->Score(s.inputs()[1], stats.data());
  EXPECT_EQ(stats[0], 0.0);
}

TEST(PluginMetricTest, CrashMidBatchFailsOnlyUnansweredAndRestarts) {
  auto m = Make("crash_plugin.py", {{"batch", 4}});
  Samples s = FiveSamples();
  auto in = s.inputs();
  std::vector<double> stats(in.size() * 2);
  auto errors = m->ScoreAll(in, stats.data());
  EXPECT_TRUE(errors[0].empty());
  EXPECT_TRUE(errors[1].empty());
  EXPECT_NE(errors[2].find("died before answering (exited with status 3)"), std::string::npos)
      << errors[2];
  EXPECT_NE(errors[2].find("simulated failure"), std::string::npos);
  EXPECT_FALSE(errors[3].empty());
  // The fifth sample is a new batch: a fresh process answers it.
  EXPECT_TRUE(errors[4].empty()) << errors[4];
  EXPECT_EQ(stats[8], 1.0);
}

TEST(PluginMetricTest, HangTimesOutQuicklyAndDisables) {
  auto m = Make("hang_plugin.py", {{"timeout_s", 0.5}, {"startup_timeout_s", 0}, {"batch", 2}});
  Samples s = FiveSamples();
  auto in = s.inputs();
  std::vector<double> stats(in.size() * 2);
  const auto t0 = std::chrono::steady_clock::now();
  auto errors = m->ScoreAll(in, stats.data());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 5.0);  // one 0.5 s timeout, not one per batch
  EXPECT_NE(errors[0].find("gave no result within 0.5 s (timeout_s=0.5)"), std::string::npos) << errors[0];
  EXPECT_NE(errors[4].find("disabled after a timeout"), std::string::npos) << errors[4];
}

TEST(PluginMetricTest, GarbageOutputIsAClearError) {
  auto m = Make("garbage_plugin.py", {{"max_restarts", 0}, {"batch", 2}});
  Samples s = FiveSamples();
  auto in = s.inputs();
  std::vector<double> stats(in.size() * 2);
  auto errors = m->ScoreAll(in, stats.data());
  EXPECT_NE(errors[0].find("not a JSON object with a string \"id\": 'this is not json'"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[2].find("disabled after 1 failures"), std::string::npos) << errors[2];
}

TEST(PluginMetricTest, MissingProgramAndBadOptions) {
  json o = {{"command", {"/nonexistent/scorer"}}, {"values", {"EM"}}};
  auto m = std::move(std::get<std::unique_ptr<Metric>>(CreateMetric("plugin", o, {})));
  Samples s = FiveSamples();
  std::vector<double> stats(1);
  EXPECT_THROW(m->Score(s.inputs()[0], stats.data()), std::runtime_error);
  EXPECT_THROW(CreateMetric("plugin", {{"values", {"EM"}}}, {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("plugin", {{"command", "x"}}, {}), std::invalid_argument);
  EXPECT_THROW(CreateMetric("plugin", {{"command", "x"}, {"values", {"EM"}}, {"timeout_s", 0}}, {}),
               std::invalid_argument);
}

}  // namespace
}  // namespace clue::metrics
