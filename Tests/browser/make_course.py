#!/usr/bin/env python3
"""Write a small but complete Syllabus course for the proof harness.

    python3 Tests/browser/make_course.py OUT_DIR

Two modules with four lessons, an episode whose audio is a real local file
(assets/audio/test.ogg, eight seconds of silence), two articles that refer to
other pages with [see: "…"], and an about page. Everything the browser test
touches exists here, so the harness can run before the real course is written.
"""
import math
import os
import shutil
import struct
import subprocess
import sys
import wave

AUDIO_SECONDS = 8

FILES = {
    "course.yml": '''\
title: "Proof Course"
description: "A small course that exercises every part of the Syllabus theme."
language: en
base_url: "https://example.org/proof/"
author: "Proof Harness"
related_count: 2
podcast:
  image: "https://example.org/proof/cover.png"
  category: "Education"
  explicit: false
modules:
  - title: "Getting started"
    summary: "The first steps."
    lessons: [first-steps, gentle-lighthouse]
  - title: "Going further"
    summary: "Building on the basics."
    lessons: [steady-practice, closing-circle]
''',
    "lessons/first-steps.md": '''\
---
title: "First Steps"
summary: "Where the course begins."
tags: [basics]
---

The first lesson of the course. It sets out what comes next.

## Why begin here

Every course needs a beginning, and this is it.

## What you will do

You will read four lessons, listen to one episode [see: "Harbour Conversations"]
and read two articles.
''',
    "lessons/gentle-lighthouse.md": '''\
---
title: "The Gentle Lighthouse"
summary: "A steady light for rough water."
tags: [basics, attention]
prerequisites: ["First Steps"]
---

A lighthouse does not chase boats; it stays where it is and shines.

## The image

Picture a light that keeps turning, whatever the weather [see: "First Steps"].

## Practice

Sit for one minute and notice the light coming back each time.
''',
    "lessons/steady-practice.md": '''\
---
title: "Steady Practice"
summary: "Small daily steps that add up."
tags: [practice]
---

Little and often beats a lot, once.

## A daily minute

One minute a day, at the same time, is enough to start.
''',
    "lessons/closing-circle.md": '''\
---
title: "Closing the Circle"
summary: "Looking back over the course."
tags: [practice]
---

The last lesson looks back at the others [see: "Steady Practice"].

## Looking back

What changed since the first lesson? One reader wrote about it in
[see: "A Year of Practice"].
''',
    "episodes/harbour-conversations.md": '''\
---
title: "Harbour Conversations"
date: 2026-03-02
series: "Proof Podcast"
number: 1
guest: "Mara Quint"
audio: "../assets/audio/test.ogg"
duration: "0:08"
summary: "A short talk about lighthouses and harbours."
tags: [attention]
---

A short conversation recorded by the harbour.

- 0:00 Arrival
- [0:04](#t=0:04) The harbour

## Highlights

0:02 – “A lighthouse never hurries.”

0:05 — “The harbour is where the work begins.”
''',
    "articles/notes-on-attention.md": '''\
---
title: "Notes on Attention"
date: 2026-02-10
summary: "Short notes on where attention goes."
tags: [attention]
---

Attention is the light in [see: "The Gentle Lighthouse"].

## A quote to remember

As the guest said [see: "Harbour Conversations" @ 0:05], the work begins here.
''',
    "articles/a-year-of-practice.md": '''\
---
title: "A Year of Practice"
date: 2026-03-20
summary: "What a year of one-minute practice taught me."
tags: [practice]
---

A year ago I started [see: "Steady Practice"] and kept going.

## What stayed

The minute stayed. So did [see: "Notes on Attention"].
''',
    "pages/about.md": '''\
---
title: "About"
summary: "Who made this course and why."
---

This course exists so that the proof harness has something real to test.
''',
}


def write_audio(path, seconds=AUDIO_SECONDS):
    """Write `seconds` of near silence as Ogg Vorbis with sox, else as WAV bytes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sox = shutil.which("sox")
    if sox:
        result = subprocess.run(
            [sox, "-n", "-r", "22050", "-c", "1", path, "synth", str(seconds), "sine", "440", "vol", "0.001"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode == 0 and os.path.getsize(path) > 0:
            return "ogg"
    # No sox (or no Vorbis support): a WAV file under the same name still plays in Chromium,
    # which sniffs the content rather than trusting the extension.
    rate = 8000
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = b"".join(struct.pack("<h", int(20 * math.sin(i / 10))) for i in range(rate * seconds))
        out.writeframes(frames)
    return "wav"


def make_course(out):
    for rel, text in FILES.items():
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return write_audio(os.path.join(out, "assets", "audio", "test.ogg"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_course.py OUT_DIR")
    kind = make_course(sys.argv[1])
    print(f"wrote a test course to {sys.argv[1]} (audio: {kind})")
