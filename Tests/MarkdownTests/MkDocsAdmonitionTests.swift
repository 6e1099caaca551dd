import Testing
@testable import Markdown

/// MkDocs' `!!! type "Title"` admonitions and `???` folding ones, read where the site is
/// MkDocs'.
@Suite struct MkDocsAdmonitionTests {
    static func compile(_ markdown: String, mkDocs: Bool = true) -> CompiledMarkdown {
        var options = MarkdownOptions(smartPunctuation: false)
        options.mkDocsAdmonitions = mkDocs
        return MarkdownCompiler.compile(markdown, options: options)
    }

    @Test func anAdmonitionIsACalloutWithItsBlocks() {
        let page = "!!! warning \"Careful here\"\n\n    First with a [link](other.md).\n\n    Second.\n\n        code\n\nAfter.\n"
        let out = Self.compile(page)
        #expect(out.html.contains("<aside class=\"callout callout-warning\">\n<p><strong class=\"callout-title\">Careful here</strong></p>\n<p>First with a <a"))
        #expect(out.html.contains("<p>Second.</p>\n<pre><code>code\n</code></pre>\n</aside>\n<p>After.</p>"), "one aside; the code loses only MkDocs' indent")
        #expect(out.links.map { "\($0.destination)@\($0.span.line):\($0.span.column)" } == ["other.md@3:25"], "positions are where the author wrote them")
        #expect(Self.compile("!!! tip\n    Body.\n").html.contains("<strong class=\"callout-title\">Tip</strong>"))
        #expect(Self.compile("!!! note inline end \"Side\"\n    Body.\n").html.contains("<strong class=\"callout-title\">Side</strong>\nBody."),
                "more classes; no hard break after the title")
    }

    @Test func questionMarksFold() {
        #expect(Self.compile("??? note \"Folded\"\n    Hidden.\n").html.contains("<details class=\"callout callout-note\">\n<summary class=\"callout-title\">Folded</summary>"))
        #expect(Self.compile("???+ example\n    Open.\n").html.contains("<details class=\"callout callout-example\" open>"))
    }

    @Test func whatIsNoAdmonitionIsLeftAsWritten() {
        #expect(Self.compile("```\n!!! note\n    in a fence\n```\n").html.contains("<pre><code>!!! note\n    in a fence\n</code></pre>"))
        #expect(Self.compile("!!! note\n    Body.\n", mkDocs: false).html == "<p>!!! note\nBody.</p>\n", "only in an MkDocs site")
        #expect(Self.compile("!!! note\n\nNot indented.\n").html == "<p>!!! note</p>\n<p>Not indented.</p>\n", "no body, no admonition")
        let fenceWithBlank = Self.compile("!!! note\n    ```\n    a\n\n    b\n    ```\n")
        #expect(!fenceWithBlank.html.contains("<aside"), "an empty line in a fence of the body would cut the fence: left as written")
    }

    @Test func aFencesAttributeListGivesAnID() {
        let out = Self.compile("``` { .sh .no-copy #example }\nls\n```\n", mkDocs: false)
        #expect(out.markupAnchors == ["example"] && out.html.contains("<div id=\"example\"></div>"))
    }

    /// Every rewrite keeps the page's length and its line breaks where they were, so no
    /// position moves: checked on pages made of random admonition-like lines.
    @Test func aRewriteKeepsEveryByteOffset() {
        let pieces = ["!!! note", "!!! tip \"T\"", "??? x", "???+ y \"Z z\"", "!!! note inline end \"S\"", "    body", "\tbody", "", "  ",
                      "    ```", "```", "        code", "text", "!!!", "!!! \"no type\"", "=== \"Tab\"", "    ~~~~", "~~~~"]
        var seed: UInt64 = 0x5EED
        var rewrites = 0
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var local = seed
            let count = Int(local % 12) + 1
            var lines: [String] = []
            for _ in 0..<count {
                local = local &* 6364136223846793005 &+ 1442695040888963407
                lines.append(pieces[Int((local >> 33) % UInt64(pieces.count))])
            }
            let bytes = Array(lines.joined(separator: "\n").utf8)
            guard let rewritten = MkDocsAdmonitions.rewritten(bytes)?.bytes else { continue }
            rewrites += 1
            #expect(rewritten.count == bytes.count)
            #expect(rewritten.indices.filter { rewritten[$0] == 10 } == bytes.indices.filter { bytes[$0] == 10 })
        }
        #expect(rewrites > 200, "the pages hold admonitions to rewrite")
    }
}
