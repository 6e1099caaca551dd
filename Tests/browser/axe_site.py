#!/usr/bin/env python3
"""Accessibility proof of a built Syllabus site with axe-core (axe-core-python) in headless Chromium.

    python3 Tests/browser/axe_site.py --site OUT

Serves OUT on a free 127.0.0.1 port (a static server inside this process), opens one page
of every kind (home, lesson, episode, article, page, quotes, tags, a tag, 404) in light
mode, dark mode and at phone width, and fails on any violation of impact serious or
critical (WCAG 2.x A/AA rules and best practices). Moderate and minor ones are listed as
notes. The home page is also checked with search results open.
Prints `PASS name` / `FAIL name: reason` and `N passed, M failed`; exit status 1 on failures.
"""
import functools
import glob
import http.server
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Results, wait_for  # noqa: E402

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = ("serious", "critical")
MODES = [("light", 1280, 900), ("dark", 1280, 900), ("light, phone", 390, 844)]
KIND_ORDER = ["home", "lesson", "episode", "article", "page", "quotes", "tags", "tag", "404"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    base_url = None  # the course's base_url: on 404.html it is mapped to this server's root

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.base_url and self.path.split("?", 1)[0] == "/404.html":
            # 404.html links to the site by its absolute base_url (a host serves it for any
            # missing path); offline that host cannot be reached, so point it at this server.
            with open(os.path.join(self.directory, "404.html"), encoding="utf-8") as handle:
                body = handle.read().replace(self.base_url, "/").encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def base_url_of(site):
    """The course's base_url, read from the canonical link of index.html."""
    try:
        with open(os.path.join(site, "index.html"), encoding="utf-8") as handle:
            match = re.search(r'<link rel="canonical" href="(https?://[^"]+/)(?:index\.html)?"', handle.read())
        return match.group(1) if match else None
    except OSError:
        return None


def serve_folder(folder):
    QuietHandler.base_url = base_url_of(folder)
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    return server


def pick_pages(site):
    """One page of every kind, read from <html data-kind>: the largest one, which shows the most
    parts of its template (an episode with play links before any other)."""
    chosen = {}
    files = sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        match = re.search(r'<html[^>]*\bdata-kind="([a-z0-9-]+)"', text)
        kind = match.group(1) if match else ("404" if os.path.basename(path) == "404.html" else None)
        if not kind:
            continue
        rel = os.path.relpath(path, site).replace(os.sep, "/")
        score = ('class="quote-play"' in text, len(text))
        if kind not in chosen or score > chosen[kind][2]:
            chosen[kind] = (rel, text, score)
    ordered = [k for k in KIND_ORDER if k in chosen] + sorted(k for k in chosen if k not in KIND_ORDER)
    return [(kind, chosen[kind][0]) for kind in ordered]


def set_mode(driver, scheme, width, height):
    driver.set_window_size(width, height)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    if width < 500:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def run_axe(driver, axe_script):
    driver.execute_script(axe_script)
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
        ".then(function (r) { done({violations: r.violations.map(function (v) { return {"
        "  id: v.id, impact: v.impact, help: v.help,"
        "  nodes: v.nodes.map(function (n) { return n.target.join(' ') + ' :: ' +"
        "    String(n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160); }) }; })}); },"
        " function (e) { done({error: String(e)}); });" % repr(TAGS).replace("'", '"'))


def main():
    site = common.site_argument(__doc__)
    results = Results()
    if not os.path.isfile(os.path.join(site, "index.html")):
        results.fail("setup", f"no index.html in {site}")
        return results.close()
    try:
        from axe_core_python.base import AXE_SCRIPT
    except Exception as error:
        results.fail("setup", f"axe-core-python is not importable: {error}")
        return results.close()
    version = re.search(r"axe v([0-9.]+)", AXE_SCRIPT[:200])
    pages = pick_pages(site)
    print(f"axe-core {version.group(1) if version else '?'} on {len(pages)} pages: "
          + ", ".join(f"{kind}={rel}" for kind, rel in pages), flush=True)

    server = serve_folder(site)
    if QuietHandler.base_url:
        print(f"404.html: links to {QuietHandler.base_url} are mapped to the local server", flush=True)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    driver = None
    started = time.monotonic()
    try:
        driver = common.make_driver(logs=False)
        # Progress shows on the home page once one lesson is done: check that state too.
        driver.get(base + "index.html")
        slug = driver.execute_script("var li = document.querySelector('li[data-slug]'); return li && li.dataset.slug")
        if slug:
            driver.execute_script("localStorage.setItem('syllabus-done', JSON.stringify([arguments[0]]))", slug)
        states = [(kind, rel, None) for kind, rel in pages]
        if pages and pages[0][0] == "home":
            states.insert(1, ("home, search open", "index.html", "search"))
        for scheme_label, width, height in MODES:
            scheme = "dark" if scheme_label.startswith("dark") else "light"
            set_mode(driver, scheme, width, height)
            for kind, rel, extra in states:
                name = f"axe {kind} ({scheme_label})"

                def check(rel=rel, extra=extra):
                    driver.get(base + rel)
                    wait_for(lambda: driver.execute_script(
                        "return document.readyState === 'complete'"), 10, what="the page to load")
                    if rel != "404.html":
                        wait_for(lambda: driver.execute_script(
                            "return document.documentElement.classList.contains('js')"), 5,
                            what="site.js to run (html.js)")
                    if extra == "search":
                        word = driver.execute_script(
                            "var a = document.querySelector('li[data-slug] a'); "
                            "return a ? a.textContent.trim().split(/\\s+/).sort(function (x, y) "
                            "{ return y.length - x.length; })[0] : 'a';")
                        box = driver.find_element("css selector", "#syllabus-search-input")
                        box.click()
                        box.send_keys(word)
                        wait_for(lambda: driver.execute_script(
                            "var b = document.getElementById('syllabus-search-results'); return b && !b.hidden && b.children.length"),
                            5, what="search results to open")
                    result = run_axe(driver, AXE_SCRIPT)
                    if "error" in result:
                        raise AssertionError(f"axe.run failed: {result['error']}")
                    bad, notes = [], []
                    for v in result["violations"]:
                        line = f"{v['impact']} {v['id']} ({v['help']}): " + "; ".join(v["nodes"][:3])
                        (bad if v["impact"] in FAILING else notes).append(line)
                    for note in notes:
                        print(f"  note {rel}: {note}", flush=True)
                    assert not bad, f"{rel}: " + " || ".join(bad)
                    return rel

                results.run(name, check)
    except Exception as error:
        results.fail("axe", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    finally:
        common.quit_driver(driver)
        server.shutdown()
        server.server_close()
    print(f"axe took {time.monotonic() - started:.1f} s", flush=True)
    return results.close()


if __name__ == "__main__":
    sys.exit(main())
