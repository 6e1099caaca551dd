import Testing
@testable import Markdown

/// GFM footnotes: `[^label]` references, definitions at the page's top level that may hold
/// several blocks, numbered by first reference, listed at the page's end with links back.
@Suite struct FootnoteTests {
    static func compile(_ body: String, lineOffset: Int = 0, renderHTML: Bool = true) -> CompiledMarkdown {
        MarkdownCompiler.compile(body, facts: PageFacts(lineOffset: lineOffset), options: MarkdownOptions(smartPunctuation: false, renderHTML: renderHTML))
    }

    static func reference(_ number: Int, _ occurrence: Int = 1) -> String {
        let id = occurrence == 1 ? "fnref\(number)" : "fnref\(number)-\(occurrence)"
        return "<sup class=\"footnote-ref\"><a href=\"#fn\(number)\" id=\"\(id)\">\(number)</a></sup>"
    }

    static func back(_ number: Int) -> String {
        "<a href=\"#fnref\(number)\" class=\"footnote-backref\" aria-label=\"Back to reference \(number)\">↩</a>"
    }

    @Test func aReferenceAndItsDefinitionAreWrittenAsCmarkGFMWritesThem() {
        let html = Self.compile("Some text[^note].\n\n[^note]: The *note*.\n").html
        #expect(html == "<p>Some text\(Self.reference(1)).</p>\n<section class=\"footnotes\">\n<ol>\n<li id=\"fn1\">\n"
                + "<p>The <em>note</em>. \(Self.back(1))</p>\n</li>\n</ol>\n</section>\n")
    }

    @Test func footnotesAreNumberedByTheirFirstReferenceNotTheirDefinition() {
        let html = Self.compile("A[^b] then B[^a] and A again[^b].\n\n[^a]: First defined.\n[^b]: Second defined.\n").html
        #expect(html.contains("A\(Self.reference(1)) then B\(Self.reference(2)) and A again\(Self.reference(1, 2))."))
        let first = html.range(of: "<li id=\"fn1\">\n<p>Second defined.")
        let second = html.range(of: "<li id=\"fn2\">\n<p>First defined.")
        #expect(first != nil && second != nil)
        // Each reference has a link back.
        #expect(html.contains("<a href=\"#fnref1-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a>"))
    }

    @Test func aOneWordDefinitionIsAFootnoteNotALinkReference() {
        // To CommonMark `[^1]: word` defines a link, and `[^1]` links to `word`.
        let out = Self.compile("See[^1].\n\n[^1]: word\n")
        #expect(out.html == "<p>See\(Self.reference(1)).</p>\n<section class=\"footnotes\">\n<ol>\n<li id=\"fn1\">\n<p>word \(Self.back(1))</p>\n</li>\n</ol>\n</section>\n")
        #expect(out.links.isEmpty)
    }

    @Test func aDefinitionHoldsItsIndentedBlocksAndLazyLines() {
        let html = Self.compile("Note[^long].\n\n[^long]: First paragraph,\ncontinued lazily.\n\n    > A quote in it.\n\n        code in it\n\n    - an item\n\nAfter it.\n").html
        #expect(html == "<p>Note\(Self.reference(1)).</p>\n<p>After it.</p>\n<section class=\"footnotes\">\n<ol>\n<li id=\"fn1\">\n"
                + "<p>First paragraph,\ncontinued lazily.</p>\n<blockquote>\n<p>A quote in it.</p>\n</blockquote>\n"
                + "<pre><code>code in it\n</code></pre>\n<ul>\n<li>an item</li>\n</ul>\n\(Self.back(1))\n</li>\n</ol>\n</section>\n")
    }

    @Test func aDefinitionMayInterruptAParagraph() {
        let html = Self.compile("Text[^x]\n[^x]: The note.\n").html
        #expect(html.hasPrefix("<p>Text\(Self.reference(1))</p>\n<section"))
    }

    @Test func escapesCodeAndUnknownLabelsAreNotReferences() {
        let out = Self.compile("An escape \\[^1], code `[^1]`, and a real one[^1].\n\n[^1]: Defined.\n")
        #expect(out.html.hasPrefix("<p>An escape [^1], code <code>[^1]</code>, and a real one\(Self.reference(1)).</p>"))
        #expect(out.problems.isEmpty)
        let others = Self.compile("Real[^1], then [\\^1] and [^1\\] escaped.\n\n[^1]: Defined.\n")
        #expect(others.html.hasPrefix("<p>Real\(Self.reference(1)), then [^1] and [^1] escaped.</p>"))
        // Undefined and escaped: no error either.
        #expect(Self.compile("Not a note: \\[^x].\n").problems.isEmpty)
    }

    @Test func definitionsInCodeListsAndQuotesAreNotDefinitions() {
        let out = Self.compile("```\n[^1]: in a fence\n```\n\n> [^2]: quoted\n")
        #expect(!out.html.contains("footnotes"))
        #expect(out.html.contains("[^1]: in a fence"))
        #expect(out.problems.isEmpty)
    }

    @Test func aReferenceToNoDefinitionIsAnErrorWhereItIsWritten() throws {
        let out = Self.compile("Line one.\nAnd *two*[^missing] here.\n", lineOffset: 3)
        let problem = try #require(out.problems.first)
        #expect(problem.kind == .unknownFootnote)
        #expect(problem.span == SourceSpan(line: 5, column: 10, endColumn: 20))
        #expect(problem.message.contains("[^missing]"))
        // It reads as written.
        #expect(out.html.contains("[^missing]"))
    }

    @Test func anUnusedOrRepeatedDefinitionIsAWarningAtItsLabel() {
        let out = Self.compile("Used[^a].\n\n[^a]: One.\n\n[^b]: Never used.\n\n[^a]: Again.\n")
        #expect(out.problems.map(\.kind) == [.unusedFootnote, .unusedFootnote])
        #expect(out.problems.map(\.span) == [SourceSpan(line: 5, column: 1, endColumn: 6), SourceSpan(line: 7, column: 1, endColumn: 6)])
        #expect(out.problems[1].message.contains("line 3"))
        #expect(!out.html.contains("Never used") && !out.html.contains("Again"))
    }

    @Test func aLinkInAFootnoteIsPlacedWhereItIsWritten() {
        let out = Self.compile("Text[^n].\n\n[^n]: See [the notes](notes.md).\n\n    And [more](more.md) here.\n", lineOffset: 4)
        #expect(out.links.map(\.destination) == ["notes.md", "more.md"])
        #expect(out.links.map(\.span) == [SourceSpan(line: 7, column: 23, endColumn: 31), SourceSpan(line: 9, column: 16, endColumn: 23)])
    }

    @Test func theLinesAroundADefinitionKeepTheirPositions() {
        let out = Self.compile("# A\n\nText[^n].\n\n[^n]: Note.\n\nAfter [a link](x.md).\n")
        #expect(out.links.first?.span == SourceSpan(line: 7, column: 16, endColumn: 20))
    }

    @Test func aCheckFindsWhatABuildFinds() {
        let body = "A[^a] B[^nope].\n\n[^a]: See [x](x.md).\n[^c]: Unused.\n"
        let built = Self.compile(body), checked = Self.compile(body, renderHTML: false)
        #expect(built.problems == checked.problems)
        #expect(built.links == checked.links)
        #expect(built.markupAnchors == checked.markupAnchors)
        #expect(built.markupAnchors.contains("fn1") && built.markupAnchors.contains("fnref1"))
    }

    @Test func aFootnoteMayReferToAnother() {
        let html = Self.compile("Start[^a].\n\n[^a]: Then[^b].\n[^b]: End.\n").html
        #expect(html.contains("<li id=\"fn1\">\n<p>Then\(Self.reference(2)). \(Self.back(1))</p>"))
        #expect(html.contains("<li id=\"fn2\">\n<p>End. \(Self.back(2))</p>"))
    }

    @Test func aReferenceInATableCellOrHeadingIsOne() {
        let html = Self.compile("## Heading[^h]\n\n| a | b[^t] |\n|---|---|\n\n[^h]: On the heading.\n[^t]: In a cell.\n").html
        #expect(html.hasPrefix("<h2 id=\"heading\">Heading\(Self.reference(1))</h2>"))
        #expect(html.contains("<th>b\(Self.reference(2))</th>"))
    }

    @Test func aFootnoteKnowsThePagesLinkReferenceDefinitions() {
        let out = Self.compile("Text[^n].\n\n[top]: https://example.org/top\n\n> [quoted]: https://example.org/quoted\n\n[^n]: See [top] and [quoted].\n")
        #expect(out.html.contains("<p>See <a href=\"https://example.org/top\">top</a> and <a href=\"https://example.org/quoted\">quoted</a>. "))
        #expect(out.links.map(\.destination) == ["https://example.org/top", "https://example.org/quoted"])
    }
}
