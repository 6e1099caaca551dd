import Testing
@testable import Markdown

/// Definition lists as Hugo, MkDocs and Pandoc write them: term lines, then definitions that
/// open with `:` and white space.
@Suite struct DefinitionListTests {
    static func compile(_ markdown: String, termIDs: Bool = false, html: Bool = true) -> CompiledMarkdown {
        var options = MarkdownOptions(smartPunctuation: false, renderHTML: html)
        options.definitionTermIDs = termIDs
        return MarkdownCompiler.compile(markdown, options: options)
    }

    @Test func termsAndDefinitionsMakeAList() {
        #expect(Self.compile("Apple\n: A fruit.\n  Often red.\n: A company.\n").html
                == "<dl>\n<dt>\nApple\n</dt>\n<dd>\nA fruit.\nOften red.\n</dd>\n<dd>\nA company.\n</dd>\n</dl>\n")
        #expect(Self.compile("One\nTwo\n: Both.\n").html == "<dl>\n<dt>\nOne\n</dt>\n<dt>\nTwo\n</dt>\n<dd>\nBoth.\n</dd>\n</dl>\n")
        #expect(Self.compile("- Item\n  : inside a list\n").html.contains("<li>\n<dl>\n<dt>\nItem\n</dt>\n<dd>\ninside a list\n</dd>"))
    }

    @Test func whatIsNoDefinitionStaysAParagraph() {
        #expect(Self.compile(": no term before it\n").html == "<p>: no term before it</p>\n")
        #expect(Self.compile("Term\n\\: escaped\n").html == "<p>Term\n: escaped</p>\n")
        #expect(Self.compile("Term\n:no space\n").html == "<p>Term\n:no space</p>\n")
        #expect(Self.compile("Time: 12:40\nand more: words\n").html == "<p>Time: 12:40\nand more: words</p>\n")
    }

    @Test func termsGetIDsOnlyWhenAskedAndShareThemWithHeadings() {
        let page = "# Style\n\n`Style`\n: The theme's.\n\n*noClasses* term\n: Whether.\n"
        let plain = Self.compile(page)
        #expect(!plain.html.contains("<dt id"))
        #expect(!plain.markupAnchors.contains("style-1"))
        let withIDs = Self.compile(page, termIDs: true)
        #expect(withIDs.html.contains("<dt id=\"style-1\">") && withIDs.html.contains("<dt id=\"noclasses-term\">"))
        #expect(Self.compile(page, termIDs: true, html: false).markupAnchors == ["style-1", "noclasses-term"], "a check finds the same ids")
    }

    @Test func linksInADefinitionKeepTheirPlaces() {
        let out = Self.compile("Term\n: See [the guide](guide.md) and\n: [more](more.md).\n")
        #expect(out.links.map(\.destination) == ["guide.md", "more.md"])
        #expect(out.links.map { "\($0.span.line):\($0.span.column)" } == ["2:19", "3:10"], "at their destinations, as in any paragraph")
    }
}
