#!/usr/bin/python3
# Test oracle for src/clue/stats/draws_test.cc: IndexDrawer's draw sequence written from its
# specification in draws.h (splitmix64-seeded xoshiro256** Rng; four xoshiro256** lanes whose 16
# state words are the Rng's first 16 outputs, word-major; candidates hi/lo 32 bits of lane 0..3;
# Lemire multiply-and-reject). Prints the first K draws in [0, n) for Rng seed S.
# Usage: /usr/bin/python3 scripts/oracles/index_drawer.py SEED N K
import sys

M = (1 << 64) - 1
def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M

def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & M
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return x, z ^ (z >> 31)

def xoshiro(s):  # s: list of 4 words, updated in place; returns the output
    r = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 17) & M
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
    s[3] = rotl(s[3], 45)
    return r

seed, n, k = (int(a) for a in sys.argv[1:4])
rng, x = [], seed
for _ in range(4):
    x, z = splitmix(x)
    rng.append(z)
words = [xoshiro(rng) for _ in range(16)]
lanes = [[words[w * 4 + l] for w in range(4)] for l in range(4)]
thr = (1 << 32) % n
out = []
while len(out) < k:
    for lane in lanes:
        r = xoshiro(lane)
        for cand in (r >> 32, r & 0xFFFFFFFF):
            p = cand * n
            if (p & 0xFFFFFFFF) >= thr and len(out) < k:
                out.append(p >> 32)
print(" ".join(map(str, out)))
