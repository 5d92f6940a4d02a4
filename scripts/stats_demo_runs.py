#!/usr/bin/python3
"""Writes simulated CLUE run directories for demonstrating `clue compare --families`.

NOT real model outputs: per-sample values are drawn so that each task's mean matches the
published CLUE website numbers (clue-protocol.md 4.1) for three biomedical/base pairs, with a
shared per-sample difficulty (Gaussian copula, correlation 0.5) so the two runs of a pair are
paired the way two models on the same items are. Sample sizes are illustrative.

Usage: /usr/bin/python3 scripts/stats_demo_runs.py OUT_DIR   (then see docs/statistics.md)
"""
import json
import os
import random
import sys
from statistics import NormalDist

N = NormalDist()
# task -> (level entry, samples, clustered, value names)
TASKS = {
    "mednli": ("mednli", 1422, False, ["ACCURACY"]),
    "meqsum": ("meqsum", 1000, False, ["rougeL_f", "rouge1_f", "rouge2_f", "BERT_F1"]),
    "problem_summary": ("problem_summary", 237, False, ["rougeL_f", "rouge1_f", "rouge2_f", "BERT_F1", "UMLS_F1"]),
    "longhealth_task1": ("longhealth", 2000, True, ["ACCURACY"]),
    "longhealth_task2": ("longhealth", 2000, True, ["ACCURACY"]),
    "longhealth_task3": ("longhealth", 2000, True, ["ACCURACY"]),
    "medisumqa": ("medisumqa", 416, False, ["rougeL_f", "rouge1_f", "rouge2_f", "BERT_F1", "UMLS_F1"]),
    "medisumcode": ("medisumcode", 500, False, ["ICD_EM_F1", "ICD_AP_F1", "VALID_CODES"]),
}
# Published per-value percentages (clue-protocol.md 4.1); text tasks use the task score for
# every value, which keeps the task score right (their per-value vectors are not all public).
MODELS = {
    "Meta-Llama-3-8B-Instruct": [74.08, 39.45, 31.57, 68.3, 66.55, 56.25, 30.32, (3.95, 17.55, 61.93)],
    "Llama3-OpenBioLLM-8B": [44.93, 33.01, 21.66, 37.55, 41.75, 1.55, 30.43, (0.84, 4.84, 51.16)],
    "Llama3-Aloe-8B-Alpha": [73.94, 32.28, 21.28, 66.75, 63.3, 19.05, 21.42, (1.77, 12.78, 44.84)],
    "Mistral-7B-Instruct-v0.1": [64.79, 31.11, 25.04, 45.75, 40.65, 3.65, 25.47, (0.57, 3.78, 37.25)],
    "BioMistral-7B": [62.75, 33.90, 25.07, 38.05, 34.25, 7.8, 22.76, (1.67, 9.92, 54.51)],
}
ORDER = list(TASKS)


def value(shared, own, mean, binary):
    z = 0.5 ** 0.5 * shared + 0.5 ** 0.5 * own  # correlation 0.5 between two models' draws
    u = N.cdf(z)
    if binary:
        return 1.0 if u < mean else 0.0
    # A continuous value in [0, 1] with the given mean: a two-point-free affine map of u.
    return min(1.0, max(0.0, 2 * mean * u)) if mean <= 0.5 else 1 - min(1.0, 2 * (1 - mean) * (1 - u))


def write_run(out, model, seed):
    rng = random.Random(seed)
    shared = random.Random(2024)  # the same item difficulties for every model
    scores = MODELS[model]
    tasks = {}
    for ti, task in enumerate(ORDER):
        entry, n, clustered, names = TASKS[task]
        means = scores[7] if task == "medisumcode" else [scores[ti]] * len(names)
        os.makedirs(os.path.join(out, task), exist_ok=True)
        sums = [0.0] * len(names)
        with open(os.path.join(out, task, "samples.jsonl"), "w") as f:
            for i in range(n):
                vals = {}
                for k, name in enumerate(names):
                    v = value(shared.gauss(0, 1), rng.gauss(0, 1), means[k] / 100, name in ("ACCURACY",))
                    vals[name] = v
                    sums[k] += v
                f.write(json.dumps({"id": f"{task}-{i}", "task": task, "cluster": f"q{i // 5}" if clustered else "",
                                    "group": "", "status": "scored", "values": vals}) + "\n")
        values = {name: {"value": 100 * sums[k] / n, "metric": "demo"} for k, name in enumerate(names)}
        tasks[task] = {"level": "1" if ti < 3 else "2", "n": n,
                       "metrics": [{"name": "demo", "options": {}, "computed": True}],
                       "values": values,
                       "score": {"value": sum(v["value"] for v in values.values()) / len(names),
                                 "partial": False, "components": names}}
    levels = {"L1": {"entries": [{"name": t, "tasks": [t]} for t in ORDER[:3]]},
              "L2": {"entries": [{"name": "longhealth", "tasks": ORDER[3:6]},
                                 {"name": "medisumqa", "tasks": ["medisumqa"]},
                                 {"name": "medisumcode", "tasks": ["medisumcode"]}]}}
    for lv in levels.values():
        lv["value"] = 0.0
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"clue_version": "demo", "model": model, "profile": "clue-2024", "suite": "clue",
                   "tasks": tasks, "levels": levels}, f, indent=1)


def main():
    out = sys.argv[1]
    pairs = [("Llama3-OpenBioLLM-8B", "Meta-Llama-3-8B-Instruct"),
             ("Llama3-Aloe-8B-Alpha", "Meta-Llama-3-8B-Instruct"),
             ("BioMistral-7B", "Mistral-7B-Instruct-v0.1")]
    for i, m in enumerate(MODELS):
        write_run(os.path.join(out, m), m, seed=i + 1)
    with open(os.path.join(out, "families.yaml"), "w") as f:
        f.write("families:\n")
        for bio, base in pairs:
            f.write(f"  - {{biomedical: {bio}, base: {base}}}\n")


if __name__ == "__main__":
    main()
