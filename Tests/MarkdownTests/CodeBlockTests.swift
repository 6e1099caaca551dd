import Markdown
import Testing

/// Fenced code with a language is highlighted at build time, inside the markup cmark writes
/// for it; anything else is cmark's plain code.
@Suite struct CodeBlockTests {
    @Test func fencedCodeWithAKnownLanguageIsHighlightedInCmarksMarkup() {
        let html = MarkdownCompiler.compile("```swift\nlet x = \"a < b\" // note\n```\n").html
        #expect(html.hasPrefix("<pre><code class=\"language-swift\"><span class=\"hl-keyword\">let</span>"), "\(html)")
        #expect(html.contains("<span class=\"hl-string\">&quot;a &lt; b&quot;</span>"), "\(html)")
        #expect(html.contains("<span class=\"hl-comment\">// note</span>"), "\(html)")
        #expect(html.hasSuffix("</code></pre>\n"), "\(html)")
    }

    @Test func codeWithoutAKnownLanguageStaysPlain() {
        for (fence, open) in [("```nosuchlanguage", "<pre><code class=\"language-nosuchlanguage\">"), ("```", "<pre><code>")] {
            let html = MarkdownCompiler.compile("\(fence)\nplain <b> & text\n```\n").html
            #expect(html == "\(open)plain &lt;b&gt; &amp; text\n</code></pre>\n")
        }
        let indented = MarkdownCompiler.compile("    let x = 1\n").html
        #expect(indented == "<pre><code>let x = 1\n</code></pre>\n")
    }

    /// The language's name is escaped as cmark escapes it, and a check (no HTML) highlights nothing.
    @Test func theLanguageIsEscapedAndACheckHighlightsNothing() {
        let html = MarkdownCompiler.compile("```py\"><x\nprint(1)\n```\n").html
        #expect(!html.contains("<x") && html.hasPrefix("<pre><code class=\"language-py&quot;&gt;&lt;x\">"), "\(html)")
        let facts = MarkdownCompiler.compile("```swift\nlet x = 1\n```\n", options: MarkdownOptions(renderHTML: false))
        #expect(facts.html.isEmpty)
    }
}
