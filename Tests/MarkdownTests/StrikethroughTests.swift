import Testing
@testable import Markdown

/// GFM's strikethrough over cmark's inlines (GFM's own examples are in `GFMConformanceTests`).
@Suite struct StrikethroughTests {
    static func html(_ body: String, smart: Bool = true) -> String {
        MarkdownCompiler.compile(body, options: MarkdownOptions(smartPunctuation: smart)).html
    }

    @Test func oneOrTwoTildesOfTheSameLengthStrikeThrough() {
        #expect(Self.html("~~Hi~~ and ~there~.\n") == "<p><del>Hi</del> and <del>there</del>.</p>\n")
        #expect(Self.html("~~mismatch~ and ~~~three~~~\n") == "<p>~~mismatch~ and ~~~three~~~</p>\n")
        #expect(Self.html("a ~ b ~ c\n") == "<p>a ~ b ~ c</p>\n")
    }

    @Test func emphasisBreaksAndLinksMayStandInside() {
        #expect(Self.html("~~a *b* c~~\n") == "<p><del>a <em>b</em> c</del></p>\n")
        #expect(Self.html("~~a\nb~~\n") == "<p><del>a\nb</del></p>\n")
        #expect(Self.html("*~~a~~* and **x ~y~**\n") == "<p><em><del>a</del></em> and <strong>x <del>y</del></strong></p>\n")
        #expect(Self.html("[~~a~~](https://example.org) ~~[b](https://example.org)~~\n")
                == "<p><a href=\"https://example.org\"><del>a</del></a> <del><a href=\"https://example.org\">b</a></del></p>\n")
        #expect(Self.html("~~a ~b~ c~~\n") == "<p><del>a <del>b</del> c</del></p>\n")
    }

    @Test func codeEscapesAndEntitiesAreText() {
        #expect(Self.html("`~~a~~` ~~b~~\n") == "<p><code>~~a~~</code> <del>b</del></p>\n")
        #expect(Self.html("\\~a~ and &#126;b~\n") == "<p>~a~ and ~b~</p>\n")
        #expect(Self.html("\\~~a~~ and &#x7e;~b~\n") == "<p>~~a~~ and ~<del>b</del></p>\n")
        #expect(Self.html("\\\\~a~\n") == "<p>\\<del>a</del></p>\n")
    }

    @Test func smartPunctuationLeavesTheTildes() {
        #expect(Self.html("~~\"quoted\" -- text~~\n") == "<p><del>“quoted” – text</del></p>\n")
    }

    @Test func aCheckReadsTheSameFacts() {
        let checked = MarkdownCompiler.compile("~~Struck~~ [see: \"Other\"] text.\n", options: MarkdownOptions(renderHTML: false))
        let built = MarkdownCompiler.compile("~~Struck~~ [see: \"Other\"] text.\n")
        #expect(checked.firstParagraph == built.firstParagraph)
        #expect(checked.references.map(\.name) == ["Other"] && built.references.map(\.name) == ["Other"])
        #expect(built.html.contains("<del>Struck</del>"))
    }
}
