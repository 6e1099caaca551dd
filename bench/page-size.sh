#!/usr/bin/env bash
# What a page weighs as a site grows: builds generated courses of 20 and 1,000 pages (as
# bench/generate.py lays them out, and with --folder as a folder of notes in 20 folders, 50 pages
# each with a "Homework"), and prints the average size of the HTML files (all of them, and the
# pages built from Markdown alone), their ratio between the two sizes, and navigation.js.
# Usage: bench/page-size.sh [BINARY]   (default: the release binary, built as `make site` builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [ -z "$bin" ]; then
  swift build -c release --static-swift-stdlib --product syllabus >/dev/null
  bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/syllabus"
fi
work="${BENCH_DIR:-/tmp/syllabus-bench}/page-size"
rm -rf "$work"
mkdir -p "$work"
for layout in kinds folder; do
  for n in 20 1000; do
    flag=""; [ "$layout" = folder ] && flag="--folder"
    python3 bench/generate.py $flag "$n" "$work/$layout-$n"
    "$bin" build "$work/$layout-$n" --output "$work/$layout-$n-site" --no-cache >/dev/null
  done
done
python3 - "$work" <<'PY'
import glob, os, sys
work = sys.argv[1]
def sizes(site):
    files = glob.glob(f"{site}/**/*.html", recursive=True)
    own = ("index.html", "404.html", "contents.html")
    pages = [f for f in files if os.path.relpath(f, site) not in own
             and not os.path.relpath(f, site).startswith(("tags/", "quotes/"))]
    mean = lambda group: sum(map(os.path.getsize, group)) / len(group)
    nav = f"{site}/navigation.js"
    return len(files), mean(files), len(pages), mean(pages), os.path.getsize(nav) if os.path.exists(nav) else 0
print(f"{'layout':8} {'pages':>5} {'.html files':>11} {'avg all':>9} {'avg pages':>10} {'navigation.js':>14}")
for layout in ("kinds", "folder"):
    rows = {n: sizes(f"{work}/{layout}-{n}-site") for n in (20, 1000)}
    for n, (files, mean_all, _, mean_pages, nav) in rows.items():
        print(f"{layout:8} {n:>5} {files:>11} {mean_all:>9.0f} {mean_pages:>10.0f} {nav:>14}")
    print(f"{layout:8} ratio 1,000 / 20: all {rows[1000][1] / rows[20][1]:.2f}×, pages {rows[1000][3] / rows[20][3]:.2f}×")
PY
