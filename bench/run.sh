#!/usr/bin/env bash
# The benchmark: generates courses of N pages (default 1000 and 10000), builds each with a
# release syllabus, and prints wall time, CPU time, peak RSS, pages/s and MB/s, the check's
# time, and our CPU time over the cmark command line's on the same bytes (the floor for
# parse + render). Usage: bench/run.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
swift build -c release --product syllabus >/dev/null
bin="$(swift build -c release --show-bin-path)/syllabus"
work="${BENCH_DIR:-/tmp/syllabus-bench}"
mkdir -p "$work"

measure() { # prints "wall user sys rss_kb" of the command
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat "$work/time.txt"
}

printf '%-7s %8s %8s %8s %8s %9s %8s %9s %9s %10s\n' pages MB wall_s cpu_s rss_MB pages/s MB/s check_s cpu/cmark hugo/ours
for n in "${sizes[@]}"; do
  course="$work/course-$n"
  [ -d "$course" ] || python3 bench/generate.py "$n" "$course"
  mb=$(du -sbc "$course"/*/ | tail -1 | awk '{printf "%.1f", $1/1048576}')
  best=""
  for run in 1 2 3; do
    read -r wall user sys rss < <(measure "$bin" build --content "$course" --output "$work/site-$n")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then best="$wall $user $sys $rss"; fi
  done
  read -r wall user sys rss <<<"$best"
  read -r cwall _ _ _ < <(measure "$bin" check --content "$course")
  cpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}")
  ratio="-"
  if command -v cmark >/dev/null; then
    cat "$course"/*/*.md > "$work/all-$n.md"
    read -r _ cuser csys _ < <(measure cmark "$work/all-$n.md")
    ratio=$(awk "BEGIN{c=$cuser+$csys; if (c>0) printf \"%.2f\", ($user+$sys)/c; else print \"-\"}")
  fi
  hugo_ratio="-"
  if command -v hugo >/dev/null; then
    python3 bench/generate.py --hugo "$course" "$work/hugo-$n"
    ratios=()
    for run in 1 2 3 4 5; do   # alternating runs, so machine noise hits both alike
      read -r hwall _ _ _ < <(measure hugo --source "$work/hugo-$n" --destination "$work/hugo-out-$n" --quiet)
      read -r swall _ _ _ < <(measure "$bin" build --content "$course" --output "$work/site-$n")
      ratios+=("$(awk "BEGIN{printf \"%.2f\", $hwall / $swall}")")
    done
    hugo_ratio=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 3p)
  fi
  awk -v n="$n" -v mb="$mb" -v w="$wall" -v c="$cpu" -v r="$rss" -v cw="$cwall" -v ratio="$ratio" -v hr="$hugo_ratio" 'BEGIN{
    printf "%-7d %8.1f %8.2f %8.2f %8.0f %9.0f %8.1f %9.2f %9s %10s\n", n, mb, w, c, r/1024, n/w, mb/w, cw, ratio, hr }'
done
echo "(best of 3 builds; cpu/cmark: our CPU over Debian's cmark on the same Markdown concatenated;"
echo " hugo/ours: median of 5 alternating runs of Hugo's and our wall time, >1 means we are faster; $(nproc) cores)"
