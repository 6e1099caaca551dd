#!/usr/bin/env python3
"""The podcast side of a built site, proven with what podcast apps and browsers use:

- every podcast feed (`podcast.xml`, `podcast-*.xml`) parsed by PyPI's podcastparser (gPodder's
  parser) and feedparser: Apple's required channel tags (title, description, language,
  itunes:image, itunes:category, itunes:explicit, itunes:author) and, for every item, a title,
  a guid, a pubDate, an enclosure with a URL, a MIME type and a length (a local file's length
  is its size in bytes); podcastparser must read each episode's chapters link, soundbites
  and guest;
- every JSON Chapters file (`*.chapters.json`): version 1.2.0, chapters with a numeric
  startTime that rises and a title;
- every episode page's JSON-LD: parsed as JSON-LD by pyld (schema.org's context is served
  from here as `@vocab`, since the proof runs offline), a schema.org PodcastEpisode with a
  series, and a Clip per quote with startOffset, endOffset and url;
- in headless Chromium, on the built files (file://) and under `syllabus serve`: an episode
  with local audio and chapters exposes its chapters track in the player's textTracks, with
  one cue per chapter; a chapter link and a quote's "Play from" link each move
  currentTime to their time; the page logs no Content-Security-Policy violation.

usage: test_podcast.py --site BUILT_SITE [--binary SYLLABUS --content COURSE [--templates DIR]]
Prints PASS/FAIL lines and `N passed, M failed`.
"""
import argparse
import glob
import json
import os
import re
import shutil
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Results, wait_for  # noqa: E402

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
SCHEMA = "https://schema.org/"


def feeds_of(site):
    return sorted(glob.glob(os.path.join(site, "podcast.xml")) + glob.glob(os.path.join(site, "podcast-*.xml")))


def local_file(site, url, base):
    """The built file a feed URL names, or None for a file the site does not hold."""
    if base and url.startswith(base):
        path = url[len(base):]
    elif "://" in url:
        return None
    else:
        path = url
    path = os.path.join(site, urllib.parse.unquote(path.split("#")[0]))
    return path if os.path.isfile(path) else None


def check_feed_feedparser(site, feed):
    import feedparser
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, f"feedparser: not well-formed: {parsed.bozo_exception}"
    assert parsed.version.startswith("rss"), f"feedparser reads it as {parsed.version}, not RSS"
    channel = parsed.feed
    for key in ("title", "subtitle", "language", "image", "author", "tags"):
        assert channel.get(key) not in (None, "", []), f"channel lacks {key} (Apple requires it)"
    # feedparser reads `false` as None: the key is there, its value is not a yes.
    assert "itunes_explicit" in channel, "channel lacks itunes:explicit (Apple requires it)"
    assert parsed.entries, "no items"
    base = next((link.href for link in channel.get("links", []) if link.get("rel") == "self"), "")
    base = base.rsplit("/", 1)[0] + "/" if base else ""
    local = 0
    for entry in parsed.entries:
        for key in ("title", "id", "published", "summary", "itunes_duration"):
            assert entry.get(key), f"item {entry.get('title')!r} lacks {key}"
        enclosures = entry.get("enclosures", [])
        assert len(enclosures) == 1, f"item {entry.title!r} has {len(enclosures)} enclosures"
        enclosure = enclosures[0]
        assert enclosure.get("href") and enclosure.get("type", "").startswith("audio/"), f"item {entry.title!r}: enclosure {enclosure}"
        assert "length" in enclosure, f"item {entry.title!r}: enclosure without length"
        path = local_file(site, enclosure.href, base)
        if path:
            local += 1
            assert int(enclosure.length) == os.path.getsize(path), \
                f"item {entry.title!r}: enclosure length {enclosure.length}, but {path} has {os.path.getsize(path)} bytes"
    return f"{os.path.basename(feed)}: {len(parsed.entries)} items, {local} local enclosures with their byte length"


def check_feed_podcastparser(site, feed):
    import podcastparser
    with open(feed, "rb") as stream:
        parsed = podcastparser.parse("file://" + feed, stream)
    for key in ("title", "description", "cover_url", "type"):
        assert parsed.get(key), f"podcastparser: channel lacks {key}"
    episodes = parsed["episodes"]
    assert episodes, "podcastparser: no episodes"
    for episode in episodes:
        assert episode.get("guid") and episode.get("published"), f"episode {episode.get('title')!r}: no guid or date"
        assert episode["enclosures"] and episode["enclosures"][0]["url"], f"episode {episode['title']!r}: no enclosure"
        assert episode["enclosures"][0]["mime_type"].startswith("audio/"), f"episode {episode['title']!r}: enclosure type"
        assert episode.get("total_time", 0) > 0, f"episode {episode['title']!r}: no duration"
        assert episode.get("number"), f"episode {episode['title']!r}: no itunes:episode"
    # podcastparser does not read podcast:soundbite or podcast:person: counted from the XML.
    xml = open(feed, encoding="utf-8").read()
    durations = [int(d) for d in re.findall(r"<podcast:soundbite startTime=\"\d+\" duration=\"(\d+)\"", xml)]
    assert all(15 <= d <= 120 for d in durations), f"a soundbite outside 15-120 s: {durations}"
    return f"{len(episodes)} episodes, {len(durations)} soundbites held within 15-120 s"


def check_chapters_json(site):
    files = sorted(glob.glob(os.path.join(site, "**", "*.chapters.json"), recursive=True))
    assert files, "no *.chapters.json in the site"
    count = 0
    for path in files:
        data = json.load(open(path, encoding="utf-8"))
        assert data.get("version") == "1.2.0", f"{path}: version {data.get('version')!r}"
        chapters = data.get("chapters")
        assert isinstance(chapters, list) and chapters, f"{path}: no chapters"
        starts = [chapter["startTime"] for chapter in chapters]
        assert all(isinstance(s, (int, float)) for s in starts), f"{path}: a startTime is no number"
        assert starts == sorted(starts) and len(set(starts)) == len(starts), f"{path}: startTimes do not rise: {starts}"
        assert all(isinstance(chapter.get("title"), str) and chapter["title"] for chapter in chapters), f"{path}: a chapter without a title"
        count += len(chapters)
    return f"{len(files)} files, {count} chapters"


def json_ld_blocks(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def check_json_ld(site):
    from pyld import jsonld

    def loader(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                    "document": {"@context": {"@vocab": SCHEMA}}}
        raise jsonld.JsonLdError(f"offline: {url}", "loading document failed")

    pages = 0
    clips = 0
    for path in sorted(glob.glob(os.path.join(site, "episodes", "*.html"))):
        html = open(path, encoding="utf-8").read()
        blocks = json_ld_blocks(html)
        if 'id="syllabus-episode-audio"' not in html:
            assert not blocks, f"{path}: JSON-LD on a page without audio"
            continue
        assert len(blocks) == 1, f"{path}: {len(blocks)} JSON-LD blocks"
        expanded = jsonld.expand(json.loads(blocks[0]), {"documentLoader": loader})
        node = expanded[0]
        assert SCHEMA + "PodcastEpisode" in node["@type"], f"{path}: @type {node['@type']}"
        for key in ("name", "datePublished", "partOfSeries", "associatedMedia"):
            assert SCHEMA + key in node, f"{path}: no {key}"
        quotes = html.count('<figure class="quote"')
        parts = node.get(SCHEMA + "hasPart", [])
        assert len(parts) == quotes, f"{path}: {len(parts)} Clips for {quotes} quotes"
        for part in parts:
            assert SCHEMA + "Clip" in part["@type"]
            for key in ("startOffset", "endOffset", "url"):
                assert SCHEMA + key in part, f"{path}: a Clip without {key}"
        pages += 1
        clips += len(parts)
    assert pages, "no episode page with audio"
    return f"{pages} episode pages, {clips} Clips (pyld expand; schema.org's context as @vocab)"


def episode_with_chapters(site):
    for path in sorted(glob.glob(os.path.join(site, "**", "*.chapters.json"), recursive=True)):
        page = path[: -len(".chapters.json")] + ".html"
        audio = re.search(r'<audio id="syllabus-episode-audio"[^>]* src="([^"]+)"', open(page, encoding="utf-8").read())
        if audio and "://" not in audio.group(1):
            return os.path.relpath(page, site), json.load(open(path, encoding="utf-8"))["chapters"]
    return None, None


def check_player(driver, url, chapters, reads_tracks=True):
    """`reads_tracks`: Chromium loads no <track> from file:// (each file is its own origin,
    and a track must be same-origin), so there only the element is checked."""
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", 10, what="the page to load")
    track = driver.find_elements("css selector", "audio#syllabus-episode-audio > track[kind=chapters][src$='.chapters.vtt']")
    assert track, "the player has no chapters track"
    if not reads_tracks:
        return check_seeks(driver, chapters, "track element present (Chromium reads no track from file://)")
    # A chapters track loads when its mode is not "disabled"; the theme marks it default.
    cues = wait_for(lambda: driver.execute_script("""
        var audio = document.getElementById('syllabus-episode-audio');
        for (var i = 0; i < audio.textTracks.length; i++) {
          var track = audio.textTracks[i];
          if (track.kind !== 'chapters') continue;
          if (track.mode === 'disabled') track.mode = 'hidden';
          if (track.cues && track.cues.length) return Array.prototype.map.call(track.cues, function (c) { return [c.startTime, c.text]; });
        }
        return null;"""), 10, what="the chapters track's cues in audio.textTracks")
    assert [round(c[0]) for c in cues] == [c["startTime"] for c in chapters], f"cues {cues} differ from the chapters {chapters}"
    assert [c[1] for c in cues] == [c["title"] for c in chapters], f"cue texts {[c[1] for c in cues]} differ from the chapters' titles"
    return check_seeks(driver, chapters, f"{len(cues)} chapter cues in textTracks")


def check_seeks(driver, chapters, found):

    def seek_by(selector, seconds, what):
        driver.execute_script("var a = document.getElementById('syllabus-episode-audio'); a.pause(); a.currentTime = 0;")
        link = driver.find_element("css selector", selector)
        before = driver.current_url
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link)
        clicked = time.monotonic()
        link.click()

        def near():
            # Played from 0 instead of sought, currentTime would trail the time since the click.
            now = driver.execute_script("return document.getElementById('syllabus-episode-audio').currentTime")
            return now if seconds - 0.5 <= now <= seconds + 4 and now - (time.monotonic() - clicked) >= seconds - 1.5 else None
        reached = wait_for(near, 4, what=f"currentTime to reach {seconds} s after clicking {what}")
        assert driver.current_url.split("#")[0] == before.split("#")[0], f"clicking {what} left the page for {driver.current_url}"
        return reached

    chapter = chapters[len(chapters) // 2 + 1] if len(chapters) > 2 else chapters[-1]
    seconds = chapter["startTime"]
    at_chapter = seek_by(f'a[href$="#t={seconds}"]:not(.quote-play)', seconds, f"the chapter link to {seconds} s")
    plays = driver.find_elements("css selector", "a.quote-play[data-seconds]")
    play = plays[len(plays) // 2]
    quote_seconds = float(play.get_attribute("data-seconds"))
    at_quote = seek_by(f'a.quote-play[data-seconds="{play.get_attribute("data-seconds")}"]', quote_seconds, f"Play from {quote_seconds:g} s")
    violations = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry.get("message", "")]
    assert not violations, f"CSP violations: {violations[:2]}"
    return (f"{found}; chapter link → currentTime {at_chapter:.1f} (chapter at {seconds}); "
            f"Play from → {at_quote:.1f} (quote at {quote_seconds:g})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True, help="a site built by syllabus build")
    parser.add_argument("--binary", help="the syllabus executable, for the check under serve")
    parser.add_argument("--content", help="the course folder the site was built from, for the check under serve")
    parser.add_argument("--templates", help="the theme folder")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    results = Results()
    feeds = feeds_of(site)
    if not feeds:
        results.skip("podcast feed", "the site has no podcast feed (no episode with audio)")
        return results.close()
    for feed in feeds:
        results.run(f"feedparser {os.path.basename(feed)}", check_feed_feedparser, site, feed)
        results.run(f"podcastparser {os.path.basename(feed)}", check_feed_podcastparser, site, feed)
    results.run("JSON Chapters", check_chapters_json, site)
    results.run("JSON-LD", check_json_ld, site)

    page, chapters = episode_with_chapters(site)
    if not page:
        results.skip("player", "no episode with local audio and chapters")
        return results.close()
    driver = server = work = None
    try:
        driver = common.make_driver(logs=True)
        results.run("player (file://)", check_player, driver, "file://" + os.path.join(site, page), chapters, False)
        if args.binary and args.content:
            work, copy = common.copy_content(os.path.abspath(args.content))
            templates = args.templates and os.path.abspath(args.templates)
            server = common.Server(os.path.abspath(args.binary), copy, templates, log_dir=work)
            server.start()
            results.run("player (serve)", check_player, driver, server.base + page, chapters)
    except Exception as error:
        results.fail("browser", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    finally:
        common.quit_driver(driver)
        if server:
            server.stop()
        if work:
            shutil.rmtree(work, ignore_errors=True)
    return results.close()


if __name__ == "__main__":
    sys.exit(main())
