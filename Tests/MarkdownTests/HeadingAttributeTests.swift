import Testing
@testable import Markdown

/// A heading's attribute list, as MkDocs' `attr_list`, kramdown and Goldmark write it: its id
/// is the heading's, the rest is left out.
@Suite struct HeadingAttributeTests {
    static func headings(_ markdown: String, options: MarkdownOptions = MarkdownOptions()) -> [String] {
        MarkdownCompiler.compile(markdown, options: options).headings.map { "\($0.id)|\($0.text)" }
    }

    @Test func anAttributeListGivesItsID() {
        #expect(Self.headings("### Context <small>optional</small> { #context }\n") == ["context|Context optional"])
        #expect(Self.headings("### Overriding blocks { #overriding-blocks data-toc-label=\"Overriding blocks\" }\n")
                == ["overriding-blocks|Overriding blocks"], "a quoted value may hold spaces")
        #expect(Self.headings("### 9.7.0 <small>November 11, 2025</small> { id=\"9.7.0\" }\n") == ["9.7.0|9.7.0 November 11, 2025"],
                "smart punctuation's curly quotes are read as the author's straight ones")
        #expect(Self.headings("## Setup {: #setup .wide}\n") == ["setup|Setup"], "kramdown's `{:`")
        #expect(Self.headings("## Plain { .wide }\n") == ["plain|Plain"], "a list without an id leaves the heading its own")
    }

    @Test func whatIsNoAttributeListStaysText() {
        #expect(Self.headings("## Set {up}\n") == ["set-up|Set {up}"])
        #expect(Self.headings("## Broken { #a b=\"open }\n") == ["broken--a-bopen-|Broken { #a b=“open }"])
        #expect(Self.headings("## Glued{#x}\n") == ["gluedx|Glued{#x}"], "the `{` must follow white space")
    }

    @Test func pythonMarkdownIDsCollapseDashesAndNameFootnotesByLabel() {
        var options = MarkdownOptions()
        options.pythonMarkdownIDs = true
        #expect(Self.headings("### Caret, Mark & Tilde\n", options: options) == ["caret-mark-tilde|Caret, Mark & Tilde"])
        #expect(Self.headings("### Caret, Mark & Tilde\n") == ["caret-mark--tilde|Caret, Mark & Tilde"], "GitHub's, elsewhere")
        let notes = MarkdownCompiler.compile("Text.[^7]\n\n[^7]: A note.\n", options: options)
        #expect(notes.markupAnchors.contains("fn:7") && notes.html.contains("<span id=\"fn:7\"></span>"))
        #expect(!MarkdownCompiler.compile("Text.[^7]\n\n[^7]: A note.\n").markupAnchors.contains("fn:7"))
    }
}
