# What bench/run.sh and bench/floor.sh both use; sourced after $work is set.

command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

# Instructions (user space) of a command, in billions, when perf can count them: unlike
# seconds they do not move with the machine's speed, which drifts by 2x on shared machines.
instructions() {
  command -v perf >/dev/null || { echo "-"; return; }
  perf stat -x, -e instructions:u -o "$work/perf.txt" "$@" >/dev/null 2>&1 || { echo "-"; return; }
  awk -F, '/instructions/ && $1 ~ /^[0-9]+$/ {printf "%.2f", $1/1e9; found=1} END{if(!found) print "-"}' "$work/perf.txt"
}

measure() { # prints "wall user sys rss_kb" of the command
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat "$work/time.txt"
}
