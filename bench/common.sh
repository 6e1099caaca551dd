# What bench/run.sh and bench/floor.sh both use; sourced after $work is set.

command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null

# Instructions (user space) of a command, in billions: unlike seconds they do not move with
# the machine's speed, which drifts by 2x on shared machines. Counted by perf where it can
# count them; on machines whose virtual CPU hides the counter (perf says "not supported"),
# by valgrind's callgrind, which counts a rep-prefixed string instruction once per step and
# so gives a few percent more: compare figures of one counter only.
instructions() {
  if perf_counts; then
    perf stat -x, -e instructions:u -o "$work/perf.txt" "$@" >/dev/null 2>&1 || { echo "-"; return; }
    awk -F, '/instructions/ && $1 ~ /^[0-9]+$/ {printf "%.2f", $1/1e9; found=1} END{if(!found) print "-"}' "$work/perf.txt"
    return
  fi
  command -v valgrind >/dev/null || { echo "-"; return; }
  local program="$1"
  shift
  [ "$program" = "$bin" ] && { valgrind_copies "$bin"; program="$work/profile-bin/syllabus"; }
  LD_LIBRARY_PATH="$work/profile-bin/lib" LD_PRELOAD="$work/profile-bin/libvalgrind-sigsuspend.so" \
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null "$program" "$@" 2>&1 >/dev/null \
    | awk '/Collected/ {sum += $NF; found = 1} END{if (found) printf "%.2f", sum/1e9; else print "-"}'
}

# Whether perf counts instructions here, asked of `true`: the command measured runs once,
# since it may read its standard input.
perf_counts() {
  command -v perf >/dev/null && perf stat -x, -e instructions:u -o "$work/perf-probe.txt" true >/dev/null 2>&1 \
    && awk -F, '/instructions/ && $1 ~ /^[0-9]+$/ {found=1} END{exit !found}' "$work/perf-probe.txt"
}

# Copies of the syllabus binary and the Swift libraries it loads, without debug information,
# in $work/profile-bin: valgrind 3.19 cannot read the DWARF 5 of the Swift toolchain's
# libraries (their symbol tables stay, so functions keep their names). Also the preload that
# lets valgrind run the binary's parallel lanes (bench/valgrind-sigsuspend.c).
valgrind_copies() {
  local copies="$work/profile-bin"
  rm -rf "$copies"; mkdir -p "$copies/lib"
  cp "$1" "$copies/syllabus"; strip --strip-debug "$copies/syllabus"
  ldd "$1" | awk '$3 ~ /^\// {print $3}' | while read -r library; do
    case "$library" in /lib/*|/usr/lib/*) continue;; esac   # Debian's own are fine
    cp "$library" "$copies/lib/"; strip --strip-debug "$copies/lib/$(basename "$library")"
  done
  cc -O2 -shared -fPIC -o "$copies/libvalgrind-sigsuspend.so" bench/valgrind-sigsuspend.c
}

measure() { # prints "wall user sys rss_kb" of the command
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat "$work/time.txt"
}
