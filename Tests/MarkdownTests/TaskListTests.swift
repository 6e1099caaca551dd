import Testing
@testable import Markdown

/// GFM's task list items: a list item whose first paragraph opens with `[ ]`, `[x]` or `[X]`
/// and white space shows a checkbox, disabled, as cmark-gfm writes it.
@Suite struct TaskListTests {
    static func html(_ markdown: String) -> String {
        MarkdownCompiler.compile(markdown, options: MarkdownOptions(smartPunctuation: false)).html
    }

    static let unchecked = "<input type=\"checkbox\" disabled=\"\" /> "
    static let checked = "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> "

    @Test func markersAreCheckboxes() {
        #expect(Self.html("- [ ] open\n- [x] done\n- [X] also done\n")
                == "<ul>\n<li>\(Self.unchecked)open</li>\n<li>\(Self.checked)done</li>\n<li>\(Self.checked)also done</li>\n</ul>\n")
        #expect(Self.html("1. [ ] first\n2. [x]\tsecond\n") == "<ol>\n<li>\(Self.unchecked)first</li>\n<li>\(Self.checked)second</li>\n</ol>\n")
    }

    @Test func onlyTheFirstParagraphOfAnItemOpensATask() {
        #expect(Self.html("- text\n\n  [ ] not a task\n") == "<ul>\n<li>\n<p>text</p>\n<p>[ ] not a task</p>\n</li>\n</ul>\n")
        #expect(Self.html("- a [ ] b\n") == "<ul>\n<li>a [ ] b</li>\n</ul>\n")
        #expect(Self.html("[ ] not in a list\n") == "<p>[ ] not in a list</p>\n")
        #expect(Self.html("> [ ] quoted\n") == "<blockquote>\n<p>[ ] quoted</p>\n</blockquote>\n")
    }

    @Test func nestedListsHaveTheirOwnTasks() {
        #expect(Self.html("- [x] outer\n  - [ ] inner\n  - plain\n")
                == "<ul>\n<li>\(Self.checked)outer\n<ul>\n<li>\(Self.unchecked)inner</li>\n<li>plain</li>\n</ul>\n</li>\n</ul>\n")
    }

    @Test func aMarkerWithoutWhiteSpaceAfterItIsText() {
        #expect(Self.html("- [ ]no space\n") == "<ul>\n<li>[ ]no space</li>\n</ul>\n")
        #expect(Self.html("- [y] other\n") == "<ul>\n<li>[y] other</li>\n</ul>\n")
        #expect(Self.html("- \\[ ] escaped\n") == "<ul>\n<li>[ ] escaped</li>\n</ul>\n")
        #expect(Self.html("- [ ]\n") == "<ul>\n<li>[ ]</li>\n</ul>\n")
    }

    @Test func whatFollowsTheMarkerKeepsItsInlines() {
        #expect(Self.html("- [ ] read *this* `now`\n") == "<ul>\n<li>\(Self.unchecked)read <em>this</em> <code>now</code></li>\n</ul>\n")
        #expect(Self.html("- [x] two\n  lines\n") == "<ul>\n<li>\(Self.checked)two\nlines</li>\n</ul>\n")
        // (As cmark-gfm: white space after the marker, then the text on the next line.)
        #expect(Self.html("- [ ] \n  next line\n") == "<ul>\n<li>\(Self.unchecked)next line</li>\n</ul>\n")
        #expect(Self.html("-   [x]  wide\n") == "<ul>\n<li>\(Self.checked)wide</li>\n</ul>\n")
    }

    /// (A link's place is its destination's.)
    @Test func aLinkAfterTheMarkerIsReportedWhereItIsWritten() {
        let out = MarkdownCompiler.compile("Intro\n\n- [ ] see [the page](a.md) now\n  - [x] [b](b.md)\n")
        #expect(out.links.map(\.destination) == ["a.md", "b.md"])
        #expect(out.links.map { "\($0.span.line):\($0.span.column)" } == ["3:22", "4:13"])
    }

    @Test func pagesWithoutTasksAreUnchanged() {
        #expect(Self.html("- [ref] x\n- [ ]x\n") == "<ul>\n<li>[ref] x</li>\n<li>[ ]x</li>\n</ul>\n")
        let withLink = Placeholder.fill(MarkdownCompiler.compile("- [link](a.md) item\n").html, slots: [0: SlotValue(href: "a.html", title: "A")])
        #expect(!withLink.contains("checkbox") && withLink.hasPrefix("<ul>\n<li><a href=\"a.html\">"))
    }
}
