#!/usr/bin/env python3
"""Browser proof of a built site's navigation, opened from disk (file://) in headless Chromium.

    python3 Tests/browser/navigation_site.py --site OUT

- Without script: contents.html exists and links every page the site was built from (every
  HTML file but the site's own: home, 404, contents, quotes and tag pages), and a page holds no
  tree, only the header's Contents link.
- With script, on the largest page of each kind: the sidebar is shown, lists the same links as
  the contents page, marks this page (aria-current="page", exactly one link) and has every
  section around it open; the page's console has no error.
- At phone width the sidebar is folded behind the header's Menu button, which opens it.
- A search for a page in a section names the section in its result.
Prints `PASS name` / `FAIL name: reason` and `N passed, M failed`; exit status 1 on failures.
"""
import glob
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Results, Skip, wait_for  # noqa: E402

SITE_OWN = re.compile(r"^(index\.html|404\.html|contents\.html|syllabus-contents\.html|quotes/index\.html|tags/.*)$")


def contents_page(site):
    """The tree's page: contents.html, or beside an author's own, syllabus-contents.html."""
    beside = os.path.join(site, "syllabus-contents.html")
    return beside if os.path.isfile(beside) else os.path.join(site, "contents.html")


def site_pages(site):
    """Output paths of the pages built from Markdown, read from the files."""
    pages = []
    for path in sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True)):
        rel = os.path.relpath(path, site).replace(os.sep, "/")
        if not SITE_OWN.match(rel):
            pages.append(rel)
    return pages


def contents_links(site):
    with open(contents_page(site), encoding="utf-8") as handle:
        text = handle.read()
    main = text[text.index('<nav class="contents-tree"'):]
    main = main[:main.index("</nav>")]
    return [urllib.parse.unquote(href) for href in re.findall(r'<a[^>]* href="([^"#]+)"', main)]


def largest_page_of_each_kind(site, pages):
    chosen = {}
    for rel in pages:
        with open(os.path.join(site, rel), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        match = re.search(r'<html[^>]*\bdata-kind="([a-z0-9-]+)"', text)
        kind = match.group(1) if match else "?"
        if kind not in chosen or len(text) > chosen[kind][1]:
            chosen[kind] = (rel, len(text))
    return [rel for rel, _ in chosen.values()]


def main():
    site = common.site_argument(__doc__)
    results = Results()
    pages = site_pages(site)

    def contents_page_lists_every_page():
        assert os.path.isfile(contents_page(site)), "no contents.html"
        listed = contents_links(site)
        missing = sorted(set(pages) - set(listed))
        assert not missing, f"{len(missing)} pages not on contents.html, e.g. {missing[:3]}"
        assert len(listed) == len(set(listed)), "a page is listed twice"
        return f"{len(listed)} pages"

    def pages_hold_no_tree():
        for rel in pages:
            with open(os.path.join(site, rel), encoding="utf-8") as handle:
                text = handle.read()
            assert "nav-tree" not in text, f"{rel} holds the tree"
            assert re.search(r'contents\.html">Contents</a>', text), f"{rel}: the header has no Contents link"
        return f"{len(pages)} pages"

    results.run("no script: contents.html lists every page", contents_page_lists_every_page)
    results.run("no script: no page holds the tree, each links the contents page", pages_hold_no_tree)

    driver = None
    try:
        driver = common.make_driver()
        expected = set(contents_links(site))
        for rel in largest_page_of_each_kind(site, pages):
            def sidebar_marks_the_page(rel=rel):
                url = "file://" + os.path.join(site, rel)
                driver.get(url)
                wait_for(lambda: driver.execute_script("return document.readyState === 'complete'"), 10, what="the page")
                state = driver.execute_script("""
                    var bar = document.getElementById('syllabus-sidebar');
                    if (!bar) return null;
                    var root = document.documentElement.getAttribute('data-root') || '';
                    var links = Array.prototype.map.call(bar.querySelectorAll('a[href]'), function (a) {
                      return a.getAttribute('href').slice(root.length); });
                    var current = bar.querySelectorAll('a[aria-current="page"]');
                    var closed = 0;
                    if (current.length === 1) {
                      for (var n = current[0].parentNode; n && n !== bar; n = n.parentNode)
                        if (n.tagName === 'DETAILS' && !n.open) closed += 1;
                    }
                    return {hidden: bar.hidden || bar.offsetParent === null, links: links, current: current.length,
                            currentURL: current.length ? current[0].href : null, closed: closed};""")
                assert state, "no #syllabus-sidebar"
                assert not state["hidden"], "the sidebar is hidden"
                listed = [urllib.parse.unquote(link) for link in state["links"]]
                assert set(listed) == expected, f"the sidebar lists {len(set(listed))} pages, contents.html {len(expected)}"
                assert state["current"] == 1, f"{state['current']} links marked aria-current"
                assert urllib.parse.unquote(state["currentURL"]) == urllib.parse.unquote(url), f"marked {state['currentURL']}"
                assert state["closed"] == 0, f"{state['closed']} sections around the page are closed"
                # On file:// Chromium refuses an episode player's <track> (each file is its own
                # origin): that is the player's, which the podcast proof covers, not the sidebar's.
                errors = [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"
                          and not ("'file:' URLs are treated as unique security origins" in entry["message"] and ".vtt" in entry["message"])]
                assert not errors, f"console: {errors[0]}"
                return f"{len(listed)} links"

            results.run(f"sidebar on {rel} (file://)", sidebar_marks_the_page)

        def phone_menu_opens_the_sidebar():
            driver.set_window_size(390, 844)
            rel = pages[0]
            driver.get("file://" + os.path.join(site, rel))
            wait_for(lambda: driver.execute_script("return document.readyState === 'complete'"), 10, what="the page")
            shown = "var b = document.getElementById('syllabus-sidebar'); return b.offsetParent !== null;"
            assert not driver.execute_script(shown), "the sidebar is open before the button is pressed"
            button = driver.find_element("css selector", "button.sidebar-toggle")
            assert button.get_attribute("aria-expanded") == "false"
            button.click()
            wait_for(lambda: driver.execute_script(shown), 5, what="the sidebar to open")
            assert button.get_attribute("aria-expanded") == "true"
            return rel

        results.run("phone: the Menu button opens the sidebar", phone_menu_opens_the_sidebar)

        def search_results_name_the_section():
            with open(os.path.join(site, "search-index.json"), encoding="utf-8") as handle:
                index = json.load(handle)["pages"]
            entry = next((page for page in index if page.get("section")), None)
            if entry is None:
                raise Skip("no page is in a section")
            driver.set_window_size(1280, 900)
            driver.get("file://" + os.path.join(site, "index.html"))
            box = driver.find_element("css selector", "#syllabus-search-input")
            box.click()
            box.send_keys(entry["title"])
            wait_for(lambda: driver.execute_script(
                "var b = document.getElementById('syllabus-search-results'); return b && !b.hidden && b.querySelector('a')"),
                5, what="search results")
            found = driver.execute_script(
                "return Array.prototype.map.call(document.querySelectorAll('.search-result'), function (a) {"
                "  var s = a.querySelector('.search-result-section');"
                "  return [a.getAttribute('href'), s ? s.textContent : null]; })")
            ours = [section for href, section in found if urllib.parse.unquote(href).endswith(entry["url"])]
            assert ours == [entry["section"]], f"results {found}, looking for {entry['url']} in {entry['section']}"
            return f"{entry['title']}: {entry['section']}"

        results.run("search results name the page's section", search_results_name_the_section)
    except Exception as error:
        results.fail("browser", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    finally:
        common.quit_driver(driver)
    return results.close()


if __name__ == "__main__":
    sys.exit(main())
