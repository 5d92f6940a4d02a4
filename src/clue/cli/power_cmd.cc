// `clue power PILOT [--against RUN]`: samples needed for a difference, and the minimum detectable
// difference for a sample size, per task, from a pilot run's per-sample values.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "clue/cli/commands.h"
#include "clue/report/run_reader.h"
#include "clue/report/grid.h"
#include "clue/stats/power.h"

namespace clue::cli {
namespace {

struct PowerArgs {
  std::string pilot, against, format = "table", out, cluster_by = "cluster", cluster_pattern;
  std::vector<std::string> tasks;
  double delta = 2.0, n = 0, alpha = 0.05, power = 0.8, rho = 0.5;
};

void RunPower(const PowerArgs& a) {
  const auto format = report::ParseFormat(a.format);
  stats::PowerOptions opt;
  opt.alpha = a.alpha;
  opt.power = a.power;
  opt.rho = a.rho;
  opt.cluster_key = stats::MakeClusterKey(a.cluster_by, a.cluster_pattern);
  if (!(a.rho >= -1 && a.rho < 1)) throw std::invalid_argument("--rho must be in [-1, 1)");
  const auto pilot = report::LoadRun(a.pilot);
  std::unique_ptr<report::LoadedRun> other;
  if (!a.against.empty()) other = std::make_unique<report::LoadedRun>(report::LoadRun(a.against));
  std::vector<std::string> tasks = a.tasks;
  if (tasks.empty())
    for (const auto& [name, _] : pilot.run.tasks) tasks.push_back(name);
  std::vector<stats::PowerReport> reports;
  for (const auto& t : tasks) {
    auto it = pilot.run.tasks.find(t);
    if (it == pilot.run.tasks.end()) throw std::invalid_argument("task '" + t + "' is not in " + a.pilot);
    const runner::TaskResult* b = nullptr;
    if (other) {
      auto jt = other->run.tasks.find(t);
      if (jt == other->run.tasks.end()) throw std::invalid_argument("task '" + t + "' is not in " + a.against);
      b = &jt->second;
    }
    reports.push_back(stats::AnalysePower(it->second, b, a.delta, a.n, opt));
  }
  std::string text;
  if (format == report::Format::kJson) {
    nlohmann::json j = {{"alpha", a.alpha}, {"power", a.power}, {"delta", a.delta}, {"tasks", nlohmann::json::array()}};
    for (const auto& r : reports)
      j["tasks"].push_back({{"task", r.task}, {"paired", r.paired}, {"rho", r.paired ? nlohmann::json(nullptr) : nlohmann::json(r.rho)},
                            {"samples", r.samples}, {"units", r.units}, {"samples_per_unit", r.samples_per_unit},
                            {"sd_unit", r.sd_unit}, {"sd_diff", r.sd_diff}, {"samples_needed", r.samples_needed},
                            {"units_needed", r.units_needed}, {"n_for_mde", r.n_for_mde}, {"mde", r.mde}});
    text = j.dump(2) + "\n";
  } else {
    report::Grid t;
    t.title = fmt::format("Power at \xCE\xB1 = {:g} (two-sided), power = {:g}", a.alpha, a.power);
    t.header = {"Task", "Pilot n", "Units", "Samples/unit", "SD of \xCE\x94 per unit", "Basis",
                fmt::format("n to detect {:g} pts", a.delta), "MDE (pts)", "at n"};
    for (const auto& r : reports)
      t.rows.push_back({r.task, std::to_string(r.samples), std::to_string(r.units), fmt::format("{:.2f}", r.samples_per_unit),
                        fmt::format("{:.2f}", r.sd_diff),
                        r.paired ? "paired pilot" : fmt::format("one run, assumed \xCF\x81 = {:g}", r.rho),
                        std::isfinite(r.samples_needed) ? fmt::format("{:.0f}", r.samples_needed) : "-",
                        fmt::format("{:.2f}", r.mde), fmt::format("{:.0f}", r.n_for_mde)});
    t.notes.push_back("Normal approximation for a paired difference of task scores; units are resampling clusters.");
    if (!other)
      t.notes.push_back(fmt::format("One pilot run: SD of the paired difference = sqrt(2(1-\xCF\x81)) x SD of unit scores, "
                                    "\xCF\x81 = {:g} assumed (--rho; give --against RUN to measure it).", a.rho));
    text = report::Render(t, format);
  }
  if (a.out.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    std::ofstream f(a.out);
    if (!f) throw std::runtime_error("cannot write " + a.out);
    f << text;
  }
}

}  // namespace

void AddPowerCommand(CLI::App& app) {
  auto args = std::make_shared<PowerArgs>();
  auto* sub = app.add_subcommand(
      "power",
      "Plan sample sizes from a pilot run: the n needed to detect a difference of --delta points on each\n"
      "task, and the minimum detectable effect at --n samples (default: the pilot's n).");
  sub->add_option("pilot", args->pilot, "pilot run directory")->required();
  sub->add_option("--against", args->against, "a second run on the same samples: measure the paired SD");
  sub->add_option("--task", args->tasks, "tasks (default: all in the pilot)");
  sub->add_option("--delta", args->delta, "difference to detect, in points")->capture_default_str();
  sub->add_option("--n", args->n, "sample size for the minimum detectable effect (default: pilot n)");
  sub->add_option("--alpha", args->alpha, "two-sided significance level")->capture_default_str();
  sub->add_option("--power", args->power, "power")->capture_default_str();
  sub->add_option("--rho", args->rho, "assumed correlation of two models' scores (single pilot run)")
      ->capture_default_str();
  sub->add_option("--format", args->format, "table, markdown, csv, json or latex")->capture_default_str();
  sub->add_option("--out", args->out, "write to this file instead of stdout");
  sub->add_option("--cluster-by", args->cluster_by, "unit: cluster or sample")->capture_default_str();
  sub->add_option("--cluster-pattern", args->cluster_pattern, "regex, first group = coarser unit");
  sub->callback([args] { RunPower(*args); });
}

}  // namespace clue::cli
