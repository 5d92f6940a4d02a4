#!/usr/bin/env python3
"""CLUE's UMLS entity F1 (scispaCy) as a clue scorer plug-in.

This reproduces the metric of the CLUE paper (protocol section 2.3) for users who have
scispaCy installed:

    pip install scispacy==0.5.5 \
      https://s3-us-west-2.amazonaws.com/ai2-s2-scispacy/releases/v0.5.4/en_core_sci_sm-0.5.4.tar.gz

The first run downloads scispaCy's UMLS linker files (~1 GB) into its cache.

Per sample: run en_core_sci_sm; for every entity mention with at least one linker candidate
(char-3-gram TF-IDF, k=30, threshold 0.7, scispaCy defaults) take the top-1 concept's canonical
name; compare the prediction's and the reference's name sets:
    P = |pred & gold| / |pred| (0 if pred is empty), R = |pred & gold| / |gold| (0 if gold is empty),
    F1 = 2PR / (P + R) (0 if P + R = 0)
Values are fractions; clue multiplies them by 100 and averages over samples.

Protocol (clue metric "plugin", see docs/concepts.md): one JSON request per stdin line,
{"id", "prediction", "reference"}; one JSON result per stdout line,
{"id", "UMLS_P", "UMLS_R", "UMLS_F1"} (or {"id", "error"}). Flush after every line.

Use it from clue:
    clue run ... --set entity_f1.plugin="python3 contrib/scispacy_umls_plugin.py"
or in a task file:
    - {name: entity_f1, plugin: [python3, contrib/scispacy_umls_plugin.py], timeout_s: 600}
"""
import argparse
import json
import sys


def load_pipeline():
    import spacy
    import scispacy  # noqa: F401  (registers the components)
    from scispacy.linking import EntityLinker  # noqa: F401

    nlp = spacy.load("en_core_sci_sm")
    # As in CLUE: no AbbreviationDetector is added, so resolve_abbreviations has no effect.
    nlp.add_pipe("scispacy_linker",
                 config={"resolve_abbreviations": True, "linker_name": "umls",
                         "k": 30, "threshold": 0.7})
    return nlp, nlp.get_pipe("scispacy_linker")


def concept_names(nlp, linker, text):
    names = set()
    for ent in nlp(text or "").ents:
        if ent._.kb_ents:
            cui = ent._.kb_ents[0][0]
            names.add(linker.kb.cui_to_entity[cui].canonical_name)
    return names


def prf(pred, gold):
    common = len(pred & gold)
    p = common / len(pred) if pred else 0.0
    r = common / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prefix", default="UMLS", help="value name prefix (default UMLS)")
    args = ap.parse_args()
    try:
        nlp, linker = load_pipeline()
    except ImportError as e:  # clue shows this stderr tail in the samples' error
        sys.stderr.write(f"scispacy_umls_plugin: scispaCy is not installed ({e}); see contrib/README.md\n")
        sys.exit(2)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            ref = req.get("reference")
            if isinstance(ref, list):
                ref = " ".join(ref)
            p, r, f = prf(concept_names(nlp, linker, req.get("prediction")),
                          concept_names(nlp, linker, ref))
            out = {"id": req["id"], args.prefix + "_P": p, args.prefix + "_R": r,
                   args.prefix + "_F1": f}
        except Exception as e:  # report per sample; clue marks only this sample as failed
            out = {"id": req.get("id"), "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
