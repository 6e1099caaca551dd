#!/usr/bin/env bash
# The cost of GitHub's forms: builds a generated course of N pages (default 1000) three ways
# — as bench/run.sh generates it, with GitHub's forms added to every page (a table, footnotes,
# a task list, strikethrough, three fenced code blocks in languages the highlighter knows),
# and the same with the fences' languages taken out — and prints the instructions and time of
# each build, what the forms add, and what highlighting costs per MB of code (the difference
# between the last two, over the bytes inside their fences). Usage: bench/gfm.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
swift build -c release --static-swift-stdlib --product syllabus >/dev/null   # as `make site` builds it
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/syllabus"
work="${BENCH_DIR:-/tmp/syllabus-bench}"
mkdir -p "$work"
source bench/common.sh

declare -A course=([plain]="$work/course-$n-v2" [gfm]="$work/gfm-$n" [unhighlighted]="$work/gfm-plain-$n")
[ -d "${course[plain]}" ] || python3 bench/generate.py "$n" "${course[plain]}"
[ -d "${course[gfm]}" ] || python3 bench/generate.py --gfm "$n" "${course[gfm]}"
[ -d "${course[unhighlighted]}" ] || python3 bench/generate.py --gfm-plain "$n" "${course[unhighlighted]}"
code_bytes=$(cat "$work/gfm-$n.code-bytes")

# Wall time: the median of 5 alternating runs of the three builds, each compiling every page
# (--no-cache) into its own existing output, as bench/run.sh's full builds do.
declare -A walls instr mb
for kind in plain gfm unhighlighted; do
  mb[$kind]=$(du -sbc "${course[$kind]}"/*/ | tail -1 | awk '{printf "%.2f", $1/1048576}')
  "$bin" build --no-cache --content "${course[$kind]}" --output "$work/gfm-site-$kind" >/dev/null 2>&1 || true
done
for run in 1 2 3 4 5; do
  for kind in plain gfm unhighlighted; do
    read -r wall _ _ _ < <(measure "$bin" build --no-cache --content "${course[$kind]}" --output "$work/gfm-site-$kind")
    walls[$kind]+="$wall "
  done
done
median() { printf '%s\n' $1 | sort -n | sed -n 3p; }
for kind in plain gfm unhighlighted; do
  instr[$kind]=$(instructions "$bin" build --no-cache --content "${course[$kind]}" --output "$work/gfm-site-$kind")
done

printf '%-14s %6s %8s %10s\n' course MB wall_s instr_G
for kind in plain gfm unhighlighted; do
  printf '%-14s %6s %8s %10s\n' "$kind" "${mb[$kind]}" "$(median "${walls[$kind]}")" "${instr[$kind]}"
done
awk -v p="${instr[plain]}" -v g="${instr[gfm]}" -v u="${instr[unhighlighted]}" -v pm="${mb[plain]}" -v gm="${mb[gfm]}" \
    -v code="$code_bytes" -v gw="$(median "${walls[gfm]}")" -v uw="$(median "${walls[unhighlighted]}")" 'BEGIN{
  code_mb = code / 1048576
  if (p != "-" && g != "-") printf "GitHub forms: +%.1f%% instructions for +%.1f%% bytes\n", (g - p) / p * 100, (gm - pm) / pm * 100
  printf "highlighting: %.2f MB of code in fences; ", code_mb
  if (g != "-" && u != "-") printf "%.2f G instructions per MB, ", (g - u) / code_mb
  printf "%.0f ms per MB (median wall, %d cores)\n", (gw - uw) * 1000 / code_mb, '"$(nproc)"' }'
