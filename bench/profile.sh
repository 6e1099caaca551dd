#!/usr/bin/env bash
# Counts the instructions of one run with valgrind's callgrind and prints where they went:
# the functions that execute the most instructions themselves, then the inclusive cost of
# each stage. Instruction counts repeat from run to run where seconds do not.
#
# Usage: bench/profile.sh [check|build] [PAGES]      (default: check 1000)
# Writes callgrind.out to $BENCH_DIR (default /tmp/syllabus-bench) for callgrind_annotate or
# kcachegrind. A 1,000-page check takes about 10 s under valgrind, a build about 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
command="${1:-check}"
pages="${2:-1000}"
case "$command" in check|build) ;; *) echo "usage: bench/profile.sh [check|build] [PAGES]" >&2; exit 2;; esac
command -v valgrind >/dev/null || { echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2; exit 1; }
work="${BENCH_DIR:-/tmp/syllabus-bench}"
mkdir -p "$work"
course="$work/course-$pages-v2"
[ -d "$course" ] || python3 bench/generate.py "$pages" "$course"
swift build -c release --static-swift-stdlib --product syllabus >/dev/null   # as `make site` builds it
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/syllabus"

source bench/common.sh
valgrind_copies "$bin"
copies="$work/profile-bin"

output="$work/callgrind.out"
arguments=("$command" --no-cache --content "$course")
[ "$command" = build ] && arguments+=(--output "$work/profile-site")
LD_LIBRARY_PATH="$copies/lib" LD_PRELOAD="$copies/libvalgrind-sigsuspend.so" \
  valgrind --tool=callgrind --callgrind-out-file="$output" "$copies/syllabus" "${arguments[@]}" 2>&1 \
  | grep -E "Collected|^syllabus" || true

demangle() { if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else swift demangle --simplified; fi; }
echo
echo "Instructions executed in each function itself (top 30):"
callgrind_annotate "$output" 2>/dev/null | awk '/file:function/ {on=1; next} on && NF' | head -30 \
  | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://' | demangle | cut -c1-150
echo
echo "Inclusive, by stage (an async function's parts are counted apart, so the load and link"
echo "stages can show less than their pages' compilation):"
callgrind_annotate --inclusive=yes "$output" 2>/dev/null | awk '/file:function/ {on=1; next} on && NF' \
  | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://' | demangle \
  | grep -E "  (specialized )?(static )?(Course\.load|ContentLoader\.load|PageCompiler\.compile|MarkdownCompiler\.compile|FrontMatterParser\.read|cmark_parser_finish|cmark_parser_feed|cmark_render_html|CourseGraph\.link|Linker\.run|RelatedPages\.compute|SiteRenderer\.render|OutputVerifier\.verify|SiteWriter\.Staging\.commit|Pipeline\.[a-zA-Z]+|_dl_start)(\(| |$)" \
  | awk '{ name = $0; sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +/, "", name) } !seen[name]++' | head -30 | cut -c1-150
echo
echo "(callgrind counts each step of a rep-prefixed string instruction, so glibc's memset and"
echo " memcpy of long blocks weigh more here than in perf stat's count)"
