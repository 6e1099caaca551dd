#!/usr/bin/env bash
# Fuzzes the language server's wire (Content-Length framing and JSON, fed in pieces) and its
# incremental edits in every position encoding with libFuzzer for a fixed time (default 60 s).
# Crashes land in Tests/Fuzz/lsp-regressions, which the test suite replays
# (LanguageServerFuzzReplayTests). Usage: scripts/fuzz-lsp.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
swift build --scratch-path .build-fuzz --product syllabus-lsp-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld 2>&1 | grep -E "error|Build" || true
bin="$(swift build --scratch-path .build-fuzz --show-bin-path)/syllabus-lsp-fuzz"
work=$(mktemp -d)
cp Tests/Fuzz/lsp-corpus/* "$work"/ 2>/dev/null || true
status=0
"$bin" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix=Tests/Fuzz/lsp-regressions/ -print_final_stats=1 2>&1 | tail -15 || status=$?
rm -rf "$work"
exit $status
