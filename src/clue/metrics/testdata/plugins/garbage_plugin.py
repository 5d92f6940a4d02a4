#!/usr/bin/env python3
"""Test plug-in: answers every request with a line that is not JSON."""
import sys

for line in sys.stdin:
    print("this is not json", flush=True)
