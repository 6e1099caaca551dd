#!/usr/bin/env python3
"""The language server on the 1,000-page benchmark course, driven over stdio as an editor
drives it: the first index against a cold `check`, diagnostics after a `didChange` for the
edited page and for another page it affects, completion latency, and peak RSS. Prints one
line per figure (the median of RUNS runs where it repeats), each with its target
(docs/performance.md). Usage: bench/lsp.py BINARY COURSE_DIR [RUNS]"""
import json
import os
import statistics
import subprocess
import sys
import time

binary, course = sys.argv[1], os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self):
        self.process = subprocess.Popen([binary, "lsp", "--content", course], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, method, params, request=False):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            message["id"] = self.next_id
            self.next_id += 1
        self.process.stdin.write(frame(message))
        self.process.stdin.flush()
        return message.get("id")

    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += self.process.stdout.read(1)
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        return json.loads(self.process.stdout.read(length))

    def until(self, predicate):
        while True:
            message = self.read()
            if predicate(message):
                return message

    def request(self, method, params):
        number = self.send(method, params, request=True)
        return self.until(lambda m: m.get("id") == number)

    def peak_rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024


def uri(path):
    return "file://" + os.path.join(os.path.realpath(course), path)


def published(path):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri(path)


def first_index():
    """A started server's first answer that needs the course (the folder is read once
    `initialize` is answered)."""
    start = time.perf_counter()
    server = Server()
    server.request("initialize", {"rootUri": "file://" + course, "capabilities": {}})
    server.send("initialized", {})
    server.request("workspace/symbol", {"query": "no such symbol"})
    return time.perf_counter() - start, server


def cold_check():
    start = time.perf_counter()
    subprocess.run([binary, "check", "--no-cache", course], capture_output=True)
    return time.perf_counter() - start


def main():
    # The first index against a cold check, run by turns so that both see the same machine:
    # medians of the alternating runs.
    checks, indexes = [], []
    server = None
    for attempt in range(15):
        checks.append(cold_check())
        elapsed, server = first_index()
        indexes.append(elapsed)
        if attempt < 14:
            server.process.kill()
            server.process.wait()
    check_s, index_s = statistics.median(checks), statistics.median(indexes)

    page, other = "lessons/p00000.md", "articles/p00001.md"
    text = open(os.path.join(course, page), encoding="utf-8").read()
    target = open(os.path.join(course, other), encoding="utf-8").read().split("\n")
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri(page), "languageId": "markdown", "version": 1, "text": text}})
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri(other), "languageId": "markdown", "version": 1, "text": "\n".join(target)}})
    server.request("workspace/symbol", {"query": "no such symbol"})
    end = len(text.split("\n")) - 1
    version = 1

    def change(path, line, start, end_character, new_text):
        nonlocal version
        version += 1
        server.send("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [
            {"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end_character}}, "text": new_text}]})

    def timed(path, line, text):
        """Milliseconds from an edit to the open page's new diagnostics; the edit is then undone."""
        started = time.perf_counter()
        change(path, line, 7 if path == other else 0, 7 if path == other else 0, text)
        server.until(published(page))
        elapsed = (time.perf_counter() - started) * 1000
        start = 7 if path == other else 0
        change(path, line, start, start + len(text), "")
        server.until(published(page))
        return elapsed

    title_line = next(i for i, line in enumerate(target) if line.startswith("title:"))
    page_ms, course_ms, completion_ms = [], [], []
    for run in range(runs):
        # A broken reference typed into the page: its diagnostics.
        page_ms.append(timed(page, end, '[see: "Page 99999 on nothing"]'))
        # Another page's title changed: the reference to it on the open page breaks.
        course_ms.append(timed(other, title_line, "Renamed "))
    # A title half typed: completion at its end.
    change(page, end, 0, 0, '[see: "Page 0001')
    server.until(published(page))
    for run in range(runs):
        started = time.perf_counter()
        server.request("textDocument/completion", {"textDocument": {"uri": uri(page)}, "position": {"line": end, "character": 16}})
        completion_ms.append((time.perf_counter() - started) * 1000)

    rss = server.peak_rss_mb()
    server.request("shutdown", None)
    server.send("exit", None)
    server.process.wait()
    median = statistics.median
    print(f"first index            {index_s * 1000:8.1f} ms   cold check {check_s * 1000:.1f} ms   (target: index <= check)  {'met' if index_s <= check_s else 'NOT met'}")
    print(f"didChange -> page      {median(page_ms):8.1f} ms   max {max(page_ms):.1f} ms   (target 50 ms)   {'met' if median(page_ms) <= 50 else 'NOT met'}")
    print(f"didChange -> course    {median(course_ms):8.1f} ms   max {max(course_ms):.1f} ms   (target 300 ms)  {'met' if median(course_ms) <= 300 else 'NOT met'}")
    print(f"completion             {median(completion_ms):8.1f} ms   max {max(completion_ms):.1f} ms   (target 30 ms)   {'met' if median(completion_ms) <= 30 else 'NOT met'}")
    print(f"peak RSS               {rss:8.0f} MB   (target 250 MB)  {'met' if rss <= 250 else 'NOT met'}")


main()
