#!/usr/bin/env python3
"""Writes a deterministic N-page course for benchmarks: about 4.5 KB of dense Markdown per
page (headings, lists, emphasis, code spans, block quotes, links between pages, [see: "..."]
references, tags, timestamped quotes). Usage: generate.py N OUT_DIR, or generate.py --hugo COURSE_DIR HUGO_DIR to lay out the same
pages as a Hugo site.

generate.py --gfm N OUT_DIR adds GitHub's forms to every page (a table with inline content,
footnotes, a task list, strikethrough, and fenced code blocks in several languages), and
writes OUT_DIR.code-bytes with the bytes of code inside fences; with --gfm-plain the same
pages have their fences' languages taken out, so the two differ only by highlighting.

generate.py --folder N OUT_DIR lays the same pages out as a folder of notes, as real folders
written for other tools are: plain pages in folders of 50 (`part-00/` …), each folder also
holding a page titled "Homework", so that many pages share a title."""
import os
import random
import sys

WORDS = ("care kindness attention breath listening patience warmth courage rest boundary "
         "gratitude presence comfort friend stranger self others moment practice notice "
         "soften accept offer receive hold gentle steady honest tired whole small daily").split()
KINDS = ["lessons", "articles", "episodes"]
FOLDER_SIZE = 50
AS_FOLDER = False


def folder_of(i):
    """Where page i is written: its kind's folder, or with --folder a part of the notes."""
    return f"part-{i // FOLDER_SIZE:02d}" if AS_FOLDER else KINDS[i % 3]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def page_text(i, n, rng):
    kind = KINDS[i % 3]
    title = f"Page {i:05d} on {WORDS[i % len(WORDS)]}"
    tags = sorted({WORDS[(i * 7) % len(WORDS)], WORDS[(i * 11 + 3) % len(WORDS)]})
    lines = ["---", f'title: "{title}"', f"date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
             f"tags: [{', '.join(tags)}]"]
    if kind == "episodes":
        lines += ['series: "Bench"', f"number: {i}", 'duration: "1:30:00"']
    lines += ["---", ""]
    body = []
    for section in range(5):
        body.append(f"## Section {section} about {rng.choice(WORDS)}")
        body.append("")
        other = (i + 1 + section * 37) % n
        okind = folder_of(other)
        body.append(f"{sentence(rng)} *{rng.choice(WORDS)}* and **{rng.choice(WORDS)}** with `code {section}`. "
                    f"Read [the next part](../{okind}/p{other:05d}.md#section-{section}-about) "
                    f"or [see: \"Page {other:05d} on {WORDS[other % len(WORDS)]}\"] today.")
        body.append("")
        for item in range(3):
            body.append(f"- {sentence(rng, 8)} `x{item}` *{rng.choice(WORDS)}*")
        body.append("")
        body.append(f"> {sentence(rng, 14)}")
        body.append("")
        if kind == "episodes":
            body.append(f"{10 + section * 10}:{rng.randrange(60):02d} – “{sentence(rng, 10)}”")
            body.append("")
        body.append(sentence(rng, 20) + " " + sentence(rng, 16))
        body.append("")
    text = "\n".join(lines + body)
    # Section slugs end with a random word; fix the links to the real heading ids.
    return text


CODE = {
    "swift": 'struct Breath {{\n    var count: Int = {n}\n    func hold() -> String {{ "in, hold, out" }}  // {w}\n}}\n',
    "python": 'def practice(minutes={n}):\n    """{w} for a while."""\n    return [step for step in range(minutes) if step % 2]\n',
    "javascript": 'const ticks = new Map();\nfunction tick(id, done = {n} > 2) {{\n  ticks.set(id, done); // {w}\n}}\n',
    "rust": 'fn rest(days: u32) -> Option<u32> {{\n    let n = {n}u32; // {w}\n    days.checked_sub(n)\n}}\n',
    "go": 'func Kind(n int) string {{\n\tif n > {n} {{\n\t\treturn "{w}"\n\t}}\n\treturn ""\n}}\n',
    "yaml": 'title: "{w}"\nweight: {n}\ntags: [care, {w}]\n',
    "sql": 'SELECT title, count(*) FROM pages\nWHERE weight > {n} AND tag = \'{w}\'\nGROUP BY title;\n',
    "bash": 'for page in Content/*.md; do\n  grep -c "{w}" "$page" || echo {n}\ndone\n',
}


def gfm_text(i, rng, plain):
    """GitHub's forms for page i: a table, footnotes, a task list, strikethrough, code."""
    out = ["", "| Flow | Toward | Practice | Minutes |", "|:-----|:------:|----------|--------:|"]
    for row in range(6):
        out.append(f"| *{rng.choice(WORDS)}* | `{rng.choice(WORDS)}` | {sentence(rng, 5)} [^r{row % 2}] | {rng.randrange(60)} |")
    out += ["", f"{sentence(rng, 10)}[^r0] ~~{rng.choice(WORDS)}~~ {sentence(rng, 6)}[^r1]", ""]
    out += [f"- [ ] {sentence(rng, 5)}", f"- [x] {sentence(rng, 5)}", ""]
    languages = sorted(CODE)
    code_bytes = 0
    for block in range(3):
        language = languages[(i * 3 + block) % len(languages)]
        code = "".join(CODE[language].format(n=rng.randrange(100), w=rng.choice(WORDS)) for _ in range(4))
        code_bytes += len(code.encode())
        out += ["```" + ("" if plain else language), code.rstrip("\n"), "```", ""]
    out += [f"[^r0]: {sentence(rng, 8)}", f"[^r1]: {sentence(rng, 6)}", "    " + sentence(rng, 6), ""]
    return out, code_bytes


def main():
    global AS_FOLDER
    if sys.argv[1] == "--folder":
        AS_FOLDER = True
        sys.argv.pop(1)
    gfm = sys.argv[1] in ("--gfm", "--gfm-plain")
    plain = sys.argv[1] == "--gfm-plain"
    if gfm:
        sys.argv.pop(1)
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(20261122)
    titles_words = []
    pages = []
    code_bytes = 0
    for i in range(n):
        text = page_text(i, n, rng)
        if gfm:
            lines, count = gfm_text(i, random.Random(i), plain)
            text += "\n".join(lines)
            code_bytes += count
        pages.append(text)
    if gfm:
        with open(out.rstrip("/") + ".code-bytes", "w") as f:
            f.write(f"{code_bytes}\n")
    # Heading ids must be exact: rewrite the link fragments to the target's real first headings.
    heading_ids = []
    for text in pages:
        ids = [l[3:].lower().replace(" ", "-") for l in text.splitlines() if l.startswith("## ")]
        heading_ids.append(ids)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "course.yml"), "w") as f:
        f.write(f'title: "Benchmark course ({n} pages)"\nbase_url: "https://example.org/bench/"\n')
        f.write("checks:\n  orphan: off\n")
    for i, text in enumerate(pages):
        kind = folder_of(i)
        fixed = []
        for line in text.splitlines():
            start = line.find("](../")
            if start != -1:
                frag = line.find("#section-", start)
                end = line.find(")", frag)
                name_end = line.find(".md#", start)
                target = int(line[name_end - 5: name_end])
                section = int(line[frag + 9])
                line = line[:frag + 1] + heading_ids[target][section] + line[end:]
            fixed.append(line)
        folder = os.path.join(out, kind)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"p{i:05d}.md"), "w") as f:
            f.write("\n".join(fixed) + "\n")
        if AS_FOLDER and i % FOLDER_SIZE == 0:
            with open(os.path.join(folder, "homework.md"), "w") as f:
                f.write(f"---\ntitle: Homework\n---\n\n{sentence(rng, 12)}\n")


def hugo_site(course, out):
    """The same pages as a Hugo site with minimal templates (body, title, tags), for timing."""
    import shutil
    os.makedirs(os.path.join(out, "layouts", "_default"), exist_ok=True)
    with open(os.path.join(out, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://example.org/bench/"\ntitle = "Bench"\ndisableKinds = ["RSS", "sitemap", "taxonomy", "term"]\n'
                '[markup.goldmark.renderer]\nunsafe = false\n')
    layouts = {
        "baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                       '<link rel="stylesheet" href="/style.css"></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
        "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}\n',
        "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    }
    for name, text in layouts.items():
        with open(os.path.join(out, "layouts", "_default", name), "w") as f:
            f.write(text)
    content = os.path.join(out, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    for kind in KINDS:
        shutil.copytree(os.path.join(course, kind), os.path.join(content, kind))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--hugo":
        hugo_site(sys.argv[2], sys.argv[3])
    else:
        main()
