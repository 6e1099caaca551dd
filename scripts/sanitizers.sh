#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer, then ThreadSanitizer, each in its own build
# folder. Leak detection is off: at exit, Foundation, XCTest and libcurl keep allocations that
# LeakSanitizer reports although no code of ours holds them.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== AddressSanitizer"
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan 2>&1 | grep -E "error:|Test run with|ERROR: AddressSanitizer|✘"
echo "== ThreadSanitizer"
TSAN_OPTIONS=halt_on_error=1 swift test --sanitize=thread --scratch-path .build-tsan 2>&1 | grep -E "error:|Test run with|WARNING: ThreadSanitizer|✘"
