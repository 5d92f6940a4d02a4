#!/usr/bin/env bash
# Installs dependencies, builds clue twice (optimised, and with ASan+UBSan), and runs every test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

run_suite() {  # $1 build dir, remaining args: extra cmake flags
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 300)
}

echo "== optimised build =="
run_suite build -DCMAKE_BUILD_TYPE=Release
echo "== sanitizer build (ASan+UBSan) =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DCLUE_SANITIZE=ON
