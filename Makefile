# The README's commands, and a few conveniences. Every target works on a fresh clone.
.PHONY: site test check bench profile sync-theme deps clean

SWIFT ?= swift

# Installs libcmark-dev when pkg-config cannot find it, and libmimalloc-dev when its header
# is missing (Debian; needs root or sudo).
deps:
	@{ pkg-config --exists libcmark 2>/dev/null && [ -e /usr/include/mimalloc.h ]; } || { \
	  echo "libcmark or mimalloc not found: installing libcmark-dev and libmimalloc-dev"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libcmark-dev libmimalloc-dev pkg-config; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libcmark-dev libmimalloc-dev pkg-config; fi; }

# Builds the sample course in Content/ into site/.
site: deps
	$(SWIFT) build -c release --product syllabus
	$$($(SWIFT) build -c release --show-bin-path)/syllabus build

# Runs every test.
test: deps
	$(SWIFT) test

# The checks only, as CI runs them.
check: deps
	$(SWIFT) run -c release syllabus check

# The built-in theme is a copy of Templates/; a test fails when they differ.
sync-theme:
	rm -rf Sources/Site/DefaultTheme
	cp -R Templates Sources/Site/DefaultTheme

clean:
	rm -rf .build

# Benchmark: 1,000- and 10,000-page generated courses (see bench/run.sh).
bench: deps
	bench/run.sh

# Instructions of one check of 1,000 pages under valgrind's callgrind, by function and stage
# (bench/profile.sh [check|build] [PAGES] for others).
profile: deps
	bench/profile.sh
