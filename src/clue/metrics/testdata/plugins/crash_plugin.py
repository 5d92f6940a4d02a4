#!/usr/bin/env python3
"""Test plug-in: answers two requests, then dies with status 3 in the middle of a batch."""
import json
import sys

for n, line in enumerate(sys.stdin):
    if n == 2:
        sys.stderr.write("crash_plugin: simulated failure\n")
        sys.exit(3)
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "EM": 1.0, "LEN": 0}), flush=True)
