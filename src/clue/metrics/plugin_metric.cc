#include "clue/metrics/plugin_metric.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace clue::metrics {
namespace {

using nlohmann::json;

std::string Excerpt(std::string_view s) {
  std::string out(s.substr(0, 200));
  if (s.size() > 200) out += "...";
  return out;
}

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::string RequestLine(const MetricInput& in) {
  json req = {{"id", std::string(in.id)}, {"prediction", std::string(in.prediction)}};
  if (!in.references.empty()) {
    req["reference"] = in.references[0];
    if (in.references.size() > 1) req["references"] = in.references;
  } else if (in.gold && in.gold->is_string()) {
    req["reference"] = *in.gold;
  } else {
    req["reference"] = in.gold ? *in.gold : json();
  }
  // Invalid UTF-8 in model output is replaced rather than aborting the batch.
  return req.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::vector<std::string> ParsePluginCommand(const json& command) {
  if (command.is_string()) {
    if (command.get<std::string>().empty()) throw std::invalid_argument("command: empty");
    return {"/bin/sh", "-c", command.get<std::string>()};
  }
  if (!command.is_array() || command.empty())
    throw std::invalid_argument("command: expected a string or a non-empty list of strings");
  std::vector<std::string> argv;
  for (const auto& a : command) {
    if (!a.is_string()) throw std::invalid_argument("command: list items must be strings");
    argv.push_back(a.get<std::string>());
  }
  return argv;
}

PluginOptions ParsePluginOptions(const json& o) {
  PluginOptions p;
  if (!o.is_object() || !o.contains("command"))
    throw std::invalid_argument("plugin: option 'command' is required");
  p.argv = ParsePluginCommand(o.at("command"));
  double to_percent = 100;
  if (o.contains("to_percent")) {
    if (!o["to_percent"].is_number()) throw std::invalid_argument("to_percent: expected a number");
    to_percent = o["to_percent"].get<double>();
  }
  if (!o.contains("values") || !o["values"].is_array() || o["values"].empty())
    throw std::invalid_argument("values: expected a non-empty list of value names");
  for (const auto& v : o["values"]) {
    if (!v.is_string() || v.get<std::string>().empty())
      throw std::invalid_argument("values: names must be non-empty strings");
    if (v == "id" || v == "error") throw std::invalid_argument("values: '" + v.get<std::string>() + "' is reserved");
    p.values.push_back(ValueSpec{v.get<std::string>(), to_percent});
  }
  if (o.contains("timeout_s")) {
    if (!o["timeout_s"].is_number() || o["timeout_s"].get<double>() <= 0)
      throw std::invalid_argument("timeout_s: expected a positive number");
    p.timeout_s = o["timeout_s"].get<double>();
  }
  if (o.contains("startup_timeout_s")) {
    if (!o["startup_timeout_s"].is_number() || o["startup_timeout_s"].get<double>() < 0)
      throw std::invalid_argument("startup_timeout_s: expected a number >= 0");
    p.startup_timeout_s = o["startup_timeout_s"].get<double>();
  }
  if (o.contains("batch")) {
    if (!o["batch"].is_number_integer() || o["batch"].get<long long>() < 1)
      throw std::invalid_argument("batch: expected an integer >= 1");
    p.batch = o["batch"].get<size_t>();
  }
  if (o.contains("max_restarts")) {
    if (!o["max_restarts"].is_number_integer() || o["max_restarts"].get<int>() < 0)
      throw std::invalid_argument("max_restarts: expected an integer >= 0");
    p.max_restarts = o["max_restarts"].get<int>();
  }
  return p;
}

PluginMetric::PluginMetric(PluginOptions options) : opt_(std::move(options)) {
  if (opt_.argv.empty()) throw std::invalid_argument("plugin: empty command");
  if (opt_.values.empty()) throw std::invalid_argument("plugin: no values");
}

PluginMetric::~PluginMetric() = default;

void PluginMetric::Score(const MetricInput& in, double* stats) const {
  auto errors = ScoreAll(std::span<const MetricInput>(&in, 1), stats);
  if (!errors[0].empty()) throw std::runtime_error(errors[0]);
}

std::vector<std::string> PluginMetric::ScoreAll(std::span<const MetricInput> in,
                                                double* stats) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> errors(in.size());
  const size_t k = values().size();
  for (size_t i = 0; i < in.size() * k; ++i) stats[i] = std::nan("");
  for (size_t start = 0; start < in.size(); start += opt_.batch) {
    const size_t n = std::min(opt_.batch, in.size() - start);
    ScoreBatch(in.subspan(start, n), stats + start * k, errors.data() + start);
  }
  return errors;
}

bool PluginMetric::TakeResult(std::string_view line, std::span<const MetricInput> in,
                              double* stats, std::string* errors, std::vector<char>* done,
                              std::string* problem) const {
  json r = json::parse(line, nullptr, false);
  if (r.is_discarded() || !r.is_object() || !r.contains("id") || !r["id"].is_string()) {
    *problem = "printed a line that is not a JSON object with a string \"id\": '" + Excerpt(line) + "'";
    return false;
  }
  const std::string id = r["id"].get<std::string>();
  size_t i = 0;
  while (i < in.size() && ((*done)[i] || in[i].id != id)) ++i;
  if (i == in.size()) {
    *problem = "answered id '" + Excerpt(id) + "', which was not asked in this batch";
    return false;
  }
  (*done)[i] = 1;
  if (r.contains("error")) {
    errors[i] = "plug-in error: " + (r["error"].is_string() ? r["error"].get<std::string>()
                                                             : r["error"].dump());
    return true;
  }
  const size_t k = values().size();
  for (size_t j = 0; j < k; ++j) {
    const auto it = r.find(opt_.values[j].name);
    if (it == r.end() || !it->is_number()) {
      errors[i] = "plug-in result for id '" + id + "' lacks a numeric \"" + opt_.values[j].name +
                  "\": " + Excerpt(line);
      return true;
    }
    stats[i * k + j] = it->get<double>();
  }
  return true;
}

void PluginMetric::ScoreBatch(std::span<const MetricInput> in, double* stats,
                              std::string* errors) const {
  auto fail_rest = [&](const std::vector<char>& done, const std::string& why) {
    for (size_t i = 0; i < in.size(); ++i)
      if (!done[i]) errors[i] = why;
  };
  std::vector<char> done(in.size(), 0);
  if (!disabled_.empty()) return fail_rest(done, disabled_);
  const std::string who = "plug-in '" + Excerpt(CommandLine(opt_.argv)) + "'";
  double timeout = opt_.timeout_s;
  if (!proc_ || !proc_->started()) {
    timeout += opt_.startup_timeout_s;
    proc_ = std::make_unique<PluginProcess>(opt_.argv);
    try {
      proc_->Start();
    } catch (const std::exception& e) {
      disabled_ = e.what();
      return fail_rest(done, disabled_);
    }
  }
  std::string payload;
  for (const auto& s : in) payload += RequestLine(s);
  std::string problem;
  auto status = proc_->Exchange(payload, in.size(), timeout, [&](std::string_view line) {
    return TakeResult(line, in, stats, errors, &done, &problem);
  });
  if (status == PluginProcess::Status::kOk) return;
  std::string why;
  switch (status) {
    case PluginProcess::Status::kTimeout:
      why = fmt::format("{} gave no result within {:g} s (timeout_s={:g}); killed", who, timeout,
                        opt_.timeout_s);
      proc_->Kill();
      disabled_ = who + " was disabled after a timeout";  // a hung scorer must not cost N timeouts
      break;
    case PluginProcess::Status::kStopped:
      why = who + " " + problem;
      proc_->Kill();  // the stream is out of step; start afresh for the next batch
      break;
    default: {
      const std::string exit = proc_->ExitDescription(1.0);
      proc_->Kill();
      why = who + " died before answering (" + exit + ")";
      const std::string& tail = proc_->stderr_tail();
      if (!tail.empty()) why += "; stderr: " + tail.substr(tail.size() > 300 ? tail.size() - 300 : 0);
      break;
    }
  }
  if (status != PluginProcess::Status::kTimeout && ++restarts_ > opt_.max_restarts)
    disabled_ = who + " was disabled after " + std::to_string(restarts_) + " failures";
  proc_.reset();
  fail_rest(done, why);
}

MetricOrReason MakePluginMetric(const nlohmann::json& options, const MetricContext& ctx) {
  return std::make_unique<PluginMetric>(ParsePluginOptions(options));
}

}  // namespace clue::metrics
