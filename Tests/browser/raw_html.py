#!/usr/bin/env python3
"""Browser proof of raw HTML: the sanitizer alone keeps script out, and content cannot break
the theme's page.

    python3 Tests/browser/raw_html.py [--binary .build/release/syllabus]

Builds a course of hostile and ordinary raw HTML into a temporary folder and opens its pages
from disk in headless Chromium with the page's Content-Security-Policy bypassed (so the proof
does not lean on it) and alert, confirm, prompt, fetch and image errors hooked before any of
the page runs. Then, in the DOM the browser built: no hook fired; every element inside the
page's `.content` is on GitHub's list with no `on*`, `style` or `class` it did not get from
the compiler, and no URL there is `javascript:`; what the theme puts after the content is
still outside it; `<details>` opened in one block and closed in another holds the Markdown
between; a link to `#old-anchor` finds its element. As a control, the same page built with
`unsafe_html: true` (its script alone) must run script the hooks see.
Prints `PASS name` / `FAIL name: reason` and `N passed, M failed`; exit status 1 on failures.
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Results  # noqa: E402

ALLOWED = set("""h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p ol ul table thead
tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure
figcaption abbr bdo cite dfn mark small span time wbr""".split())

HOSTILE = """# Hostile

<a id="old-anchor"></a> See [it](#old-anchor).

<scr<script>ipt>alert(1)</script> <SCRIPT>alert(2)</SCRIPT> <svg onload=alert(3)><circle/></svg>

<img src=x.png onerror=alert(4) alt=x> <IMG SRC="missing-on-purpose.png" OnError="alert(5)" alt="y">

<a href=" javascript:alert(6)">a</a> <a href="jav&#x09;ascript:alert(7)">b</a> <a href="&#106;avascript:alert(8)">c</a>

<div title="&quot;><script>alert(9)</script>" onmouseover=alert(10)>quoted</div>

<iframe srcdoc="<script>parent.alert(11)</script>"></iframe><style>body{display:none}</style>

<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>

<noscript><p title="</noscript><img src=x onerror=alert(13)>">

<form action="javascript:alert(14)"><button>go</button></form> <object data="javascript:alert(15)"></object>

<details><summary>Open</summary>

Inside **the** details.

</details>

</div></div></main></article></body></html>

<b><i>never closed

Last paragraph.
"""

HOOK = """
window.__fired = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function () { window.__fired.push(name + ':' + Array.from(arguments).join(',')); };
}
"""

CHECK = """
const content = document.querySelector('article .content, .content');
const problems = [];
for (const element of content.querySelectorAll('*')) {
  const name = element.localName;
  const compiler = element.closest('.callout, .quote, figure.quote') !== null;
  if (!ALLOWED.has(name) && !compiler) problems.push('element ' + name);
  for (const attribute of element.attributes) {
    if (/^on/i.test(attribute.name)) problems.push(name + ' ' + attribute.name);
    if (attribute.name === 'style') problems.push(name + ' style');
    if (/^\\s*(javascript|vbscript|data:text)/i.test(attribute.value)) problems.push(name + ' ' + attribute.name + '=' + attribute.value);
  }
}
const after = Array.from(document.querySelectorAll('footer, .pager, section.related, .page-end'));
const swallowed = after.filter(element => content.contains(element)).map(element => element.localName);
const details = content.querySelector('details');
return {
  fired: window.__fired,
  problems: problems,
  swallowed: swallowed,
  detailsText: details ? details.textContent : null,
  anchor: document.getElementById('old-anchor') ? document.getElementById('old-anchor').localName : null,
  contentIsInMain: document.querySelector('main') !== null && document.querySelector('main').contains(content),
  last: content.lastElementChild ? content.lastElementChild.textContent : null,
};
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=common.default_binary())
    args = parser.parse_args()
    results = Results()
    work = tempfile.mkdtemp(prefix="syllabus-raw-html-")
    content = os.path.join(work, "Content")
    os.makedirs(content)
    with open(os.path.join(content, "README.md"), "w") as file:
        file.write(HOSTILE)
    for name in ("x.png", "x", "missing-on-purpose.png"):
        with open(os.path.join(content, name), "w") as file:
            file.write("not an image")
    site = os.path.join(work, "site")
    build = subprocess.run([args.binary, "build", "--content", content, "--output", site],
                           capture_output=True, text=True, timeout=120)
    if build.returncode != 0:
        results.fail("build", build.stdout + build.stderr)
        return results.close()
    results.ok("build", build.stdout.strip().splitlines()[-1] if build.stdout.strip() else "")
    driver = None
    try:
        driver = common.make_driver(logs=False)
        driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
        driver.get("file://" + os.path.join(site, "index.html"))
        state = driver.execute_script("const ALLOWED = new Set(arguments[0]);" + CHECK, sorted(ALLOWED))

        def no_script_ran():
            assert state["fired"] == [], f"fired: {state['fired']}"

        def only_allowed_markup():
            assert state["problems"] == [], f"{state['problems']}"

        def theme_stays_whole():
            assert state["contentIsInMain"], "the content left <main>"
            assert state["swallowed"] == [], f"the content holds the theme's {state['swallowed']}"

        def details_across_blocks():
            text = state["detailsText"] or ""
            assert "Open" in text and "Inside the details." in text, f"details holds {text!r}"

        def old_anchor_is_there():
            assert state["anchor"] == "a", f"#old-anchor is {state['anchor']}"

        def last_paragraph_is_content():
            assert (state["last"] or "").strip() == "Last paragraph.", f"the content ends with {state['last']!r}"

        results.run("no script runs, with the page's CSP bypassed", no_script_ran)
        results.run("only allowed elements and attributes in the content", only_allowed_markup)
        results.run("stray end tags leave the theme's elements whole", theme_stays_whole)
        results.run("details across blocks holds its Markdown", details_across_blocks)
        results.run("#old-anchor finds its element", old_anchor_is_there)
        results.run("an element left open ends with its paragraph", last_paragraph_is_content)

        # The control: script that unsafe_html keeps runs, so the hooks would see it. (Not the
        # whole page: its bad links would fail the build's output check.)
        with open(os.path.join(content, "course.yml"), "w") as file:
            file.write("unsafe_html: true\n")
        with open(os.path.join(content, "README.md"), "w") as file:
            file.write("# Control\n\n<img src=x.png onerror=alert(1)> <script>alert(2)</script>\n")
        unsafe_site = os.path.join(work, "unsafe-site")
        subprocess.run([args.binary, "build", "--content", content, "--output", unsafe_site],
                       capture_output=True, text=True, timeout=120)
        driver.get("file://" + os.path.join(unsafe_site, "index.html"))
        fired = driver.execute_script("return window.__fired")

        def control_runs_script():
            assert fired, "no hook fired on the unsafe page: the proof could not see script run"
            return f"{len(fired)} fired"

        results.run("control: the unsafe page runs script the hooks see", control_runs_script)
    except Exception as error:  # no browser here
        results.skip("browser", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    finally:
        common.quit_driver(driver)
    return results.close()


if __name__ == "__main__":
    sys.exit(main())
