#!/usr/bin/python3
# Test oracle for src/clue/tasks/longhealth_builder_test.cc: CLUE's LongHealth prompt construction
# (create_prompt + sample_distractions, retyped) with CPython's own random module, the whitespace
# tokenizer and clue's per-question FNV-1a seeds. Prints "patient No repeat doc-ids" where a doc id is
# patient/text:words (":0" = an empty, fully truncated document).
# Usage (repo root): /usr/bin/python3 scripts/oracles/longhealth_prompts.py TASK MAX_LEN
import json, random, sys
B = json.load(open("data/samples/longhealth/benchmark_v5.json"))
T = "T {documents} {question_text} {options}"
n = lambda s: len(s.split())
def cut(s, k):  # first k whitespace words, original spacing
    if k <= 0: return ""
    w = 0; inw = False
    for i, c in enumerate(s):
        sp = c in " \t\n\v\f\r"
        if not sp and not inw: w += 1
        if sp and inw and w == k: return s if s[i:].strip() == "" else s[:i]
        inw = not sp
    return s
def fnv(key):
    h = 14695981039346656037
    for b in key.encode(): h = ((h ^ b) * 1099511628211) % 2**64
    return h
def ident(doc):
    for pid, p in B.items():
        for tid, t in p["texts"].items():
            if doc and t.startswith(doc): return "%s/%s:%d" % (pid, tid, n(doc))
    return ":0"
def create(ans, non, q, labels, max_len):
    opts = "\n".join(l.upper() + ": " + q["answer_" + l] for l in labels)
    sep = n("\n\n-------------- NEW DOCUMENT --------------\n\n")
    total = n(q["question"]) + n(opts) + n(T); sel = []
    for docs in (ans, non):
        for d in docs:
            if total + n(d) <= max_len: sel.append(d); total += n(d) + sep
            else: sel.append(cut(d, max(max_len - total, 0))); total += max_len - total; break
    random.shuffle(sel)
    return [ident(d) for d in sel]
def run(task, max_len, seed=1):
    max_len -= n("sys")
    for pid, p in B.items():
        for q in p["questions"]:
            q = dict(q)
            ans = [p["texts"][t] for t in q["answer_location"]]
            if task == 1:
                random.seed(fnv("%d|%s|%s|t1" % (seed, pid, q["No"])))
                non = [t for tid, t in p["texts"].items() if tid not in q["answer_location"]]
                for j in range(5): print(pid, q["No"], j, " ".join(create(ans, non, q, "abcde", max_len)))
            else:
                random.seed(fnv("%d|%s|%s|t23" % (seed, pid, q["No"])))
                q["answer_f"] = "Question cannot be answered with provided documents"
                pool = [t for o, pp in B.items() if o != pid for t in pp["texts"].values()]
                for j in range(10):
                    dis = random.sample(pool, min(10, len(pool)))
                    r = create([] if j % 2 == 0 else ans, dis, q, "abcdef", max_len)
                    if (j % 2 == 0) == (task == 3): print(pid, q["No"], j // 2, " ".join(r))
run(int(sys.argv[1]), int(sys.argv[2]))
