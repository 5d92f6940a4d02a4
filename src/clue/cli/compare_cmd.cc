// `clue compare A B` and `clue compare --families FILE`: paired comparisons of run directories.
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "clue/cli/commands.h"
#include "clue/report/compare_report.h"
#include "clue/report/families.h"
#include "clue/report/run_reader.h"

namespace clue::cli {
namespace {

struct CompareArgs {
  std::vector<std::string> runs;
  std::string families;
  std::string format = "table";
  std::string out;
  double alpha = 0.05;
  double level = 0.95;
  int resamples = 1000;
  int permutations = 1000;
  uint64_t seed = 20240601;
  int threads = 0;
  std::string cluster_by = "cluster";
  std::string cluster_pattern;
};

void Emit(const std::string& text, const std::string& out) {
  if (out.empty()) {
    std::fputs(text.c_str(), stdout);
    return;
  }
  std::ofstream f(out);
  if (!f) throw std::runtime_error("cannot write " + out);
  f << text;
}

void RunCompare(const CompareArgs& a) {
  if (a.families.empty() == (a.runs.size() != 2))
    throw std::invalid_argument("compare: give two run directories, or --families FILE (not both)");
  const auto format = report::ParseFormat(a.format);
  stats::PairedOptions opt;
  opt.alpha = a.alpha;
  opt.permutations = a.permutations;
  opt.boot.level = a.level;
  opt.boot.resamples = a.resamples;
  opt.boot.seed = a.seed;
  opt.boot.threads = a.threads;
  opt.boot.cluster_key = stats::MakeClusterKey(a.cluster_by, a.cluster_pattern);
  if (!(a.alpha > 0 && a.alpha < 1)) throw std::invalid_argument("--alpha must be in (0, 1)");
  if (a.families.empty()) {
    const auto ra = report::LoadRun(a.runs[0]), rb = report::LoadRun(a.runs[1]);
    const auto c = stats::CompareRuns(ra.run, rb.run, opt);
    Emit(format == report::Format::kJson ? report::ComparisonJson(c).dump(2) + "\n"
                                         : report::Render(report::ComparisonTable(c), format),
         a.out);
    return;
  }
  std::vector<stats::RunComparison> pairs;
  for (const auto& f : report::LoadFamilies(a.families)) {
    const auto bio = report::LoadRun(f.biomedical), base = report::LoadRun(f.base);
    pairs.push_back(stats::CompareRuns(bio.run, base.run, opt));
  }
  const auto fam = report::CompareFamilies(std::move(pairs), a.alpha);
  Emit(format == report::Format::kJson ? report::FamilyJson(fam).dump(2) + "\n"
                                       : report::Render(report::FamilyTable(fam), format),
       a.out);
}

}  // namespace

void AddCompareCommand(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  auto* sub = app.add_subcommand(
      "compare",
      "Paired comparison of runs on the same samples: per-task and level differences with paired-bootstrap\n"
      "CIs, sign-flip permutation p-values, exact McNemar for binary tasks, Holm adjustment and a verdict.\n"
      "`clue compare RUN_A RUN_B`, or `clue compare --families families.yaml` for the biomedical-vs-base table.");
  sub->add_option("runs", args->runs, "two run directories (A then B; differences are A - B)");
  sub->add_option("--families", args->families, "YAML: families: [{biomedical: DIR, base: DIR}, ...]");
  sub->add_option("--format", args->format, "table, markdown, csv, json or latex")->capture_default_str();
  sub->add_option("--out", args->out, "write to this file instead of stdout");
  sub->add_option("--alpha", args->alpha, "significance level")->capture_default_str();
  sub->add_option("--level", args->level, "confidence level of the intervals")->capture_default_str();
  sub->add_option("--resamples", args->resamples, "bootstrap resamples")->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--permutations", args->permutations, "sign-flip permutations")->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--seed", args->seed, "seed of the resampling")->capture_default_str();
  sub->add_option("--threads", args->threads, "threads (0 = all cores)")->capture_default_str();
  sub->add_option("--cluster-by", args->cluster_by, "resampling unit: cluster (task-declared) or sample")
      ->capture_default_str();
  sub->add_option("--cluster-pattern", args->cluster_pattern,
                  "regex whose first group makes a coarser unit from the cluster key, e.g. '^(patient_[0-9]+)'");
  sub->callback([args] { RunCompare(*args); });
}

}  // namespace clue::cli
