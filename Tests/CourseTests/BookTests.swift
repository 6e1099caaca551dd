import Build
import Course
import Site
import Foundation
import Markdown
import Testing
import TestSupport

/// An mdBook (or GitBook) as its author left it: `book.toml` beside `src/`, and `SUMMARY.md`
/// in it naming the chapters in order.
@Suite struct BookTests {
    static let summary = """
        # Summary

        [Introduction](README.md)
        [Preface](preface.md)

        # Part one

        - [Getting started](intro/start.md)
            - [Breathing](./intro/breathing.md)
        - [Noticing](noticing.md)
        - `[Not a chapter](practice.md)`

        ---

        # Part two

        - [Practice](practice.md)
        - [Draft chapter]()

        # Only drafts

        - [Later]()
        """

    static let chapters = [
        "README.md": "# Welcome\n\nThe book.\n",
        "preface.md": "# Preface\n\nWhy.\n",
        "intro/start.md": "# Getting started\n\nBegin with [breathing](breathing.md).\n",
        "intro/breathing.md": "# Breathing\n\nSee [noticing](../noticing.md#the-body).\n",
        "noticing.md": "# Noticing\n\n## The body\n\nFeet.\n",
        "practice.md": "# Practice\n\nDaily.\n",
    ]

    @Test func theSummaryIsTheOutlineAndItsChaptersAreLessons() async throws {
        let folder = try TemporaryCourse(Self.chapters.merging(["SUMMARY.md": Self.summary]) { $1 })
        defer { folder.remove() }
        let graph = try await folder.graph()
        #expect(graph.diagnostics.isEmpty, "\(graph.diagnostics.map(\.message))")
        #expect(!graph.pages.contains { $0.sourcePath == "SUMMARY.md" }, "the summary is not a page")
        let outline = graph.modules.map { module in "\(module.title): " + module.lessons.map { graph.pages[$0].sourcePath }.joined(separator: ", ") }
        #expect(outline == [
            "Welcome: preface.md",
            "Part one: intro/start.md, intro/breathing.md, noticing.md",
            "Part two: practice.md",
        ], "the chapters before the first part are the book's own; a part of drafts only is left out; the home page is no lesson")
        let lessons = graph.pages.filter { $0.kind == .lesson }.map(\.sourcePath).sorted()
        #expect(lessons == ["intro/breathing.md", "intro/start.md", "noticing.md", "practice.md", "preface.md"])
        let index = { (path: String) in graph.pages.firstIndex { $0.sourcePath == path }! }
        #expect(graph.next[index("intro/breathing.md")] == index("noticing.md"))
        #expect(graph.next[index("noticing.md")] == index("practice.md"))

        let outcome = try await folder.build()
        #expect(outcome.diagnostics.isEmpty, "\(outcome.findings)")
        #expect(folder.site("summary.html") == nil)
        let home = try #require(folder.site("index.html"))
        let order = ["Preface", "Getting started", "Breathing", "Noticing", "Practice"].map { home.range(of: ">\($0)</a>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "the home page lists the chapters in the summary's order")
    }

    @Test func aChapterThatIsNotThereIsReportedAtItsLink() async throws {
        let folder = try TemporaryCourse(Self.chapters.merging([
            "SUMMARY.md": "# Summary\n\n- [Start](intro/start.md)\n    - [Breathing](intro/breething.md)\n",
        ]) { $1 })
        defer { folder.remove() }
        let outcome = try await folder.check()
        #expect(outcome.failed)
        #expect(outcome.findings == ["outline-missing-lesson@4:19"])
        let finding = try #require(outcome.diagnostics.first)
        #expect(finding.file == "Content/SUMMARY.md")
        #expect(finding.message == "the summary lists 'intro/breething.md', but there is no such page")
        #expect(finding.suggestion == "intro/breathing.md")
        #expect(finding.lineText == "    - [Breathing](intro/breething.md)")
    }

    @Test func frontMatterKindsAndCourseFileOutlinesWin() async throws {
        let summary = "- [Preface](preface.md)\n- [Start](intro/start.md)\n"
        let kinds = try TemporaryCourse(Self.chapters.merging([
            "SUMMARY.md": summary,
            "preface.md": "---\nkind: page\n---\n# Preface\n",
        ]) { $1 })
        defer { kinds.remove() }
        let graph = try await kinds.graph()
        #expect(graph.pages.first { $0.sourcePath == "preface.md" }?.kind == .page)
        #expect(graph.pages.first { $0.sourcePath == "intro/start.md" }?.kind == .lesson)

        let configured = try TemporaryCourse(Self.chapters.merging([
            "SUMMARY.md": summary,
            "course.yml": "modules:\n  - title: Only\n    lessons: [noticing]\n",
        ]) { $1 })
        defer { configured.remove() }
        let configuredGraph = try await configured.graph()
        #expect(configuredGraph.modules.map(\.title) == ["Only"])
        #expect(configuredGraph.pages.contains { $0.sourcePath == "SUMMARY.md" }, "course.yml's outline wins; SUMMARY.md is a page")
    }

    @Test func aSummaryThatLinksNoChapterIsAnOrdinaryPage() async throws {
        let folder = try TemporaryCourse(["SUMMARY.md": "# Summary\n\nWhat the course covers, in [one place](https://example.org).\n"])
        defer { folder.remove() }
        let graph = try await folder.graph()
        #expect(graph.pages.map(\.sourcePath) == ["SUMMARY.md"])
        #expect(graph.modules.isEmpty)
    }

    /// An mdBook published beside sibling books links them with `../`: with book.toml's
    /// `site-url` (or course.yml's base_url) those links are written where they lead there,
    /// unchecked; without, each is a warning that says what to set, and the book builds.
    @Test func linksToSiblingBooksLeadWhereTheBookIsPublished() async throws {
        let chapter = "# Intro\n\nSee [the std docs](../std/index.html) and ![a logo](../img/logo.png).\n"
        let folder = try TemporaryCourse(["intro.md": chapter, "SUMMARY.md": "# Summary\n\n- [Intro](intro.md)\n"])
        defer { folder.remove() }
        var built = try await folder.build()
        #expect(!built.failed, "\(built.findings)")
        #expect(built.diagnostics.map(\.rule) == [.linkLeavesContent, .linkLeavesContent])
        #expect(built.diagnostics.first?.notes.first?.contains("base_url") == true)
        #expect(folder.site("intro.html")?.contains("<a href=\"../std/index.html\">the std docs</a>") == true)

        try Data("[book]\nsrc = \"Content\"\n\n[output.html]\nsite-url = \"/book/\"\n".utf8).write(to: folder.root.appendingPathComponent("book.toml"))
        built = try await folder.build()
        #expect(!built.failed && built.diagnostics.isEmpty, "\(built.findings)")
        let html = try #require(folder.site("intro.html"))
        #expect(html.contains("<a href=\"/std/index.html\">the std docs</a> and <img src=\"/img/logo.png\" alt=\"a logo\" />"))

        try folder.write("course.yml", "base_url: https://doc.example.org/book/\n")
        built = try await folder.build()
        #expect(folder.site("intro.html")?.contains("<a href=\"https://doc.example.org/std/index.html\">") == true)
        let checked = try await folder.check()
        #expect(checked.diagnostics.isEmpty)
    }

    @Test func bookTomlNamesTheCourseWhenItKeepsTheBookInTheContentFolder() async throws {
        let folder = try TemporaryCourse(Self.chapters)
        defer { folder.remove() }
        let book = folder.root.appendingPathComponent("book.toml")
        try Data("[output.html]\ntitle = \"not this\"\n\n[book]\nauthors = [\"Ana\"]\ntitle = \"Kind \\\"Attention\\\" \\u00e9\"\nlanguage = 'de'\nsrc = \"Content\"\n".utf8).write(to: book)
        var graph = try await folder.graph()
        #expect(graph.course.config.title == "Kind \"Attention\" é")
        #expect(graph.course.config.language == "de")

        try Data("[book]\ntitle = \"Another book\"\n".utf8).write(to: book)   // its source is src/, not Content/
        graph = try await folder.graph()
        #expect(graph.course.config.title == "Welcome", "the home page's title, as without book.toml")

        try folder.write("course.yml", "title: From the course file\n")
        try Data("[book]\ntitle = \"Another book\"\nsrc = \"Content\"\n".utf8).write(to: book)
        graph = try await folder.graph()
        #expect(graph.course.config.title == "From the course file")
    }

    @Test func aMissingContentFolderPointsAtTheBookOrAFolderOfAlmostThatName() async throws {
        let folder = try TemporaryCourse([:])
        defer { folder.remove() }
        let missing = ContentLocation(directory: folder.root.appendingPathComponent("Contnt").path, displayName: "Contnt")
        let error = await #expect(throws: UnusableInput.self) { _ = try await Course.load(missing) }
        #expect(error?.description == "the content folder 'Contnt' does not exist; did you mean 'Content'?")
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("src"), withIntermediateDirectories: true)
        try Data("[book]\ntitle = \"A\"\n".utf8).write(to: folder.root.appendingPathComponent("book.toml"))
        let unnamed = ContentLocation(directory: folder.root.appendingPathComponent("Missing").path, displayName: "book/Missing")
        let bookError = await #expect(throws: UnusableInput.self) { _ = try await Course.load(unnamed) }
        #expect(bookError?.description == "the content folder 'book/Missing' does not exist; did you mean 'book/src'? (book.toml keeps the book there)")
        let elsewhere = ContentLocation(directory: "/nonexistent/syllabus/Content", displayName: "/nonexistent/syllabus/Content")
        let plainError = await #expect(throws: UnusableInput.self) { _ = try await Course.load(elsewhere) }
        #expect(plainError?.description == "the content folder '/nonexistent/syllabus/Content' does not exist")
    }

    @Test func editingTheSummaryOrAChapterRebuildsAsACleanBuildWould() async throws {
        let folder = try TemporaryCourse(Self.chapters.merging(["SUMMARY.md": Self.summary]) { $1 })
        defer { folder.remove() }
        let location = ContentLocation(directory: folder.content.path, displayName: "Content")
        let cache = folder.root.appendingPathComponent(".syllabus-cache").path
        let clean = folder.root.appendingPathComponent("clean")
        let edits: [(String, String)] = [
            ("SUMMARY.md", Self.summary.replacingOccurrences(of: "# Part two", with: "# The second part")),
            ("SUMMARY.md", "- [Practice](practice.md)\n- [Noticing](noticing.md)\n"),
            ("noticing.md", "# Noticing\n\n## The body\n\nFeet, and hands.\n"),
            ("practice.md", "# Daily practice\n\nDaily.\n"),
        ]
        _ = try await Pipeline(content: location, templates: nil, output: folder.output.path, load: LoadOptions(jobs: 2, cacheDirectory: cache)).build()
        for (path, text) in edits {
            try folder.write(path, text)
            let incremental = try await Pipeline(content: location, templates: nil, output: folder.output.path,
                                                 load: LoadOptions(jobs: 2, cacheDirectory: cache)).build()
            try? FileManager.default.removeItem(at: clean)
            let fresh = try await Pipeline(content: location, templates: nil, output: clean.path, load: LoadOptions(jobs: 2)).build()
            #expect(incremental.diagnostics == fresh.diagnostics && !fresh.failed, "\(path): \(fresh.findings)")
            #expect(TemporaryCourse.snapshot(folder.output) == TemporaryCourse.snapshot(clean), "\(path) edited")
        }
        let home = try #require(folder.site("index.html"))
        #expect(try #require(home.range(of: ">Daily practice</a>")).lowerBound < #require(home.range(of: ">Noticing</a>")).lowerBound)
    }
}
