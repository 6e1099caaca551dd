#!/usr/bin/env python3
"""Makes the sample course's episode audio from the episode's own notes.

    scripts/sample-audio.py [Content/episodes/learning-to-be-helped.md]

Reads the episode's front matter (title, series, number, guest, audio, duration), its
chapters (list items opening with `M:SS Title`, `[M:SS](#t=…) Title` or `[Title](#t=SECONDS)`)
and its timestamped quotes (`M:SS – "…"`). Speaks an introduction at 0:00, each chapter's
title at its time and each quote at its time with Debian's espeak-ng, lays them on silence
with Python's `wave`, and encodes the result as Opus with opus-tools' `opusenc`, at 10 kbit/s
mono: small enough to commit. Beside it, a WebVTT transcript of what is said, at the same
times. Fails, naming the quote, when one's speech would run into the next or past
`duration:`.

Needs: apt-get install espeak-ng opus-tools python3
"""
import os
import re
import subprocess
import sys
import tempfile
import wave

VOICE, SPEED, RATE = "en-gb", "160", 22050
TIME = r"(\d{1,2}:\d{2}(?::\d{2})?)"


def seconds(text):
    value = 0
    for part in text.split(":"):
        value = value * 60 + int(part)
    return value


def fragment_seconds(fragment):
    start = fragment.split(",")[0].removeprefix("npt:")
    return seconds(start) if ":" in start else int(float(start))


def read_episode(path):
    text = open(path, encoding="utf-8").read()
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not match:
        sys.exit(f"{path}: no front matter")
    matter = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        matter[key.strip()] = value.strip().strip('"')
    body = match.group(2)
    quotes, chapters = [], []
    for paragraph in re.split(r"\n\s*\n", body):
        found = re.match(TIME + r"\s*[-–—]\s*(.+)", paragraph.strip(), re.S)
        if found:
            quotes.append((seconds(found.group(1)), clean(found.group(2))))
    for line in body.splitlines():
        item = re.match(r"\s*[-*+]\s+(.*)", line)
        if not item:
            continue
        entry = item.group(1)
        plain = re.match(TIME + r"\s+(.+)", entry)
        timed = re.match(r"\[([^\]]+)\]\(#t=([^)]+)\)\s*(.*)", entry)
        if plain:
            chapters.append((seconds(plain.group(1)), clean(plain.group(2))))
        elif timed:
            shown, fragment, rest = timed.groups()
            title = rest if re.fullmatch(TIME, shown) else shown
            chapters.append((fragment_seconds(fragment), clean(title)))
    return matter, quotes, chapters


def clean(text):
    text = re.sub(r"\[see:\s*\"([^\"]+)\"[^\]]*\]", r"\1", text)
    text = re.sub(r"[*_`“”\"]", "", text)
    return " ".join(text.split())


def speak(text, folder, number):
    path = os.path.join(folder, f"{number}.wav")
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", SPEED, "-w", path, text], check=True)
    with wave.open(path) as piece:
        if piece.getframerate() != RATE or piece.getnchannels() != 1 or piece.getsampwidth() != 2:
            sys.exit(f"espeak-ng wrote {piece.getframerate()} Hz, {piece.getnchannels()} channels: expected {RATE} Hz mono")
        return piece.readframes(piece.getnframes())


def vtt_time(value):
    return f"{int(value // 3600):02}:{int(value // 60 % 60):02}:{value % 60:06.3f}"


def main():
    episode = sys.argv[1] if len(sys.argv) > 1 else "Content/episodes/learning-to-be-helped.md"
    matter, quotes, chapters = read_episode(episode)
    if "audio" not in matter or "duration" not in matter:
        sys.exit(f"{episode}: needs audio: (a local .opus file) and duration:")
    duration = seconds(matter["duration"])
    intro = f"{matter.get('series', matter.get('title'))}. Episode {matter.get('number', '')}: {matter.get('title')}"
    if matter.get("guest"):
        intro += f", with {matter['guest']}"
    said = [(0, intro + ".", "intro")]
    quote_times = {time for time, _ in quotes}
    said += [(time, title + ".", "chapter") for time, title in chapters if time > 0 and time not in quote_times]
    said += [(time, text, "quote") for time, text in quotes]
    said.sort()
    samples = bytearray(duration * RATE * 2)
    cues = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (time, text, kind) in enumerate(said):
            pcm = speak(text, folder, number)
            start = time * RATE * 2
            end = start + len(pcm)
            following = said[number + 1][0] if number + 1 < len(said) else duration
            if end > following * RATE * 2:
                sys.exit(f"{episode}: the {kind} at {time // 60}:{time % 60:02} takes {len(pcm) / 2 / RATE:.1f} s "
                         f"and runs into {following // 60}:{following % 60:02}; move it or what follows")
            samples[start:end] = pcm
            cues.append((time, time + len(pcm) / 2 / RATE, text))
        wav = os.path.join(folder, "episode.wav")
        with wave.open(wav, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(bytes(samples))
        target = os.path.join(os.path.dirname(episode), matter["audio"])
        subprocess.run(["opusenc", "--quiet", "--bitrate", "10", "--speech", "--serial", "1", "--discard-comments", "--discard-pictures",
                        wav, target], check=True)
    transcript = os.path.splitext(target)[0] + ".vtt"
    with open(transcript, "w", encoding="utf-8") as out:
        out.write("WEBVTT\n")
        for number, (start, end, text) in enumerate(cues, 1):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.write(f"\n{number}\n{vtt_time(start)} --> {vtt_time(end)}\n{text}\n")
    print(f"{target}: {os.path.getsize(target)} bytes, {duration} s; {transcript}: {len(cues)} cues")


if __name__ == "__main__":
    main()
