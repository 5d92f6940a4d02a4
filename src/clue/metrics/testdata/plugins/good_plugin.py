#!/usr/bin/env python3
"""Test plug-in: EM = prediction == reference, LEN = len(prediction); 'please-fail' -> error."""
import json
import sys

for line in sys.stdin:
    req = json.loads(line)
    if req["prediction"] == "please-fail":
        out = {"id": req["id"], "error": "cannot score this one"}
    else:
        out = {"id": req["id"], "EM": float(req["prediction"] == req["reference"]),
               "LEN": len(req["prediction"])}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
