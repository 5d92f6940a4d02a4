#include "clue/stats/paired.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "clue/metrics/parallel.h"
#include "clue/stats/resample.h"
#include "clue/stats/significance.h"

namespace clue::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string ListIds(const std::vector<std::string>& ids) {
  std::string s = "(" + std::to_string(ids.size()) + "):";
  for (size_t i = 0; i < ids.size() && i < 10; ++i) s += " " + ids[i];
  if (ids.size() > 10) s += " ...";
  return s;
}

// The block with its rows re-pointed at kept samples (new_index[old] < 0 drops the row).
runner::MetricBlock Remap(const runner::MetricBlock& mb, const std::vector<long>& new_index) {
  runner::MetricBlock out = mb;
  out.stats.clear();
  out.rows.clear();
  for (size_t r = 0; r < mb.rows.size(); ++r) {
    if (mb.rows[r] >= new_index.size() || new_index[mb.rows[r]] < 0) continue;
    out.rows.push_back(static_cast<size_t>(new_index[mb.rows[r]]));
    out.stats.insert(out.stats.end(), mb.stats.begin() + r * mb.stat_count,
                     mb.stats.begin() + (r + 1) * mb.stat_count);
  }
  return out;
}

bool SameLayout(const runner::MetricBlock& x, const runner::MetricBlock& y) {
  if (x.name != y.name || x.stat_count != y.stat_count || x.values.size() != y.values.size()) return false;
  for (size_t i = 0; i < x.values.size(); ++i)
    if (x.values[i].name != y.values[i].name) return false;
  return x.computed && y.computed && x.impl && y.impl;
}

runner::TaskResult Stack(const AlignedPair& p) {
  runner::TaskResult s;
  s.task = p.a.task;
  s.score_values = p.a.score_values;
  for (const auto* side : {&p.a, &p.b})
    for (auto rec : side->samples) {
      rec.cluster = (side == &p.a ? "A\x1f" : "B\x1f") + rec.cluster;
      s.samples.push_back(std::move(rec));
    }
  const size_t n = p.a.samples.size();
  for (size_t k = 0; k < p.a.metrics.size(); ++k) {
    runner::MetricBlock blk = p.a.metrics[k];
    const auto& other = p.b.metrics[k];
    blk.stats.insert(blk.stats.end(), other.stats.begin(), other.stats.end());
    for (size_t r : other.rows) blk.rows.push_back(r + n);
    s.metrics.push_back(std::move(blk));
  }
  return s;
}

std::vector<std::pair<std::string, double>> TaskWeights(const std::vector<LevelEntry>& entries) {
  std::vector<std::pair<std::string, double>> w;
  for (const auto& e : entries)
    for (const auto& t : e.tasks)
      w.emplace_back(t, 1.0 / (static_cast<double>(entries.size()) * static_cast<double>(e.tasks.size())));
  return w;
}

// 0/1 per sample on the task's single score value, or nullopt when not binary.
bool BinaryCounts(const AlignedPair& p, long& a_only, long& b_only) {
  if (p.a.score_values.size() != 1) return false;
  const std::string& v = p.a.score_values[0];
  a_only = b_only = 0;
  for (size_t i = 0; i < p.a.samples.size(); ++i) {
    const auto &x = p.a.samples[i].values, &y = p.b.samples[i].values;
    if (!x.contains(v) || !y.contains(v) || !x[v].is_number() || !y[v].is_number()) return false;
    const double xa = x[v].get<double>(), yb = y[v].get<double>();
    if ((xa != 0 && xa != 1) || (yb != 0 && yb != 1)) return false;
    a_only += xa == 1 && yb == 0;
    b_only += xa == 0 && yb == 1;
  }
  return !p.a.samples.empty();
}

}  // namespace

AlignedPair AlignPair(const runner::TaskResult& a, const runner::TaskResult& b, const ClusterKeyFn& key) {
  std::unordered_map<std::string, size_t> in_b;
  for (size_t i = 0; i < b.samples.size(); ++i)
    if (!in_b.emplace(b.samples[i].id, i).second)
      throw std::invalid_argument("task " + a.task + ": duplicate sample id in B: " + b.samples[i].id);
  std::vector<std::string> only_a, only_b;
  std::set<std::string> seen;
  for (const auto& s : a.samples) {
    if (!seen.insert(s.id).second)
      throw std::invalid_argument("task " + a.task + ": duplicate sample id in A: " + s.id);
    if (!in_b.count(s.id)) only_a.push_back(s.id);
  }
  for (const auto& s : b.samples)
    if (!seen.count(s.id)) only_b.push_back(s.id);
  if (!only_a.empty() || !only_b.empty())
    throw std::invalid_argument("task " + a.task + ": sample ids differ: only in A " + ListIds(only_a) +
                                "; only in B " + ListIds(only_b));
  AlignedPair p;
  for (auto* t : {&p.a, &p.b}) {
    const auto& src = t == &p.a ? a : b;
    t->task = src.task;
    t->level = src.level;
    t->score_values = a.score_values;
  }
  std::vector<long> new_a(a.samples.size(), -1), new_b(b.samples.size(), -1);
  for (size_t i = 0; i < a.samples.size(); ++i) {
    const size_t j = in_b.at(a.samples[i].id);
    if (!runner::CountsTowardScores(a.samples[i].status) || !runner::CountsTowardScores(b.samples[j].status)) {
      ++p.dropped;
      continue;
    }
    const std::string cluster = key(a.samples[i]);  // one key for both sides
    new_a[i] = new_b[j] = static_cast<long>(p.a.samples.size());
    p.a.samples.push_back(a.samples[i]);
    p.b.samples.push_back(b.samples[j]);
    p.a.samples.back().cluster = p.b.samples.back().cluster = cluster;
  }
  for (const auto& mb : a.metrics)
    for (const auto& other : b.metrics)
      if (SameLayout(mb, other)) {
        p.a.metrics.push_back(Remap(mb, new_a));
        p.b.metrics.push_back(Remap(other, new_b));
        break;
      }
  return p;
}

PairedEstimator::PairedEstimator(const AlignedPair& pair) : stacked_(Stack(pair), ClusterOrSample) {
  clusters_ = stacked_.clusters() / 2;
  for (size_t c = 0; c < clusters_; ++c)
    if (stacked_.cluster_names()[c].substr(2) != stacked_.cluster_names()[c + clusters_].substr(2))
      throw std::logic_error("paired estimator: clusters out of step");
}

void PairedEstimator::Difference(std::vector<double>& w, double* out,
                                 std::vector<double>& scratch) const {
  thread_local std::vector<double> side_a, side_b;
  const size_t no = outputs();
  side_a.resize(no);
  side_b.resize(no);
  stacked_.Evaluate(w.data(), side_a.data(), scratch);
  std::rotate(w.begin(), w.begin() + clusters_, w.end());
  stacked_.Evaluate(w.data(), side_b.data(), scratch);
  for (size_t o = 0; o < no; ++o) out[o] = side_a[o] - side_b[o];
}

void PairedEstimator::Evaluate(const double* cw, double* out, std::vector<double>& scratch) const {
  thread_local std::vector<double> w;
  w.assign(2 * clusters_, 0.0);
  for (size_t c = 0; c < clusters_; ++c) w[c] = cw ? cw[c] : 1.0;
  Difference(w, out, scratch);
}

void PairedEstimator::Swapped(const double* flips, double* out, std::vector<double>& scratch) const {
  thread_local std::vector<double> w;
  w.resize(2 * clusters_);
  for (size_t c = 0; c < clusters_; ++c) {
    w[c] = 1.0 - flips[c];
    w[c + clusters_] = flips[c];
  }
  Difference(w, out, scratch);
}

std::vector<double> PairedEstimator::Side(int side) const {
  std::vector<double> w(2 * clusters_, 0.0), out(outputs()), scratch;
  std::fill(w.begin() + (side == 0 ? 0 : clusters_), w.begin() + (side == 0 ? clusters_ : 2 * clusters_), 1.0);
  stacked_.Evaluate(w.data(), out.data(), scratch);
  return out;
}

PairedTask ComparePairedTask(const runner::TaskResult& a, const runner::TaskResult& b,
                             const PairedOptions& opt) {
  const AlignedPair pair = AlignPair(a, b, opt.boot.cluster_key);
  const PairedEstimator est(pair);
  PairedTask t;
  t.task = a.task;
  t.n = pair.a.samples.size();
  t.clusters = est.clusters();
  t.dropped = pair.dropped;
  const size_t score = est.outputs() - 1, no = est.outputs();
  t.score_a = est.Side(0)[score];
  t.score_b = est.Side(1)[score];
  t.diff = BootstrapEstimator(est, "paired:" + a.task, opt.boot);
  t.null_score.assign(static_cast<size_t>(std::max(0, opt.permutations)), kNaN);
  const uint64_t key = StreamKey("signflip:" + a.task);
  metrics::ParallelForRanges(t.null_score.size(), ThreadCount(opt.boot.threads), [&](size_t begin, size_t end) {
    std::vector<double> flips(t.clusters), out(no), scratch;
    for (size_t r = begin; r < end; ++r) {
      Rng rng(ReplicateSeed(opt.boot.seed, key, r));
      DrawFlips(rng, t.clusters, flips.data());
      est.Swapped(flips.data(), out.data(), scratch);
      t.null_score[r] = out[score];
    }
  }, kMinResamplesPerChunk);
  if (t.clusters <= 20 && (size_t{1} << t.clusters) <= t.null_score.size()) {
    std::vector<double> out(no), scratch;
    t.exact_p = ExactSignFlipP(t.clusters, [&](const double* f) {
      est.Swapped(f, out.data(), scratch);
      return out[score];
    });
  }
  t.binary = BinaryCounts(pair, t.a_only, t.b_only);
  return t;
}

void AdjustAndJudge(std::vector<Comparison*>& rows, double alpha) {
  std::vector<double> p, mp;
  for (auto* r : rows) {
    p.push_back(r->p);
    mp.push_back(r->mcnemar_p);
  }
  const auto pa = HolmAdjust(p), ma = HolmAdjust(mp);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i]->p_adj = pa[i];
    rows[i]->mcnemar_p_adj = ma[i];
    rows[i]->verdict = Verdict(rows[i]->diff, pa[i], alpha);
  }
}

namespace {

// Combines per-task paired results into one row (a task entry or a level).
Comparison Combine(const std::string& name, const std::vector<LevelEntry>& entries,
                   const std::map<std::string, PairedTask>& done, double level, bool is_entry) {
  Comparison c;
  c.name = name;
  const auto weights = TaskWeights(entries);
  std::map<std::string, const Replicates*> reps;
  for (const auto& [task, w] : weights) reps[task] = &done.at(task).diff;
  c.ci = CombineScores(name, entries, reps, level);
  c.diff = c.ci.estimate;
  c.a = c.b = 0;
  std::vector<double> null;
  bool binary = true;
  long a_only = 0, b_only = 0;
  for (const auto& [task, w] : weights) {
    const auto& t = done.at(task);
    c.a += w * t.score_a;
    c.b += w * t.score_b;
    c.n += t.n;
    c.clusters += t.clusters;
    c.dropped += t.dropped;
    if (null.empty()) null.assign(t.null_score.size(), 0.0);
    for (size_t r = 0; r < null.size() && r < t.null_score.size(); ++r) null[r] += w * t.null_score[r];
    binary = binary && t.binary;
    a_only += t.a_only;
    b_only += t.b_only;
  }
  if (std::isnan(c.diff)) {
    c.note = std::string("not compared: no score in ") +
             (std::isnan(c.a) && std::isnan(c.b) ? "either run" : std::isnan(c.a) ? "A" : "B");
    return c;
  }
  if (weights.size() == 1 && !std::isnan(done.at(weights[0].first).exact_p)) {
    c.p = done.at(weights[0].first).exact_p;
    c.p_method = "sign-flip exact";
  } else {
    c.p = MonteCarloP(c.diff, null);
    c.p_method = "sign-flip";
  }
  // McNemar on pooled pairs is meaningful for an entry of binary tasks, not for a level average.
  if (binary && is_entry) {
    c.a_only = a_only;
    c.b_only = b_only;
    c.mcnemar_p = McNemarExactP(a_only, b_only);
  }
  return c;
}

std::string MissingTasks(const std::vector<LevelEntry>& entries, const SuiteRun& a, const SuiteRun& b) {
  std::string missing;
  for (const auto& e : entries)
    for (const auto& t : e.tasks) {
      const bool ina = a.tasks.count(t), inb = b.tasks.count(t);
      if (ina && inb) continue;
      missing += (missing.empty() ? "" : ", ") + t + (ina ? " (not in B)" : inb ? " (not in A)" : " (in neither)");
    }
  return missing;
}

}  // namespace

RunComparison CompareRuns(const SuiteRun& a, const SuiteRun& b, const PairedOptions& opt) {
  RunComparison rc;
  rc.label_a = a.label;
  rc.label_b = b.label;
  rc.alpha = opt.alpha;
  rc.level = opt.boot.level;
  rc.resamples = opt.boot.resamples;
  rc.permutations = opt.permutations;
  // Entries: the levels' entries in order, then tasks of A that no level mentions.
  std::vector<LevelEntry> entries;
  std::set<std::string> listed;
  for (const auto& lvl : a.levels)
    for (const auto& e : lvl.entries) {
      entries.push_back(e);
      listed.insert(e.tasks.begin(), e.tasks.end());
    }
  for (const auto& [name, _] : a.tasks)
    if (!listed.count(name)) entries.push_back({name, {name}});
  std::map<std::string, PairedTask> done;
  for (const auto& e : entries) {
    Comparison row;
    row.name = e.name;
    if (auto missing = MissingTasks({e}, a, b); !missing.empty()) {
      row.note = "not compared: " + missing;
      rc.entries.push_back(row);
      continue;
    }
    for (const auto& t : e.tasks)
      if (!done.count(t)) done.emplace(t, ComparePairedTask(a.tasks.at(t), b.tasks.at(t), opt));
    rc.entries.push_back(Combine(e.name, {e}, done, opt.boot.level, true));
  }
  for (const auto& lvl : a.levels) {
    Comparison row;
    row.name = lvl.name;
    if (auto missing = MissingTasks(lvl.entries, a, b); !missing.empty()) {
      row.note = "not compared: " + missing;
      rc.levels.push_back(row);
      continue;
    }
    rc.levels.push_back(Combine(lvl.name, lvl.entries, done, opt.boot.level, false));
  }
  for (auto* rows : {&rc.entries, &rc.levels}) {
    std::vector<Comparison*> ptrs;
    for (auto& r : *rows) ptrs.push_back(&r);
    AdjustAndJudge(ptrs, opt.alpha);
  }
  return rc;
}

}  // namespace clue::stats
