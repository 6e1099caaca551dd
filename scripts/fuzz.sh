#!/usr/bin/env bash
# Fuzzes with libFuzzer for a fixed time (default 60 s): by default front-matter splitting, quote
# and reference parsing and whole-page compilation (syllabus-fuzz; crashes land in
# Tests/Fuzz/regressions, which FuzzRegressionTests replays); with --lsp the language server's
# wire (Content-Length framing and JSON, fed in pieces) and its incremental edits in every
# position encoding (syllabus-lsp-fuzz; Tests/Fuzz/lsp-regressions, replayed by
# LanguageServerFuzzReplayTests). Usage: scripts/fuzz.sh [--lsp] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
product=syllabus-fuzz corpus=Tests/Fuzz/corpus regressions=Tests/Fuzz/regressions
if [ "${1:-}" = "--lsp" ]; then
  product=syllabus-lsp-fuzz corpus=Tests/Fuzz/lsp-corpus regressions=Tests/Fuzz/lsp-regressions
  shift
fi
seconds="${1:-60}"
swift build --scratch-path .build-fuzz --product "$product" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld 2>&1 | grep -E "error|Build" || true
bin="$(swift build --scratch-path .build-fuzz --show-bin-path)/$product"
work=$(mktemp -d)
cp "$corpus"/* "$work"/ 2>/dev/null || true
status=0
"$bin" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
  -artifact_prefix="$regressions"/ -print_final_stats=1 2>&1 | tail -15 || status=$?
rm -rf "$work"
exit $status
