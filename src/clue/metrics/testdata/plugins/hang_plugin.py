#!/usr/bin/env python3
"""Test plug-in: reads a request and never answers."""
import sys
import time

sys.stdin.readline()
time.sleep(3600)
