#!/usr/bin/python3
"""Writes a random BERT model directory the way Hugging Face saves one, without torch.

Files: config.json, vocab.txt, tokenizer_config.json, model.safetensors (modern tensor names)
and pytorch_model.bin (torch.save zip format, legacy names: "bert." prefix, LayerNorm
gamma/beta, an MLM head and an int64 position_ids buffer, as old checkpoints have).
--legacy-bin writes the pre-1.6 torch.save format instead of the zip.
--malicious writes a pytorch_model.bin whose pickle calls os.system (for refusal tests).

Only the Python standard library and NumPy are used; torch's pickle layout is reproduced with
pickle's persistent_id and stand-in modules named torch / torch._utils.
"""
import argparse
import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile

import numpy as np

WORDS = ("the patient was admitted with chest pain and shortness of breath history of "
         "hypertension diabetes mellitus type 2 acute kidney injury on chronic disease "
         "pneumonia treated antibiotics discharged home follow up cardiology what is "
         "treatment for my daughter has fever cough how can i get rid headache after "
         "surgery heart failure sepsis anemia atrial fibrillation") .split()
PIECES = ["##s", "##ed", "##ing", "##ly", "##a", "##e", "##i", "##o", "##u", "##n", "##t",
          "##r", "##l", "##c", "##m", "##p", "##d", "##y", "##h", "##g", "##b", "##k"]


def make_vocab(size):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab += list(".,;:!?'()-/%")
    vocab += [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    for w in WORDS + PIECES + ["The", "Patient", "##É", "H", "##é"]:
        if w not in vocab:
            vocab.append(w)
    while len(vocab) < size:
        vocab.append("[unused%d]" % len(vocab))
    return vocab


def make_weights(cfg, rng, scale):
    h, i = cfg["hidden_size"], cfg["intermediate_size"]
    w = collections.OrderedDict()

    def norm(*shape):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    w["embeddings.word_embeddings.weight"] = norm(cfg["vocab_size"], h) * 4
    w["embeddings.position_embeddings.weight"] = norm(cfg["max_position_embeddings"], h) * 4
    w["embeddings.token_type_embeddings.weight"] = norm(cfg["type_vocab_size"], h) * 4
    w["embeddings.LayerNorm.weight"] = 1 + norm(h)
    w["embeddings.LayerNorm.bias"] = norm(h)
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l
        for name, (o, n) in [("attention.self.query", (h, h)), ("attention.self.key", (h, h)),
                             ("attention.self.value", (h, h)), ("attention.output.dense", (h, h)),
                             ("intermediate.dense", (i, h)), ("output.dense", (h, i))]:
            w[p + name + ".weight"] = norm(o, n) / np.sqrt(n) * 3
            w[p + name + ".bias"] = norm(o)
        for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
            w[p + name + ".weight"] = 1 + norm(h)
            w[p + name + ".bias"] = norm(h)
    return w


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    hjson = json.dumps(header).encode()
    hjson += b" " * (-len(hjson) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for b in blobs:
            f.write(b)


# --- stand-ins so pickle writes GLOBAL torch._utils._rebuild_tensor_v2 / torch.FloatStorage ---
torch_mod = types.ModuleType("torch")
utils_mod = types.ModuleType("torch._utils")
torch_mod._utils = utils_mod
sys.modules.setdefault("torch", torch_mod)
sys.modules.setdefault("torch._utils", utils_mod)


def _rebuild_tensor_v2(*args):
    raise RuntimeError("stand-in only")


_rebuild_tensor_v2.__module__ = "torch._utils"
utils_mod._rebuild_tensor_v2 = _rebuild_tensor_v2
STORAGE_CLASSES = {}
for _name in ["FloatStorage", "LongStorage"]:
    _cls = type(_name, (), {"__module__": "torch"})
    setattr(torch_mod, _name, _cls)
    STORAGE_CLASSES[_name] = _cls


class Storage:
    def __init__(self, key, array, legacy):
        self.key, self.array, self.legacy = key, array, legacy

    def pid(self):
        cls = STORAGE_CLASSES["LongStorage" if self.array.dtype == np.int64 else "FloatStorage"]
        base = ("storage", cls, self.key, "cpu", self.array.size)
        return base + (None,) if self.legacy else base


class FakeTensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce_ex__(self, proto):
        stride, acc = [], 1
        for d in reversed(self.shape):
            stride.insert(0, acc)
            acc *= d
        return (_rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False,
                                     collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid() if isinstance(obj, Storage) else None


def torch_state_dict(tensors, legacy):
    """A state dict as torch.save sees it, plus its storages in key order."""
    sd = collections.OrderedDict()
    sd._metadata = collections.OrderedDict([("", {"version": 1})])
    storages = []
    for name, arr in tensors.items():
        st = Storage(str(len(storages)), np.ascontiguousarray(arr), legacy)
        storages.append(st)
        sd[name] = FakeTensor(st, arr.shape)
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(sd)
    return buf.getvalue(), storages


def write_torch_zip(path, tensors):
    data_pkl, storages = torch_state_dict(tensors, legacy=False)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", data_pkl)
        z.writestr("archive/byteorder", "little")
        for st in storages:
            z.writestr("archive/data/" + st.key, st.array.astype(st.array.dtype.newbyteorder("<")).tobytes())
        z.writestr("archive/version", "3\n")


def write_torch_legacy(path, tensors):
    data_pkl, storages = torch_state_dict(tensors, legacy=True)
    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({"protocol_version": 1001, "little_endian": True,
                     "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
        f.write(data_pkl)
        pickle.dump([st.key for st in storages], f, protocol=2)
        for st in storages:
            f.write(struct.pack("<q", st.array.size))
            f.write(st.array.tobytes())


class Evil:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def legacy_names(tensors, cfg):
    """Old BertForMaskedLM checkpoint naming, with extra tensors a loader must skip."""
    out = collections.OrderedDict()
    for name, arr in tensors.items():
        name = name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        out["bert." + name] = arr
    out["bert.embeddings.position_ids"] = np.arange(cfg["max_position_embeddings"], dtype=np.int64)[None, :]
    out["cls.predictions.bias"] = np.zeros(cfg["vocab_size"], dtype=np.float32)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--intermediate", type=int, default=0, help="default 4 x hidden")
    ap.add_argument("--vocab-size", type=int, default=0, help="pad vocab.txt with [unusedN]")
    ap.add_argument("--max-pos", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--formats", default="safetensors,bin", help="safetensors,bin,legacy-bin")
    ap.add_argument("--malicious", action="store_true")
    ap.add_argument("--cased", action="store_true", help="tokenizer_config do_lower_case false")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    if args.malicious:
        with zipfile.ZipFile(os.path.join(args.out, "pytorch_model.bin"), "w") as z:
            z.writestr("archive/data.pkl", pickle.dumps(Evil(), protocol=2))
        return

    vocab = make_vocab(max(args.vocab_size, 0))
    cfg = {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_act": "gelu",
           "hidden_size": args.hidden, "num_hidden_layers": args.layers,
           "num_attention_heads": args.heads, "intermediate_size": args.intermediate or 4 * args.hidden,
           "max_position_embeddings": args.max_pos, "type_vocab_size": 2,
           "layer_norm_eps": 1e-12, "vocab_size": len(vocab)}
    rng = np.random.default_rng(args.seed)
    tensors = make_weights(cfg, rng, args.scale)
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("".join(v + "\n" for v in vocab))
    with open(os.path.join(args.out, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": not args.cased}, f)
    formats = args.formats.split(",")
    if "safetensors" in formats:
        write_safetensors(os.path.join(args.out, "model.safetensors"), tensors)
    if "bin" in formats:
        write_torch_zip(os.path.join(args.out, "pytorch_model.bin"), legacy_names(tensors, cfg))
    if "legacy-bin" in formats:
        write_torch_legacy(os.path.join(args.out, "pytorch_model.bin"), legacy_names(tensors, cfg))


if __name__ == "__main__":
    main()
