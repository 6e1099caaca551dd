#!/usr/bin/env bash
# The floor of a check (bench/floor.c: read and parse every page, nothing else), beside a
# check and a build of the same course, in instructions (user space, repeatable) and CPU.
# Usage: bench/floor.sh [PAGES]   (default 10000; the course comes from bench/generate.py)
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-10000}"
work="${BENCH_DIR:-/tmp/syllabus-bench}"
mkdir -p "$work"
course="$work/course-$pages-v2"
[ -d "$course" ] || python3 bench/generate.py "$pages" "$course"
cc -O2 -o "$work/floor" bench/floor.c $(pkg-config --cflags --libs libcmark)
swift build -c release --static-swift-stdlib --product syllabus >/dev/null
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/syllabus"
mimalloc=$(ldconfig -p | awk '/libmimalloc.so.2 / && !found {print $NF; found = 1}')
find "$course" -name '*.md' | sort > "$work/pages.txt"
source bench/common.sh
count() { echo "$(instructions "$@") G"; }
cpu() { measure "$@" | awk '{printf "%.2f s", $2 + $3}'; }
# (mimalloc preloaded, as the syllabus executable links it.)
floor=(env ${mimalloc:+LD_PRELOAD=$mimalloc} "$work/floor")
echo "$pages pages, instructions and CPU (user + system):"
echo "  floor (read + parse): $(count "${floor[@]}" < "$work/pages.txt"), $(cpu "${floor[@]}" < "$work/pages.txt")"
echo "  check --no-cache:     $(count "$bin" check --no-cache --content "$course"), $(cpu "$bin" check --no-cache --content "$course")"
echo "  build --no-cache:     $(count "$bin" build --no-cache --content "$course" --output "$work/site-$pages"), $(cpu "$bin" build --no-cache --content "$course" --output "$work/site-$pages")"
