import Testing
@testable import Markdown

/// Raw HTML through the allow-list: what GitHub keeps stays, written canonically; what could
/// run script or escape the page goes; tags split over pieces keep working; content never
/// closes an element it did not open.
@Suite struct RawHTMLTests {
    func html(_ body: String) -> String { MarkdownCompiler.compile(body, options: MarkdownOptions(smartPunctuation: false)).html }

    @Test(arguments: [
        ("<a id=\"old-anchor\"></a>\n", "<a id=\"old-anchor\"></a>"),
        ("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>."),
        ("x<sup>2</sup> and H<sub>2</sub>O<br>next\n", "x<sup>2</sup> and H<sub>2</sub>O<br>next"),
        ("<img src=\"logo.png\" width=100 alt=\"Logo\">\n", "<img src=\"logo.png\" width=\"100\" alt=\"Logo\">"),
        ("<p align=\"center\"><img src=\"logo.png\" alt=\"x\"></p>\n", "<p align=\"center\"><img src=\"logo.png\" alt=\"x\"></p>"),
        ("<details open>\n<summary>More</summary>\n</details>\n", "<details open=\"\">\n<summary>More</summary>\n</details>"),
        ("<table><tr><td colspan=2>x</td></tr></table>\n", "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>"),
        ("<a href=\"https://example.org/?a=1&b=2\" title='It&apos;s'>x</a>\n", "<a href=\"https://example.org/?a=1&amp;b=2\" title=\"It&#39;s\">x</a>"),
        ("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\">\n", "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\">"),
        ("<DIV ID=Upper>text</DIV>\n", "<div id=\"Upper\">text</div>"),
        ("<pre>\n\nkept line</pre>\n", "<pre>\n\nkept line</pre>"),
        ("<dl><dt>a</dt><dd>b</dd></dl> <mark>m</mark> <abbr title=\"t\">A</abbr> <ins>i</ins><del>d</del>\n",
         "<dl><dt>a</dt><dd>b</dd></dl> <mark>m</mark> <abbr title=\"t\">A</abbr> <ins>i</ins><del>d</del>"),
    ])
    func allowedFormsAreKept(_ body: String, _ expected: String) {
        let out = MarkdownCompiler.compile(body, options: MarkdownOptions(smartPunctuation: false))
        #expect(out.html.contains(expected), "\(out.html)")
        #expect(out.problems.isEmpty, "\(out.problems)")
    }

    /// A hostile corpus: nothing of it may come out able to run script.
    @Test(arguments: [
        "<script>alert(1)</script>\n",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
        "<scr<script>ipt>alert(1)</script>\n",
        "<style>body{display:none}</style>\n",
        "<iframe src=\"https://evil.example\"></iframe>\n",
        "<svg onload=alert(1)><circle/></svg>\n",
        "<img src=x onerror=alert(1)>\n",
        "<IMG SRC=x OnError=alert(1)>\n",
        "<a href=\" javascript:alert(1)\">x</a>\n",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n",
        "<a href=\"&#106;avascript:alert(1)\">x</a>\n",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>\n",
        "<a href=vbscript:msgbox(1)>x</a>\n",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>\n",
        "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">\n",
        "<div onclick=alert(1) onmouseover='alert(1)'>x</div>\n",
        "<a href=\"x\"onclick=alert(1)>x</a>\n",
        "<div title=\"\\\"><script>alert(1)</script>\">x</div>\n",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">\n",
        "<textarea><script>alert(1)</script></textarea>\n",
        "<title><script>alert(1)</script></title>\n",
        "<xmp><script>alert(1)</script></xmp>\n",
        "<plaintext><script>alert(1)</script>\n",
        "<noembed><script>alert(1)</script></noembed>\n",
        "<template><script>alert(1)</script></template>\n",
        "<object data=\"javascript:alert(1)\"></object>\n",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>\n",
        "<scr\u{0}ipt>alert(1)</scr\u{0}ipt> <img src=x o\u{0}nerror=alert(1)>\n",
        "<!-- unterminated <script>alert(1)</script>\n",
        "<div><script>alert(1)\n",
        "<b><i><u><script>alert(1)</b>\n",
        "Text <script>alert(1)</script> inline.\n",
        "<base href=\"javascript:alert(1)//\"><meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">\n",
    ])
    func dangerousFormsAreRemoved(_ body: String) {
        let out = html(body)
        // Text may show the words (escaped); tags and attribute values may not carry them.
        for tag in out.matches(of: /<[^>]*>/).map({ String($0.output).lowercased() }) {
            let values = tag.matches(of: /"([^"]*)"/).map { String($0.output.1) }
            let names = tag.replacing(/"[^"]*"/, with: "\"\"")
            for banned in ["script", "iframe", "<style", "<svg", "<math", "<base", "<meta", "<object", "<form", "<textarea", "<title",
                           "<xmp", "<noscript", "<template", "<plaintext", "<noembed"] {
                #expect(!names.contains(banned), "\(banned) in \(tag) of \(out)")
            }
            #expect(names.firstMatch(of: /\son[a-z]+=/) == nil, "an event handler in \(tag) of \(out)")
            for value in values {
                let url = value.filter { !$0.isWhitespace && $0.asciiValue.map { $0 >= 0x20 } ?? true }
                #expect(!url.hasPrefix("javascript:") && !url.hasPrefix("vbscript:") && !url.hasPrefix("data:text"), "\(tag) of \(out)")
                #expect(!value.contains("<"), "\(tag) of \(out)")
            }
        }
        #expect(!out.contains("alert(1)</script"), "\(out)")
    }

    @Test func scriptAndStyleGoWithWhatTheyHold() {
        let out = html("<div><script>var secret = 1;</script><style>p { color: red }</style>kept</div>\n")
        #expect(out.contains("<div>kept</div>"))
        #expect(!out.contains("secret") && !out.contains("color"))
        let inline = MarkdownCompiler.compile("Before <script>var *secret* = 1;</SCRIPT> after <style>p {}\n")
        #expect(inline.html == "<p>Before  after </p>\n", "\(inline.html)")
        #expect(inline.firstParagraph == "Before  after")
    }

    /// An element the piece writes inside one left open before it (an image in a table, which
    /// the parser moves before the table) does not make the open element written twice.
    @Test func anElementMovedBeforeAnOpenOneLeavesItOpenOnce() {
        let out = html("<table>\n\n<img src=\"a.png\" alt=\"a\">\n\n</table>\n")
        #expect(out.components(separatedBy: "<table>").count - 1 == 1, "\(out)")
        #expect(out.components(separatedBy: "</table>").count - 1 == 1, "\(out)")
    }

    /// `<details>` opened in one HTML block and closed in a later one, Markdown between.
    @Test func detailsAcrossBlocksKeepsItsMarkdown() {
        let out = html("<details>\n<summary>Answer</summary>\n\nIt is **bold**.\n\n</details>\n\nAfter.\n")
        #expect(out.contains("<details>\n<summary>Answer</summary>\n<p>It is <strong>bold</strong>.</p>\n</details>\n<p>After.</p>"), "\(out)")
    }

    /// An end tag that closes nothing content opened goes, so the theme's elements stay whole;
    /// what content leaves open is closed at the end of the body.
    @Test func strayEndTagsGoAndOpenElementsAreClosed() {
        let out = html("Text.\n\n</div></main></body>\n\n<div>\n\nStill inside.\n")
        #expect(!out.contains("</main>") && !out.contains("</body>"))
        #expect(out.components(separatedBy: "</div>").count - 1 == 1, "only the div content opened is closed: \(out)")
        #expect(out.hasSuffix("</div>\n") || out.hasSuffix("</div>"), "\(out)")
    }

    /// An inline element left open in a paragraph ends with it (a browser ends it at `</p>`).
    @Test func inlineElementLeftOpenEndsWithItsParagraph() {
        let out = html("Some <b>bold\n\nNot bold.\n")
        #expect(out.contains("<p>Some <b>bold</b></p>\n<p>Not bold.</p>"), "\(out)")
        let inline = html("A </kbd> b <kbd>k</kbd> c\n")
        #expect(inline.contains("<p>A  b <kbd>k</kbd> c</p>"), "\(inline)")
    }

    /// What a list item or block quote opens ends with it: a later `</details>` cannot close a
    /// folded callout's `<details>`.
    @Test func elementsOpenedInAContainerEndWithIt() {
        let out = html("- <details>\n\n  inside\n\n> [!faq]- Question\n> Answer\n>\n> </details>\n\nAfter\n")
        let closes = out.components(separatedBy: "</details>").count - 1
        let opens = out.components(separatedBy: "<details").count - 1
        #expect(opens == closes, "\(out)")
        #expect(out.range(of: "</details>\n</li>") != nil, "\(out)")
    }

    /// GitHub's rule for list items: an `<li>` outside a list goes (it would end the compiler's
    /// list item), one inside a list opened by an earlier piece stays.
    @Test func aListItemOutsideAListGoes() {
        let out = MarkdownCompiler.compile("- item <li>sneaky</li>\n\n<ul>\n<li>one</li>\n\n<li>two</li>\n</ul>\n")
        #expect(out.html.contains("<li>item sneaky</li>"), "\(out.html)")
        #expect(out.html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"), "\(out.html)")
        #expect(out.problems.map(\.message) == ["`<li>` is left out of the site; course.yml's unsafe_html: true keeps it"])
    }

    @Test func keptIdsAndNamesAreAnchors() {
        let out = MarkdownCompiler.compile("<a id=\"old-anchor\"></a>\n\nText <a name=\"legacy\">x</a>.\n\n<span id=''>e</span>\n")
        #expect(out.htmlAnchors == ["old-anchor", "legacy"])
    }

    @Test func anIdOfTheThemesOwnElementsGoes() {
        let out = MarkdownCompiler.compile("<div id=\"syllabus-main\">x</div> \n", options: MarkdownOptions(reservedIDs: ["syllabus-main"]))
        #expect(out.html.contains("<div>x</div>"))
        #expect(out.htmlAnchors.isEmpty)
        #expect(out.problems.map(\.message) == ["an `id` attribute is left out of the site; course.yml's unsafe_html: true keeps it"])
    }

    @Test func aPieceNestedTooDeeplyGoesWholeAndIsReported() {
        let body = String(repeating: "<div>", count: 5000) + "x\n"
        let out = MarkdownCompiler.compile(body)
        #expect(!out.html.contains("<div>"))
        #expect(out.problems.map(\.message) == ["HTML nested more than 1000 elements deep is left out of the site; course.yml's unsafe_html: true keeps it"])
    }

    @Test func unsafeHTMLIsWrittenAsItIs() {
        let body = "<div onclick=\"x()\" class=c>\n<script>alert(1)</script>\n\nText <b style=\"x\">b</b> </main>\n"
        let out = MarkdownCompiler.compile(body, options: MarkdownOptions(unsafeHTML: true))
        #expect(out.html == "<div onclick=\"x()\" class=c>\n<script>alert(1)</script>\n<p>Text <b style=\"x\">b</b> </main></p>\n")
        #expect(out.problems.isEmpty)
    }

    @Test func linksInKeptHTMLAreThePagesLinks() throws {
        let out = MarkdownCompiler.compile("# T\n\nSee <a href=\"other.md#old-anchor\">it</a> and <img src=\"pics/a.png\" alt=\"A\">.\n")
        #expect(out.links.map(\.destination) == ["other.md#old-anchor", "pics/a.png"])
        #expect(out.links.map { "\($0.span.line):\($0.span.column)" } == ["3:14", "3:56"])
        #expect(out.links[0].slot != nil && out.links[1].isImage && out.links[1].text == "A")
    }

    @Test func schemesAreReadAsABrowserReadsThem() {
        #expect(HTMLAllowList.scheme(of: " \u{1}javascript:x") == nil || HTMLAllowList.scheme(of: " javascript:x") == "javascript")
        #expect(HTMLAllowList.scheme(of: "ja\tva\nscript:x") == "javascript")
        #expect(HTMLAllowList.scheme(of: "HTTPS://x") == "https")
        #expect(HTMLAllowList.scheme(of: "a/b:c") == nil)
        #expect(HTMLAllowList.scheme(of: "page.md#x:y") == nil)
        #expect(HTMLAllowList.allowsURL("data:image/png;base64,x", of: "src", on: "img").allowed)
        #expect(!HTMLAllowList.allowsURL("data:image/png;base64,x", of: "href", on: "a").allowed)
    }
}
