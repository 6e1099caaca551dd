import Testing
@testable import Markdown

/// GFM's extended autolinks (GFM's own examples are in `GFMConformanceTests`).
@Suite struct BareURLTests {
    @Test func bareURLsAndAddressesAreExternalLinks() {
        let out = MarkdownCompiler.compile("Visit www.example.org/help. Or https://example.org/a_(b)), or mail me@example.org.\n")
        #expect(out.html == """
            <p>Visit <a href="http://www.example.org/help">www.example.org/help</a>. Or <a href="https://example.org/a_(b)">https://example.org/a_(b)</a>), or mail <a href="mailto:me@example.org">me@example.org</a>.</p>

            """)
        #expect(out.links.map(\.destination) == ["http://www.example.org/help", "https://example.org/a_(b)", "mailto:me@example.org"])
        #expect(out.links.allSatisfy { $0.slot == nil && !$0.isImage })
        let https = out.links[1].span
        #expect(https.line == 1 && https.column == 32, "\(https)")
    }

    @Test func codeLinksAndHTMLHoldNone() {
        let out = MarkdownCompiler.compile("`http://a.org` [http://b.org](http://c.org) <http://d.org> *www.e.org*\n")
        #expect(out.links.map(\.destination) == ["http://c.org", "http://d.org", "http://www.e.org"])
        #expect(out.html.contains("<code>http://a.org</code>"))
    }

    @Test func aCheckFindsTheSameLinks() {
        let body = "A bare www.example.org and ~~https://old.example.org~~.\n"
        let checked = MarkdownCompiler.compile(body, options: MarkdownOptions(renderHTML: false))
        let built = MarkdownCompiler.compile(body)
        #expect(checked.links.map(\.destination) == built.links.map(\.destination))
        #expect(built.links.map(\.destination) == ["http://www.example.org", "https://old.example.org"])
        #expect(built.html.contains("<del><a href=\"https://old.example.org\">https://old.example.org</a></del>"))
    }

    @Test func manyAtSignsAndInvalidDomainsAreReadInLinearTime() {
        let body = String(repeating: "a@", count: 50_000) + " " + String(repeating: "www._", count: 50_000) + "\n"
        let started = ContinuousClock.now
        let out = MarkdownCompiler.compile(body)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(out.links.isEmpty)
    }
}
