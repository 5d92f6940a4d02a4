#!/usr/bin/env bash
# Installs dependencies, builds clue, and runs the CLUE suite with the parameter-free baselines on
# the bundled synthetic samples plus the public data in ../shared/datasets (when present).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target clue
data=()
[ -d ../shared/datasets ] && data+=(--data-dir ../shared/datasets)
data+=(--data-dir data/samples)
./build/clue run --suite clue --model baseline "${data[@]}" --out runs/baseline "$@"
