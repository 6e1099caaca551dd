#!/usr/bin/env python3
"""Browser proof of a Syllabus site, as a reader would use it.

    python3 Tests/browser/test_site.py --binary .build/release/syllabus --content Content

Starts `syllabus serve` on a free 127.0.0.1 port over a private copy of the course,
drives headless Chromium through Selenium and prints `PASS name` or
`FAIL name: reason` for each check, then `N passed, M failed`. Exit status 1 on any
failure. The server is always stopped; every wait is bounded.
"""
import argparse
import json
import os
import re
import shutil
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Results, Skip, wait_for  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

LIVE_RELOAD_SECONDS = 5


def strip_fragment(url):
    return url.split("#", 1)[0]


def fold(text):
    return re.sub(r"\s+", " ", text or "").strip().lower()


class SiteTest:
    def __init__(self, driver, server, site_dir, content_copy):
        self.d = driver
        self.server = server
        self.site_dir = site_dir
        self.content = content_copy
        self.results = Results()
        self.logs = []           # every browser console entry, with the page it came from
        self.first_lesson = None  # {url, slug, title}
        self.index = None
        self.graph = None
        self.remote_audio = set()  # audio URLs on other hosts: they cannot load offline

    # ------------------------------------------------------------ helpers

    def url(self, rel=""):
        return urllib.parse.urljoin(self.server.base, rel)

    def open(self, rel_or_url, wait_js=True):
        self.collect_logs()
        target = rel_or_url if rel_or_url.startswith("http") else self.url(rel_or_url)
        self.d.get(target)
        if wait_js:
            self.wait_ready()

    def wait_ready(self, timeout=10):
        # site.js is deferred: it adds class "js" to <html> once it has run.
        wait_for(lambda: self.d.execute_script(
            "return document.readyState === 'complete' && document.documentElement.classList.contains('js')"),
            timeout, what="the page to load and site.js to run (html.js)")

    def collect_logs(self):
        try:
            page = self.d.current_url
            for entry in self.d.get_log("browser"):
                entry["page"] = page
                self.logs.append(entry)
        except Exception:
            pass

    def click(self, element):
        # The theme scrolls smoothly (unless reduced motion is asked for); bring the element
        # to the middle of the viewport at once so the click lands where it is.
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
        element.click()

    def one(self, selector, scope=None):
        found = (scope or self.d).find_elements(By.CSS_SELECTOR, selector)
        assert found, f"no element matches {selector!r} on {self.d.current_url}"
        return found[0]

    def wait_url(self, expected, timeout=10):
        expected = strip_fragment(expected)
        wait_for(lambda: strip_fragment(self.d.current_url) == expected, timeout,
                 what=f"the browser to reach {expected} (now at {self.d.current_url})")
        self.wait_ready()

    def h1(self):
        return self.d.find_element(By.CSS_SELECTOR, "main h1").text.strip()

    def load_json(self, rel):
        _, body = common.http_get(self.url(rel))
        return json.loads(body.decode("utf-8"))

    def search_index(self):
        if self.index is None:
            self.index = self.load_json("search-index.json").get("pages", [])
        return self.index

    def source_of(self, page_url):
        """The copied Markdown file behind a page URL (graph.json knows; else by slug)."""
        rel = urllib.parse.urlparse(strip_fragment(page_url)).path.lstrip("/")
        try:
            if self.graph is None:
                self.graph = self.load_json("graph.json").get("nodes", [])
            for node in self.graph:
                if node.get("url") == rel and node.get("source"):
                    path = os.path.join(self.content, node["source"])
                    if os.path.isfile(path):
                        return path
        except Exception:
            pass
        stem = os.path.splitext(os.path.basename(rel))[0]
        for folder, _, files in os.walk(self.content):
            for name in files:
                if name.endswith((".md", ".markdown")) and os.path.splitext(name)[0] == stem:
                    return os.path.join(folder, name)
        raise AssertionError(f"cannot find the Markdown file behind {rel}")

    # ------------------------------------------------------------ checks

    def check_home(self):
        self.open("index.html")
        assert self.d.title.strip(), "the home page has an empty <title>"
        form = self.one("form.site-search")
        assert form.is_displayed(), "the search form stays hidden after site.js ran"
        assert self.one("#syllabus-search-input").is_displayed(), "#syllabus-search-input is not visible"
        items = self.d.find_elements(By.CSS_SELECTOR, "li[data-slug] > a")
        assert items, "the home page lists no lessons (li[data-slug] > a)"
        return f"{len(items)} lessons listed"

    def check_skip_link(self):
        self.open("index.html")
        self.d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        active = self.d.switch_to.active_element
        assert "skip-link" in (active.get_attribute("class") or ""), \
            f"the first Tab stop is {active.tag_name}.{active.get_attribute('class')}, not a.skip-link"
        assert active.is_displayed(), "a.skip-link does not show when focused"
        active.send_keys(Keys.ENTER)
        wait_for(lambda: self.d.current_url.endswith("#syllabus-main"), 3, what="the URL to end with #syllabus-main")
        focused = self.d.switch_to.active_element
        assert focused.get_attribute("id") == "syllabus-main", \
            f"focus went to {focused.tag_name}#{focused.get_attribute('id')}, not main#syllabus-main"

    def check_first_lesson(self):
        self.open("index.html")
        item = self.one("li[data-slug]")
        link = self.one("a", item)
        slug, title, href = item.get_attribute("data-slug"), link.text.strip(), link.get_attribute("href")
        self.click(link)
        self.wait_url(href)
        assert self.d.execute_script("return document.documentElement.dataset.kind") == "lesson", \
            f"{self.d.current_url} is not a lesson page (html[data-kind])"
        assert fold(self.h1()) == fold(title), f"h1 is {self.h1()!r}, the outline said {title!r}"
        button = self.one("button.mark-done")
        assert button.get_attribute("data-slug") == slug, \
            f"button.mark-done[data-slug] is {button.get_attribute('data-slug')!r}, the outline's li has {slug!r}"
        self.first_lesson = {"url": self.d.current_url, "slug": slug, "title": title}
        return urllib.parse.urlparse(self.d.current_url).path

    def need_first_lesson(self):
        if not self.first_lesson:
            raise AssertionError("depends on 'first lesson', which failed")

    def check_pager(self):
        self.need_first_lesson()
        self.open(self.first_lesson["url"])
        nexts = self.d.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if not nexts:
            raise Skip("the first lesson has no next lesson")
        target = nexts[0].get_attribute("href")
        self.click(nexts[0])
        self.wait_url(target)
        assert self.d.execute_script("return document.documentElement.dataset.kind") == "lesson", \
            "a[rel=next] did not lead to a lesson"
        second = self.h1()
        prev = self.one("a[rel=prev]")
        assert strip_fragment(prev.get_attribute("href")) == strip_fragment(self.first_lesson["url"]), \
            f"a[rel=prev] on the second lesson goes to {prev.get_attribute('href')}, not back to {self.first_lesson['url']}"
        self.click(prev)
        self.wait_url(self.first_lesson["url"])
        assert fold(self.h1()) == fold(self.first_lesson["title"]), f"back on {self.h1()!r}"
        return f"next: {second!r}, then back"

    def pick_search_word(self):
        """A word from a page title that is not the home page: long, and not common."""
        pages = [p for p in self.search_index() if p.get("title") and p.get("url")]
        assert pages, "search-index.json lists no pages"
        # Prefer an article or episode near the end, so the result is not just the first lesson.
        pages.sort(key=lambda p: {"article": 0, "episode": 1, "lesson": 2}.get(p.get("kind"), 3))
        for page in pages:
            words = [w for w in re.findall(r"[A-Za-z]{5,}", page["title"])]
            if words:
                return max(words, key=len).lower(), page
        raise AssertionError("no page title has a word of five letters or more to search for")

    def check_search(self):
        word, page = self.pick_search_word()
        self.open("index.html")
        box = self.one("#syllabus-search-input")
        self.click(box)
        box.clear()
        box.send_keys(word)
        result = wait_for(lambda: [a for a in self.d.find_elements(By.CSS_SELECTOR, "#syllabus-search-results a.search-result")
                                   if a.is_displayed()],
                          5, what=f"a visible result link in #syllabus-search-results for {word!r}")[0]
        href = result.get_attribute("href")
        titles = result.find_elements(By.CSS_SELECTOR, ".search-result-title")
        label = self.d.execute_script(
            "var t = arguments[0].cloneNode(true); t.querySelectorAll('.search-result-kind')"
            ".forEach(function (k) { k.remove(); }); return t.textContent.trim();", titles[0]) if titles else result.text
        before = self.d.current_url
        self.click(result)
        self.wait_url(href)
        assert strip_fragment(self.d.current_url) != strip_fragment(before), "the page did not change"
        body = fold(self.d.find_element(By.TAG_NAME, "main").text)
        assert word in body, f"the result page {self.d.current_url} does not mention {word!r}"
        return f"{word!r} -> {urllib.parse.urlparse(href).path} ({label})"

    def find_episode(self):
        """The first episode page with a timestamped quote that has a play link, else with quotes."""
        episodes = [p for p in self.search_index() if p.get("kind") == "episode"]
        if not episodes:
            raise Skip("the course has no episode")
        fallback = None
        for page in episodes:
            self.open(page["url"])
            if self.d.find_elements(By.CSS_SELECTOR, "figure.quote a.quote-play[data-seconds]"):
                return page
            if fallback is None and self.d.find_elements(By.CSS_SELECTOR, "figure.quote"):
                fallback = page
        if fallback:
            raise AssertionError(f"{fallback['url']} has audio-less quotes only: no episode has a.quote-play "
                                 "(it is there only when the episode has audio)")
        raise Skip("no episode has timestamped quotes")

    def audio_state(self):
        return self.d.execute_script("""
            var a = document.getElementById('syllabus-episode-audio');
            if (!a) return null;
            var seekable = [];
            for (var i = 0; i < a.seekable.length; i++) seekable.push([a.seekable.start(i), a.seekable.end(i)]);
            return {t: a.currentTime, paused: a.paused, ready: a.readyState, src: a.currentSrc || a.src,
                    error: a.error ? a.error.code : null, seekable: seekable, duration: a.duration};""")

    def range_support(self, audio_url):
        """How the server answers a Range request for the audio (for a precise failure reason)."""
        import urllib.request
        request = urllib.request.Request(audio_url, headers={"Range": "bytes=0-1"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.headers.get("Accept-Ranges"), response.headers.get("Content-Range")
        except Exception as error:
            return None, None, str(error)

    def check_quote_play(self, base=None):
        """Click "Play from" on an episode; base=None uses the server, else a file:// copy of the site."""
        page = self.episode_page
        if base is None:
            self.open(page["url"])
        else:
            self.d.get(base + page["url"])
            self.wait_ready()
        audio = self.one("audio#syllabus-episode-audio")
        plays = self.d.find_elements(By.CSS_SELECTOR, "figure.quote a.quote-play[data-seconds]")
        # The last quote: it is the furthest from 0, so a play from the start cannot pass for a seek.
        play = plays[-1]
        seconds = float(play.get_attribute("data-seconds"))
        href = play.get_dom_attribute("href") or ""   # as written in the page, not resolved
        assert re.search(r"#t=%s$" % re.escape(play.get_attribute("data-seconds")), href), \
            f"a.quote-play href {href!r} does not end with #t={play.get_attribute('data-seconds')}"
        src = audio.get_attribute("src") or ""      # resolved: absolute
        remote = not src.startswith((self.server.base, "file:"))
        page_url = self.d.current_url
        figure = play.find_element(By.XPATH, "./ancestor::figure[1]")
        time_link = self.one("a.quote-time", figure)
        anchor = (time_link.get_dom_attribute("href") or "").split("#", 1)[-1]
        if remote:
            self.remote_audio.add(strip_fragment(src))
            # Remote audio cannot load offline: both links must keep the reader on the page
            # (the time link moves to its quote) and not break the script.
            self.click(play)
            time.sleep(0.3)
            assert strip_fragment(self.d.current_url) == strip_fragment(page_url), \
                f"clicking a.quote-play navigated away to {self.d.current_url}"
            self.click(time_link)
            time.sleep(0.3)
            assert self.d.current_url == strip_fragment(page_url) + "#" + anchor, \
                f"clicking a.quote-time went to {self.d.current_url}, not #{anchor} on the same page"
            errors = self.d.execute_script("return window.__proofErrors || []")
            assert not errors, f"script errors after the clicks: {errors}"
            return f"remote audio {src}: href ends with #t={play.get_attribute('data-seconds')}, stayed on the page"

        clicked = time.monotonic()
        self.click(play)
        time.sleep(0.3)
        assert strip_fragment(self.d.current_url) == strip_fragment(page_url), \
            f"clicking a.quote-play navigated away to {self.d.current_url}"

        def near():
            # Played from the start instead of seeking, currentTime would be about the time
            # since the click; so it must be ahead of that by nearly the quote's time.
            state = self.audio_state()
            elapsed = time.monotonic() - clicked
            return (state and state["error"] is None and seconds - 0.5 <= state["t"] <= seconds + 3.5
                    and state["t"] - elapsed >= seconds - 1.5 and state)
        try:
            state = wait_for(near, 3, what=f"audio#syllabus-episode-audio currentTime to reach {seconds:g} s")
        except AssertionError:
            state = self.audio_state() or {}
            reason = (f"{time.monotonic() - clicked:.1f} s after clicking {play.text.strip()!r} "
                      f"(data-seconds={seconds:g}) on {page_url}, "
                      f"audio#syllabus-episode-audio has currentTime={state.get('t')}, paused={state.get('paused')}, "
                      f"readyState={state.get('ready')}, error={state.get('error')}, seekable={state.get('seekable')}")
            if base is None:
                status, accept, content_range = self.range_support(urllib.parse.urljoin(page_url, src))
                if status != 206:
                    reason += (f"; the server answers a Range request for {src} with {status} "
                               f"(Accept-Ranges: {accept}, Content-Range: {content_range}), so Chromium cannot seek")
            raise AssertionError(reason)
        # The time link of the same quote also moves the audio there.
        self.d.execute_script("document.getElementById('syllabus-episode-audio').pause(); "
                              "document.getElementById('syllabus-episode-audio').currentTime = 0;")
        wait_for(lambda: self.audio_state()["t"] < 1, 3, what="the audio to rewind")
        clicked = time.monotonic()
        self.click(time_link)
        state = wait_for(near, 3, what=f"a.quote-time to move the audio to {seconds:g} s as well")
        assert self.d.current_url.endswith("#" + anchor), \
            f"a.quote-time did not move to #{anchor} (the browser is at {self.d.current_url})"
        return f"{href}: currentTime {state['t']:.2f} s after a.quote-play and after a.quote-time"

    def check_mark_done(self):
        self.need_first_lesson()
        self.open(self.first_lesson["url"])
        button = self.one("button.mark-done[data-slug]")
        wait_for(lambda: button.is_displayed(), 3, what="button.mark-done to be shown by site.js")
        assert button.get_attribute("aria-pressed") == "false", \
            f"a fresh browser shows the lesson as aria-pressed={button.get_attribute('aria-pressed')}"
        self.click(button)
        wait_for(lambda: button.get_attribute("aria-pressed") == "true", 3, what="aria-pressed=true after the click")
        slug = self.first_lesson["slug"]
        self.open("index.html")
        item = self.one(f"li[data-slug='{slug}']")
        wait_for(lambda: "is-done" in (item.get_attribute("class") or ""), 3,
                 what=f"li[data-slug={slug}] to get class is-done on the home page")
        assert "\u2713" in item.text, f"li[data-slug={slug}] shows no \u2713: {item.text!r}"
        summary = self.one("[data-progress-summary]")
        assert summary.is_displayed(), "the progress summary stays hidden"
        assert re.match(r"(1 of \d+|All 1 lesson)", summary.text), f"progress summary says {summary.text!r}"
        others = [li for li in self.d.find_elements(By.CSS_SELECTOR, "li[data-slug].is-done")
                  if li.get_attribute("data-slug") != slug]
        assert not others, f"other lessons are marked done too: {[li.get_attribute('data-slug') for li in others]}"
        return summary.text

    def check_task_ticks(self):
        """A lesson's task boxes are enabled by site.js, and a tick survives a reload."""
        page = None
        for entry in self.search_index():
            if entry.get("kind") != "lesson":
                continue
            _, body = common.http_get(self.url(entry["url"]))
            if b'type="checkbox"' in body:
                page = entry["url"]
                break
        if not page:
            raise Skip("no lesson of the course has a task list")
        selector = "article.page-lesson .content li input[type='checkbox']"
        self.open(page)
        boxes = self.d.find_elements(By.CSS_SELECTOR, selector)
        wait_for(lambda: all(box.is_enabled() for box in boxes), 3, what="site.js to enable the lesson's task boxes")
        index = next((i for i, box in enumerate(boxes) if not box.is_selected()), None)
        assert index is not None, f"every task box of {page} is ticked in a fresh browser"
        self.click(boxes[index])
        wait_for(lambda: boxes[index].is_selected(), 3, what="the box to be ticked after the click")
        self.open(page)
        again = self.d.find_elements(By.CSS_SELECTOR, selector)
        assert len(again) == len(boxes), f"{page} has {len(again)} task boxes after a reload, {len(boxes)} before"
        wait_for(lambda: again[index].is_enabled() and again[index].is_selected(), 3,
                 what=f"box {index + 1} of {page} to be ticked again after a reload")
        others = [i for i, box in enumerate(again)
                  if i != index and box.is_selected() != self.d.execute_script("return arguments[0].defaultChecked", box)]
        assert not others, f"boxes {others} of {page} changed though only box {index} was ticked"
        return f"{page}: box {index + 1} of {len(boxes)} ticked, still ticked after a reload"

    def check_live_reload(self):
        self.need_first_lesson()
        page = self.first_lesson["url"]
        source = self.source_of(page)
        self.open(page)
        # Give EventSource a moment to connect before the file changes.
        time.sleep(0.7)
        before = self.server.status()
        self.d.execute_script("window.__proofStale = true;")
        token = f"Proof of live reload {int(time.time() * 1000)}."
        with open(source, "a", encoding="utf-8") as handle:
            handle.write(f"\n\n{token}\n")
        started = time.monotonic()

        def reloaded():
            stale = self.d.execute_script("return window.__proofStale === true")
            return not stale and token in self.d.find_element(By.TAG_NAME, "main").text
        try:
            wait_for(reloaded, LIVE_RELOAD_SECONDS, interval=0.1, what="the page to reload with the new paragraph")
        except AssertionError as error:
            after = self.server.status()
            stale = self.d.execute_script("return window.__proofStale === true")
            raise AssertionError(f"{error}; status version {before.get('version')} -> {after.get('version')}, "
                                 f"ok={after.get('ok')}, page reloaded={not stale} "
                                 f"(edited {os.path.relpath(source, self.content)})")
        return f"{time.monotonic() - started:.2f} s after editing {os.path.relpath(source, self.content)}"

    def check_many_page_loads(self, driver):
        """Ten page loads in a row under serve, in a browser with its default back/forward cache.

        Every page holds an EventSource to /__syllabus/events; a page kept in the back/forward
        cache keeps it open unless site.js closes it on pagehide, and Chromium allows six
        connections to one host: the seventh page load then hangs."""
        pages = [p["url"] for p in self.search_index()][:5] or ["index.html"]
        order = []
        while len(order) < 10:
            order += ["index.html"] + pages
        driver.set_page_load_timeout(8)
        for number, rel in enumerate(order[:10], start=1):
            started = time.monotonic()
            try:
                driver.get(self.url(rel))
            except Exception as error:
                connections = count_connections(self.server.port)
                raise AssertionError(
                    f"page load {number} ({rel}) did not finish within 8 s"
                    + (f" while {connections} browser connections to the server stayed open" if connections else "")
                    + "; pages left for the back/forward cache keep their EventSource to /__syllabus/events "
                      "open, and Chromium allows 6 connections per host (site.js should close the EventSource "
                      f"on pagehide and reconnect on pageshow) [{type(error).__name__}]")
            if time.monotonic() - started > 5:
                raise AssertionError(f"page load {number} ({rel}) took {time.monotonic() - started:.1f} s")
        return "10 page loads"

    def check_console(self):
        self.collect_logs()
        remote_audio = set()
        bad = []
        for entry in self.logs:
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            url = message.split(" ", 1)[0]
            if strip_fragment(url) in self.remote_audio or (
                    url.startswith(("http://", "https://")) and not url.startswith("http://127.0.0.1")
                    and re.search(r"\.(mp3|m4a|ogg|oga|opus|wav|aac|flac|webm)(\?|#|$)", url, re.I)):
                remote_audio.add(url)
                continue  # remote audio cannot load offline
            bad.append(f"{urllib.parse.urlparse(entry['page']).path}: {message}")
        hint = ""
        if any("/favicon.ico" in line for line in bad):
            hint = (" (favicon.ico: the pages have no <link rel=\"icon\">, so Chromium asks for /favicon.ico, "
                    "which the site does not have)")
        assert not bad, f"{len(bad)} SEVERE console entries{hint}: " + " || ".join(dict.fromkeys(bad))
        note = f"{len(self.logs)} entries"
        if remote_audio:
            note += f", ignored {len(remote_audio)} failed remote audio loads"
        return note

    # ------------------------------------------------------------ run

    def run(self):
        r = self.results
        # Script errors are caught too: window.onerror on every page, read back by the checks.
        self.d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.__proofErrors = [];
            window.addEventListener('error', function (e) { window.__proofErrors.push(String(e.message)); });
            window.addEventListener('unhandledrejection', function (e) { window.__proofErrors.push('unhandled: ' + e.reason); });
        """})
        r.run("home", self.check_home)
        r.run("skip link", self.check_skip_link)
        r.run("first lesson", self.check_first_lesson)
        r.run("pager next and prev", self.check_pager)
        r.run("search", self.check_search)
        self.episode_page = None
        try:
            self.episode_page = self.find_episode()
        except Skip as skip:
            r.skip("quote play", skip)
        except AssertionError as error:
            r.fail("quote play", error)
        if self.episode_page:
            r.run("quote play (serve)", self.check_quote_play)
        r.run("mark lesson done", self.check_mark_done)
        r.run("task ticks kept", self.check_task_ticks)
        r.run("live reload", self.check_live_reload)
        r.run("no severe console entries", self.check_console)
        if self.episode_page and self.site_dir and os.path.isdir(self.site_dir):
            # The same on the files of `syllabus build` (file://): tells a theme fault from a server one.
            base = "file://" + os.path.abspath(self.site_dir).rstrip("/") + "/"
            r.run("quote play (built files)", self.check_quote_play, base)


def count_connections(port):
    """Established TCP connections to 127.0.0.1:port, from /proc/net/tcp (Linux); 0 if unknown."""
    try:
        with open("/proc/net/tcp") as handle:
            rows = handle.read().splitlines()[1:]
    except OSError:
        return 0
    target = "0100007F:%04X" % port
    # st 01 = ESTABLISHED; the browser's side has the server's address as its remote end.
    return sum(1 for row in rows if row.split()[2] == target and row.split()[3] == "01")


def build_static(binary, content, templates, out):
    """`syllabus build` of the copy, for the file:// comparison; None when it fails."""
    import subprocess
    command = [binary, "build", "--content", content, "--output", out]
    if templates:
        command += ["--templates", templates]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    return out if done.returncode == 0 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=common.default_binary(), help="the syllabus executable")
    parser.add_argument("--content", required=True, help="the course folder (it is copied; never edited)")
    parser.add_argument("--templates", help="the theme folder (default: Templates/ beside the content, else the repository's)")
    args = parser.parse_args()

    content = os.path.abspath(args.content)
    binary = os.path.abspath(args.binary)
    templates = os.path.abspath(args.templates) if args.templates else common.default_templates(content)
    results = Results()
    if not os.path.isdir(content):
        results.fail("setup", f"no content folder at {content}")
        return results.close()
    if not os.access(binary, os.X_OK):
        results.fail("setup", f"no syllabus executable at {binary}")
        return results.close()

    work, copy = common.copy_content(content)
    if templates:
        # A private copy of the theme too: serve watches it, and nothing here should touch the original.
        shutil.copytree(templates, os.path.join(work, "Templates"))
        templates = os.path.join(work, "Templates")
    server = common.Server(binary, copy, templates, log_dir=work)
    driver = None
    state = {"done": False}

    def cleanup():
        if state["done"]:
            return
        state["done"] = True
        common.quit_driver(driver)
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    common.install_signal_cleanup(cleanup)
    started = time.monotonic()
    try:
        try:
            server.start()
        except Exception as error:
            results.fail("serve", error)
            return results.close()
        results.ok("serve", f"{server.base} (theme: {templates or 'built-in'})")
        site_dir = build_static(binary, copy, templates, os.path.join(work, "built"))
        try:
            # First, a browser as it comes (back/forward cache on) through ten page loads.
            probe = common.make_driver(logs=False)
            try:
                test = SiteTest(probe, server, site_dir, copy)
                test.results = results
                results.run("many page loads under serve", test.check_many_page_loads, probe)
            finally:
                common.quit_driver(probe)
            # The other checks run with the back/forward cache off, so that the fault the check
            # above looks for (if present) is reported once instead of failing every later check.
            driver = common.make_driver(bfcache=False)
        except Exception as error:
            results.fail("browser", f"{type(error).__name__}: {str(error).splitlines()[0]}")
            return results.close()
        test = SiteTest(driver, server, site_dir, copy)
        test.results = results
        test.run()
    finally:
        cleanup()
    print(f"browser test took {time.monotonic() - started:.1f} s", flush=True)
    return results.close()


if __name__ == "__main__":
    sys.exit(main())
