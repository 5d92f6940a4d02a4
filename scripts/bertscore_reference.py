#!/usr/bin/python3
"""Independent NumPy reference for clue's BERTScore: tokenizer, BERT forward pass, bert_score maths.

Reads a model directory's config.json, vocab.txt, tokenizer_config.json and model.safetensors
(parsed here with json + numpy), computes in float64, and writes JSON:
  {"ids": [[...] per text], "hidden": [[[...]...] per text], "scores": [[P, R, F] per cand]}
Input JSON: {"texts": [...], "cands": [...], "refs": [[...], ...], "layer": k, "idf": bool,
             "batch_size": 64, "baseline": [bP, bR, bF] or null}
Written from bert_score 0.3.13's documented behaviour (docs: shared/reference/bertscore-algorithm.md)
and transformers' BertTokenizer semantics, using Python's own unicodedata.
"""
import argparse
import json
import math
import struct
import unicodedata

import numpy as np

SPECIALS = ["[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"]


# ---------------------------------------------------------------- tokenizer
def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    return any(a <= cp <= b for a, b in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF),
                                          (0x2A700, 0x2B73F), (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF),
                                          (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)])


def basic_tokens(text, lower):
    chars = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")):
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            chars.append(" ")
        elif is_cjk(cp):
            chars.append(" " + ch + " ")
        else:
            chars.append(ch)
    text = unicodedata.normalize("NFC", "".join(chars))
    out = []
    for tok in text.split():
        if lower:
            tok = "".join(c for c in unicodedata.normalize("NFD", tok.lower())
                          if unicodedata.category(c) != "Mn")
        cur = ""
        for c in tok:
            if is_punct(c):
                if cur:
                    out.append(cur)
                out.append(c)
                cur = ""
            else:
                cur += c
        if cur:
            out.append(cur)
    return out


def wordpiece(word, vocab):
    if len(word) > 100:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            sub = ("##" if start else "") + word[start:end]
            if sub in vocab:
                break
            end -= 1
        if end == start:
            return ["[UNK]"]
        pieces.append(sub)
        start = end
    return pieces


def encode(text, vocab, lower, max_len):
    text = text.strip()
    toks = []
    # literal special tokens are kept whole; the rest is lowercased char by char, then tokenized
    i, seg = 0, ""
    while i < len(text):
        hit = max((s for s in SPECIALS if text.startswith(s, i)), key=len, default=None)
        if hit:
            toks += tokenize_segment(seg, vocab, lower)
            toks.append(hit)
            seg, i = "", i + len(hit)
        else:
            seg += text[i]
            i += 1
    toks += tokenize_segment(seg, vocab, lower)
    toks = toks[: max_len - 2]
    return [vocab["[CLS]"]] + [vocab.get(t, vocab["[UNK]"]) for t in toks] + [vocab["[SEP]"]]


def tokenize_segment(seg, vocab, lower):
    if lower:
        seg = "".join(c.lower() for c in seg)
    out = []
    for w in basic_tokens(seg, lower):
        out += wordpiece(w, vocab)
    return out


# ---------------------------------------------------------------- model
def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        assert info["dtype"] == "F32"
        out[name] = np.frombuffer(blob[8 + n + a:8 + n + b], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return out


def layer_norm(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def erf(x):
    return np.vectorize(math.erf)(x)


def forward(ids, w, cfg, layers):
    eps, h, nh = cfg["layer_norm_eps"], cfg["hidden_size"], cfg["num_attention_heads"]
    d = h // nh
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] \
        + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    lin = lambda v, p: v @ w[p + ".weight"].T + w[p + ".bias"]
    for l in range(layers):
        p = "encoder.layer.%d." % l
        q = lin(x, p + "attention.self.query").reshape(n, nh, d).transpose(1, 0, 2)
        k = lin(x, p + "attention.self.key").reshape(n, nh, d).transpose(1, 0, 2)
        v = lin(x, p + "attention.self.value").reshape(n, nh, d).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(n, h)
        x = layer_norm(x + lin(ctx, p + "attention.output.dense"),
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        inter = lin(x, p + "intermediate.dense")
        inter = 0.5 * inter * (1 + erf(inter / math.sqrt(2)))
        x = layer_norm(x + lin(inter, p + "output.dense"),
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x


# ---------------------------------------------------------------- bert_score
def bert_score(cands, refs, emb, ids, vocab, idf, batch_size, baseline):
    pc, pr = [], []
    for i, group in enumerate(refs):
        for r in group:
            pc.append(cands[i])
            pr.append(r)
    if idf:
        m = len(pr)
        df = {}
        for r in pr:
            for t in set(ids[r]):
                df[t] = df.get(t, 0) + 1
        weight = lambda t: math.log((m + 1) / (df[t] + 1)) if t in df else math.log(m + 1)
    else:
        weight = lambda t: 0.0 if t in (vocab["[CLS]"], vocab["[SEP]"]) else 1.0
    pair = []
    for s in range(0, len(pr), batch_size):
        bc, br = pc[s:s + batch_size], pr[s:s + batch_size]
        max_m, max_n = max(len(ids[c]) for c in bc), max(len(ids[r]) for r in br)
        for c, r in zip(bc, br):
            hc = emb[c] / np.linalg.norm(emb[c], axis=1, keepdims=True)
            hr = emb[r] / np.linalg.norm(emb[r], axis=1, keepdims=True)
            sim = hc @ hr.T
            wp, wr = sim.max(1), sim.max(0)
            if len(ids[r]) < max_n:  # padded cells are 0 in bert_score's masked sim
                wp = np.maximum(wp, 0)
            if len(ids[c]) < max_m:
                wr = np.maximum(wr, 0)
            a = np.array([weight(t) for t in ids[c]])
            b = np.array([weight(t) for t in ids[r]])
            with np.errstate(invalid="ignore", divide="ignore"):
                P = float((wp * (a / a.sum())).sum())
                R = float((wr * (b / b.sum())).sum())
                F = 2 * P * R / (P + R) if (P + R) != 0 else float("nan")
            if len(ids[c]) == 2 or len(ids[r]) == 2:
                P = R = 0.0
            if math.isnan(F):
                F = 0.0
            pair.append([P, R, F])
    out, k = [], 0
    for group in refs:
        rows = np.array(pair[k:k + len(group)])
        k += len(group)
        best = rows.max(0)
        if baseline is not None:
            b = np.array(baseline)
            best = (best - b) / (1 - b)
        out.append([float(v) for v in best])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    with open(args.input) as f:
        inp = json.load(f)
    with open(args.model + "/config.json") as f:
        cfg = json.load(f)
    with open(args.model + "/vocab.txt", encoding="utf-8") as f:
        vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
    lower = True
    try:
        with open(args.model + "/tokenizer_config.json") as f:
            lower = json.load(f).get("do_lower_case", True)
    except FileNotFoundError:
        pass
    w = read_safetensors(args.model + "/model.safetensors")
    layer = inp["layer"]
    max_len = min(512, cfg["max_position_embeddings"])
    texts = list(dict.fromkeys(inp.get("texts", []) + inp.get("cands", []) +
                               [r for g in inp.get("refs", []) for r in g]))
    ids = {t: encode(t, vocab, lower, max_len) for t in texts}
    emb = {t: forward(ids[t], w, cfg, layer) for t in texts}
    res = {"ids": [ids[t] for t in inp.get("texts", [])],
           "hidden": [emb[t].tolist() for t in inp.get("texts", [])]}
    if inp.get("cands"):
        res["scores"] = bert_score(inp["cands"], inp["refs"], emb, ids, vocab, inp.get("idf", False),
                                   inp.get("batch_size", 64), inp.get("baseline"))
    with open(args.output, "w") as f:
        json.dump(res, f)


if __name__ == "__main__":
    main()
