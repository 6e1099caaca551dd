# The README's commands, and a few conveniences. Every target works on a fresh clone.
.PHONY: site test check bench bench-gfm floor profile sync-theme deps clean

SWIFT ?= swift

# The release binary carries the Swift runtime and Foundation inside it: no dynamic linking
# of thousands of Swift symbols at each start, and direct calls into the runtime (a
# 10,000-page build: about 4% less CPU; docs/architecture.md, "A static Swift runtime"). Static Foundation needs
# libcurl's link-time library (libcurl4-openssl-dev), though nothing here uses the network.
RELEASE = -c release --static-swift-stdlib

# Installs libcmark-dev when pkg-config cannot find it, libmimalloc-dev when its header is
# missing, libcurl4-openssl-dev when libcurl's is, libkf5syntaxhighlighting-dev (the code
# highlighter, with Qt 5's headers) when KSyntaxHighlighting's is and libgumbo-dev (the HTML5
# parser raw HTML is sanitized with) when gumbo.h is (Debian; needs root or sudo).
KSYNTAXHIGHLIGHTING_HEADER = /usr/include/KF5/KSyntaxHighlighting/KSyntaxHighlighting/repository.h
deps:
	@{ pkg-config --exists libcmark 2>/dev/null && [ -e /usr/include/mimalloc.h ] && pkg-config --exists libcurl 2>/dev/null && [ -e $(KSYNTAXHIGHLIGHTING_HEADER) ] && [ -e /usr/include/gumbo.h ]; } || { \
	  echo "libcmark, mimalloc, libcurl, KSyntaxHighlighting's or gumbo's headers not found: installing libcmark-dev, libmimalloc-dev, libcurl4-openssl-dev, libkf5syntaxhighlighting-dev and libgumbo-dev"; \
	  packages="libcmark-dev libmimalloc-dev libcurl4-openssl-dev libkf5syntaxhighlighting-dev libgumbo-dev pkg-config"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$packages; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$packages; fi; }

# Builds the sample course in Content/ into site/.
site: deps
	$(SWIFT) build $(RELEASE) --product syllabus
	$$($(SWIFT) build $(RELEASE) --show-bin-path)/syllabus build

# Runs every test.
test: deps
	$(SWIFT) test

# The checks only, as CI runs them.
check: deps
	$(SWIFT) run $(RELEASE) syllabus check

# The built-in theme is a copy of Templates/; a test fails when they differ.
sync-theme:
	rm -rf Sources/Site/DefaultTheme
	cp -R Templates Sources/Site/DefaultTheme

clean:
	rm -rf .build

# Benchmark: 1,000- and 10,000-page generated courses (see bench/run.sh).
bench: deps
	bench/run.sh

# What GitHub's forms (tables, footnotes, code) add to a build, and highlighting per MB of code.
bench-gfm: deps
	bench/gfm.sh

# What any check must do (read and parse every page) beside our check and build.
floor: deps
	bench/floor.sh

# Instructions of one check of 1,000 pages under valgrind's callgrind, by function and stage
# (bench/profile.sh [check|build] [PAGES] for others).
profile: deps
	bench/profile.sh
