import Build
import Course
import Publish
import Testing
import TestSupport

/// An Obsidian vault's links to blocks (`[[Note#^id]]`, the block ending with ` ^id`) and to
/// headings by their path (`[[Note#Part#Section]]`), as Obsidian resolves them.
@Suite struct ObsidianLinkTests {
    static let note = """
        # Note

        ## Part

        ### Section

        Under the part.

        ## Other

        ### Section

        A paragraph with a block id. ^para-1

        - [ ] a task with an id ^task

        """

    @Test func blockLinksAndHeadingPathsLeadWhereObsidianLeads() async throws {
        let homeText = "# Home\n\nSee [[Note#^para-1]], [[Note#^task|the task]], [[Note#Other#Section]], [[Note#Part#Section]] and [a link](Note.md#^para-1).\n"
        let course = try TemporaryCourse(["Note.md": Self.note, "Links.md": homeText])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed && !built.diagnostics.contains { $0.severity == .error }, "\(built.findings)")
        let note = try #require(course.site("note.html"))
        // The block keeps its words, less its id, and carries the id.
        #expect(note.contains("<p><span id=\"^para-1\"></span>A paragraph with a block id.</p>"))
        #expect(note.contains("<li><span id=\"^task\"></span><input type=\"checkbox\" disabled=\"\" /> a task with an id</li>"))
        let home = try #require(course.site("links.html"))
        #expect(home.contains("<a class=\"see\" href=\"note.html#%5Epara-1\">Note &gt; ^para-1</a>"))
        #expect(home.contains("<a class=\"see\" href=\"note.html#section-1\">Note &gt; Other &gt; Section</a>"))
        #expect(home.contains("<a class=\"see\" href=\"note.html#section\">Note &gt; Part &gt; Section</a>"))
        #expect(home.contains("<a href=\"note.html#%5Epara-1\">a link</a>"))
        // The summary reads without the id.
        #expect(!note.contains("block id. ^para-1"))
    }

    @Test func aBlockLinkToNoBlockIsABrokenFragment() async throws {
        let course = try TemporaryCourse(["Note.md": Self.note, "Links.md": "# Links\n\n[[Note#^nope]] and [[Note#Part#Nothing]]\n"])
        defer { course.remove() }
        let checked = try await course.check()
        let broken = checked.diagnostics.filter { $0.rule == .brokenFragment }
        #expect(broken.count == 2, "\(checked.findings)")
        #expect(broken.first?.span.map { "\($0.line):\($0.column)" } == "3:1")
    }

    @Test func onlyAnIDAfterWhiteSpaceAtTheBlocksEndIsOne() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\nA caret^inside and x ^ alone and 2^10.\n\nEnds in ^ok\n\n`code ^no`\n"])
        defer { course.remove() }
        let built = try await course.build()
        let html = try #require(course.site("a.html"))
        #expect(html.contains("<p>A caret^inside and x ^ alone and 2^10.</p>"), "\(built.findings)")
        #expect(html.contains("<p><span id=\"^ok\"></span>Ends in</p>"))
        #expect(html.contains("<code>code ^no</code>"))
    }

    /// A vault finds an attachment by its name anywhere (`![x](photo.png)` with the file in
    /// Attachments/), and a wikilink may name a file (`[[handout.pdf]]`).
    @Test func attachmentsAreFoundByTheirNameAnywhere() async throws {
        let page = "# Pics\n\n![a photo](photo.png) and [[handout.pdf]] and [the handout](handout.pdf#page=2) and ![local](Attachments/photo.png).\n"
        let course = try TemporaryCourse(["Pics.md": page, "Attachments/photo.png": "png", "Attachments/handout.pdf": "pdf"])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed && built.diagnostics.isEmpty, "\(built.findings)")
        #expect(course.site("pics.html")?.contains("<p><img src=\"Attachments/photo.png\" alt=\"a photo\" /> and <a class=\"see\" href=\"Attachments/handout.pdf\">handout.pdf</a>"
                                                 + " and <a href=\"Attachments/handout.pdf#page=2\">the handout</a> and <img src=\"Attachments/photo.png\" alt=\"local\" />.</p>") == true)
        // Two files of the name, neither beside the page: which is meant cannot be told.
        try course.write("Other/photo.png", "png")
        let checked = try await course.check()
        #expect(checked.diagnostics.map(\.rule) == [.missingFile], "\(checked.findings)")
    }

    /// An id on the last line of a callout, right after an embed, or on its own after a quote.
    @Test func blockIDsOnTheirOwnLineOrAfterAnEmbed() async throws {
        let note = "# B\n\n> [!info]\n> Some text.\n^note\n\n![[i.png]]^img\n\n> A quote.\n\n^quote\n"
        let links = "# A\n\n[[B#^note]] [[B#^img]] [[B#^quote]]\n"
        let course = try TemporaryCourse(["B.md": note, "A.md": links, "i.png": "png"])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed && !built.diagnostics.contains { $0.rule == .brokenFragment }, "\(built.findings)")
        let html = try #require(course.site("b.html"))
        #expect(html.contains("<strong class=\"callout-title\">Info</strong>") && html.contains("Some text.<span id=\"^note\"></span></p>"), "\(html)")
        #expect(html.contains("<span id=\"^img\"></span><img src=\"i.png\""))
        #expect(html.contains("<div id=\"^quote\"></div>\n<blockquote>\n<p>A quote.</p>"))
        #expect(!html.contains("^note\n") && !html.contains(">^quote<"))
    }
}
