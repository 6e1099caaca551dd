import Build
import Course
import Linking
import Site
import Foundation
import Markdown
import Testing
import TestSupport

@Suite struct LoadingTests {
    func load(_ files: [String: String]) async throws -> (Course, [Diagnostic], TemporaryCourse) {
        let course = try TemporaryCourse(files)
        let (loaded, diagnostics) = try await Course.load(ContentLocation(directory: course.content.path, displayName: "Content"))
        return (loaded, diagnostics, course)
    }

    @Test func frontMatterIsTypedAndDefaultsFollowTheSpec() async throws {
        let (course, diagnostics, folder) = try await load([
            "episodes/ep-1.md": """
            ---
            title: "The First Episode"
            date: 2026-03-14
            tags: [self-care, listening]
            aliases: ["Episode One"]
            series: Flows
            number: 1
            duration: "1:02:03"
            ---
            Intro paragraph that becomes the summary.
            """,
            "lessons/Some File.md": "# From The Heading\n\nBody.\n",
            "notes.md": "No title anywhere.\n",
        ])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty)
        let episode = try #require(course.pages.first { $0.sourcePath == "episodes/ep-1.md" })
        #expect(episode.kind == .episode)
        #expect(episode.slug == "ep-1")
        #expect(episode.outputPath == "episodes/ep-1.html")
        #expect(episode.frontMatter.tags == ["self-care", "listening"])
        #expect(episode.frontMatter.duration?.seconds == 3723)
        #expect(episode.summary == "Intro paragraph that becomes the summary.")
        let lesson = try #require(course.pages.first { $0.sourcePath == "lessons/Some File.md" })
        #expect(lesson.title == "From The Heading")
        #expect(lesson.slug == "some-file")
        #expect(lesson.kind == .lesson)
        let notes = try #require(course.pages.first { $0.sourcePath == "notes.md" })
        #expect(notes.title == "Notes")
        #expect(notes.kind == .page)
    }

    @Test(arguments: [
        ("---\ntitle: [unclosed\n---\n", 2),
        ("---\ntitle: A\ncolour: blue\n---\n", 3),
        ("---\nnumber: three\n---\n", 2),
        ("---\ndate: 14/03/2026\n---\n", 2),
        ("---\ntitle: A\n", 1),
        ("---\nslug: Has Spaces\n---\n", 2),
        ("---\ntitle: A\ntags: [x]\ntitle: B\n---\n", 4),   // the second of a repeated key
        ("+++\ntitle = \"A\"\ndraft = true\n+++\n\nBody.\n", 1),   // TOML is reported, not published as text
    ])
    func brokenFrontMatterIsReportedAtItsLine(text: String, line: Int) async throws {
        let (_, diagnostics, folder) = try await load(["a.md": text])
        defer { folder.remove() }
        #expect(diagnostics.map(\.rule) == [.invalidFrontMatter])
        #expect(diagnostics.first?.span?.line == line)
    }

    /// File names in other scripts get ASCII slugs spelled from them, not `ber` or `page`
    /// (two such files used to collide as a duplicate slug).
    @Test func fileNamesBeyondASCIIGetSpelledOutSlugs() async throws {
        let (course, diagnostics, folder) = try await load([
            "Über/Grüße an alle.md": "Text.\n", "Über/日本語.md": "Text.\n", "Über/中文.md": "Text.\n",
            "Über/Ærø Straße.md": "Text.\n", "Über/🙂.md": "Text.\n",
        ])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let paths = Dictionary(uniqueKeysWithValues: course.pages.map { ($0.sourcePath, $0.outputPath) })
        #expect(paths["Über/Grüße an alle.md"] == "Über/grusse-an-alle.html")
        #expect(paths["Über/日本語.md"] == "Über/ri-ben-yu.html")
        #expect(paths["Über/中文.md"] == "Über/zhong-wen.html")
        #expect(paths["Über/Ærø Straße.md"] == "Über/aero-strasse.html")
        #expect(paths["Über/🙂.md"] == "Über/page.html", "nothing to spell: the fallback")
        #expect(course.pages.first { $0.sourcePath == "Über/日本語.md" }?.title == "日本語", "the title keeps the file name as written")
        #expect(NewPageTemplate(kind: .article, title: "Über Mitgefühl", date: "2026-01-01").relativePath == "articles/uber-mitgefuhl.md")
        #expect(Slugger.tagSlug("Mitgefühl") == "mitgefuhl")
        #expect(Slugger.tagSlug("deep work") == "deep-work")
        #expect(Slugger.tagSlug("C++ & Care") == "c--care", "as a heading id, as before")
        #expect(Slugger.tagSlug("🙂") == "tag")
    }

    @Test func unknownKeySuggestsTheKnownOne() async throws {
        let (_, diagnostics, folder) = try await load(["a.md": "---\ntitel: A\n---\n"])
        defer { folder.remove() }
        #expect(diagnostics.first?.message == "unknown key 'titel' in front matter")
        #expect(diagnostics.first?.suggestion == "title")
    }

    /// Front matter written for Hugo or Zola shows every unknown key at once, each with the key
    /// meant here, and a date with a time is read as its day. Their words for a page's place in
    /// navigation (`weight`, `linkTitle`) are read.
    @Test func everyUnknownKeyIsReportedWithTheKeyMeantHere() async throws {
        let (read, diagnostics, folder) = try await load([
            "a.md": "---\ntitle: A\nweight: 10\ncategories: [x]\ndescription: Words\nlinkTitle: Ay\n---\n",
            "b.md": "---\ntitle: B\ndate: 2024-01-01T10:00:00Z\n---\n",
        ])
        defer { folder.remove() }
        #expect(diagnostics.map { "\($0.span?.line ?? 0) \($0.suggestion ?? "-")" } == ["4 tags", "5 summary"], "\(diagnostics)")
        let a = read.pages.first { $0.title == "A" }
        #expect(a?.frontMatter.order == 10 && a?.frontMatter.navigationTitle == "Ay")
        let (course, clean, other) = try await load(["b.md": "---\ntitle: B\ndate: 2024-01-01T10:00:00Z\n---\n"])
        defer { other.remove() }
        #expect(clean.isEmpty, "\(clean)")
        #expect(course.pages.first?.date == "2024-01-01")
    }

    /// Every problem of a file's front matter comes in one run, in line order: unknown keys,
    /// wrong types, a bad date and a bad slug, each with the key or value meant here.
    @Test func everyFrontMatterProblemOfAFileComesInOneRun() async throws {
        let (_, diagnostics, folder) = try await load([
            "a.md": "---\nlayout: post\nslug: My Post\ntags: meta\ndate: 2023-13-45\npublished: false\ncreated: 2024-01-03\n---\n",
            "b.md": "---\nslug: /\nsidebar_position: 2\ncategory: food\n---\n",
        ])
        defer { folder.remove() }
        let found = diagnostics.map { "\($0.file.suffix(4)):\($0.span?.line ?? 0) \($0.suggestion ?? "-")" }
        #expect(found == ["a.md:2 -", "a.md:4 -", "a.md:5 -", "a.md:6 -", "a.md:7 date", "a.md:3 my-post",
                          "b.md:4 tags", "b.md:2 index"], "\(diagnostics.map(\.message))")
        let published = diagnostics.first { $0.message.contains("'published'") }
        #expect(published?.message == "unknown key 'published' in front matter; `published: false` is written `draft: true` here")
    }

    @Test func bomCRLFEmptyAndFrontMatterOnlyFilesJustWork() async throws {
        let (course, diagnostics, folder) = try await load([
            "bom.md": "\u{FEFF}---\r\ntitle: Bom\r\n---\r\n\r\nText [see: \"Empty\"].\r\n",
            "empty.md": "",
            "only.md": "---\ntitle: Only Front Matter\n---\n",
        ])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty)
        #expect(course.pages.map(\.title).sorted() == ["Bom", "Empty", "Only Front Matter"])
        let graph = CourseGraph.link(course)
        #expect(graph.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(course.pages.first { $0.title == "Bom" }?.body.references.first?.span.line == 5)
    }

    @Test func draftsAreLeftOutUnlessAskedFor() async throws {
        let folder = try TemporaryCourse(["a.md": "---\ndraft: true\n---\n", "b.md": "# B\n"])
        defer { folder.remove() }
        let location = ContentLocation(directory: folder.content.path)
        #expect(try await Course.load(location).0.pages.count == 1)
        #expect(try await Course.load(location, options: LoadOptions(includeDrafts: true)).0.pages.count == 2)
    }

    @Test func referencesToADraftSaySoInsteadOfGuessing() async throws {
        let folder = try TemporaryCourse([
            "a.md": "# A\n\n[see: \"Coming Soon\"] and [link](b.md)\n",
            "b.md": "---\ntitle: Coming Soon\ndraft: true\n---\n",
        ])
        defer { folder.remove() }
        let outcome = try await folder.check()
        #expect(outcome.findings == ["unknown-reference@3:1", "missing-page@3:33"])
        #expect(outcome.diagnostics.first?.message == "\"Coming Soon\" is a draft, which this build leaves out")
        #expect(try await folder.pipeline().check().failed)
        let withDrafts = Pipeline(content: ContentLocation(directory: folder.content.path), templates: nil, output: folder.output.path,
                                  load: LoadOptions(includeDrafts: true))
        #expect(try await withDrafts.check().failed == false)
    }

    @Test func missingContentFolderIsUnusable() async {
        await #expect(throws: UnusableInput.self) {
            _ = try await Course.load(ContentLocation(directory: "/nonexistent/syllabus"))
        }
    }
}

@Suite struct GraphTests {
    @Test func outlineRelatedBacklinksAndEdges() async throws {
        let folder = try TemporaryCourse([
            "course.yml": "related_count: 2\nmodules:\n  - title: M\n    lessons: [one, two]\n",
            "lessons/one.md": "---\ntitle: One\ntags: [care]\n---\n[see: \"Art\"]\n",
            "lessons/two.md": "---\ntitle: Two\ntags: [care]\nprerequisites: [One]\n---\n",
            "lessons/three.md": "---\ntitle: Three\nmodule: M\n---\n",
            "articles/art.md": "---\ntitle: Art\ndate: 2026-01-01\nrelated: [Two]\ntags: [care]\n---\n",
        ])
        defer { folder.remove() }
        let graph = try await folder.graph()
        let index = { (title: String) in graph.pages.firstIndex { $0.title == title }! }
        #expect(graph.modules.first?.lessons == [index("One"), index("Two"), index("Three")])
        #expect(graph.next[index("One")] == index("Two"))
        #expect(graph.previous[index("Two")] == index("One"))
        #expect(graph.backlinks[index("Art")] == [index("One")])
        #expect(graph.related[index("Art")] == [index("Two"), index("One")], "explicit first, then the best score")
        #expect(graph.prerequisites[index("Two")] == [index("One")])
        let kinds = Set(graph.edges.map(\.kind))
        #expect(kinds == [.see, .related, .prerequisite, .next])
        #expect(graph.diagnostics.isEmpty, "\(graph.diagnostics.map(\.message))")
    }

    @Test func relatedTiesAreBrokenByDateThenTitle() async throws {
        let folder = try TemporaryCourse([
            "a.md": "---\ntitle: A\ntags: [x]\n---\n",
            "b.md": "---\ntitle: B\ntags: [x]\ndate: 2026-01-01\n---\n",
            "c.md": "---\ntitle: C\ntags: [x]\ndate: 2026-02-01\n---\n",
            "d.md": "---\ntitle: D\ntags: [x]\ndate: 2026-02-01\n---\n",
        ])
        defer { folder.remove() }
        let graph = try await folder.graph()
        #expect(graph.related[0].map { graph.pages[$0].title } == ["C", "D", "B"])
    }

    @Test func cycleIsNamedInOrder() async throws {
        let folder = try TemporaryCourse([
            "lessons/a.md": "---\ntitle: A\nprerequisites: [C]\n---\n",
            "lessons/b.md": "---\ntitle: B\nprerequisites: [A]\n---\n",
            "lessons/c.md": "---\ntitle: C\nprerequisites: [B]\n---\n",
        ])
        defer { folder.remove() }
        let cycles = try await folder.check().diagnostics.filter { $0.rule == .prerequisiteCycle }
        #expect(cycles.map(\.message) == ["prerequisite cycle: \"A\" → \"C\" → \"B\" → \"A\""])
    }
}

/// Conventions of Markdown books that no one wrote for Syllabus (the Node.js API docs are
/// the model): none of them may be reported.
@Suite struct UnpreparedBookTests {
    @Test func chapterTitlesHtmlLinksReferenceLinksAndQuotedHeadingsAreNotReported() async throws {
        let folder = try TemporaryCourse([
            "index.md": "# The Book\n\n| [Streams](stream.html) | [Buffers](buffer.html#buffer) |\n",
            "stream.md": "# Stream\n\n> ### Inside a quote\n\nSee [the book][] and [quoted][].\n\n[the book]: index.md\n[quoted]: #inside-a-quote\n",
            "buffer.md": "# Buffer\n\nBack to [`Stream`][] and [events](stream.md#stream).\n\n[`Stream`]: stream.md#stream\n",
        ])
        defer { folder.remove() }
        let outcome = try await folder.build()
        #expect(outcome.diagnostics.isEmpty, "\(outcome.findings) \(outcome.diagnostics.map(\.message))")
        #expect(folder.site("stream.html")?.contains("<h1 id=\"stream\">Stream</h1>") == true, "the title keeps its anchor")
    }

    @Test func staleFragmentInAReferenceLinkIsReportedAtTheLinkNotTheDefinition() async throws {
        let folder = try TemporaryCourse([
            "a.md": "# A\n\nSome words, then\nthe [`thing`][] here.\n\n[`thing`]: b.md#thing_1\n",
            "b.md": "# B\n\n## Thing\n\n## Thing\n",
        ])
        defer { folder.remove() }
        let outcome = try await folder.check()
        let stale = outcome.diagnostics.filter { $0.rule == .brokenFragment }
        #expect(stale.map { "\($0.span!.line):\($0.span!.column)" } == ["4:5"])
        #expect(stale.first?.suggestion == "#thing-1")
    }
}

/// Blogs kept for Jekyll or Zola name their posts by date: the date is the page's, and the
/// rest of the name its slug and title.
@Suite struct DatedFileNameTests {
    @Test func aDatedNameDatesThePageAndTheRestNamesIt() async throws {
        let folder = try TemporaryCourse([
            "articles/2024-05-01-kind-words.md": "Just text.\n",
            "articles/2024-06-02_later-words.md": "---\ndate: 2025-01-09\n---\n\nDated in front matter.\n",
            "articles/2024-13-01-not-a-date.md": "Text.\n",
            "articles/2024-05-01.md": "Only a date.\n",
            "index.md": "# Home\n\n[a](articles/2024-05-01-kind-words.md) [b](articles/2024-06-02_later-words.md) "
                + "[c](articles/2024-13-01-not-a-date.md) [d](articles/2024-05-01.md) [see: \"kind-words\"]\n",
        ])
        defer { folder.remove() }
        let outcome = try await folder.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let graph = try await folder.graph()
        let pages = Dictionary(uniqueKeysWithValues: graph.pages.map { ($0.sourcePath, $0) })
        let kind = try #require(pages["articles/2024-05-01-kind-words.md"])
        #expect(kind.slug == "kind-words")
        #expect(kind.outputPath == "articles/kind-words.html")
        #expect(kind.title == "Kind words")
        #expect(kind.date == "2024-05-01")
        #expect(pages["articles/2024-06-02_later-words.md"]?.slug == "later-words")
        #expect(pages["articles/2024-06-02_later-words.md"]?.date == "2025-01-09", "front matter's date wins")
        #expect(pages["articles/2024-13-01-not-a-date.md"]?.slug == "2024-13-01-not-a-date")
        #expect(pages["articles/2024-13-01-not-a-date.md"]?.date == nil)
        #expect(pages["articles/2024-05-01.md"]?.slug == "2024-05-01", "nothing after the date: the date is the name")
        #expect(pages["articles/2024-05-01.md"]?.title == "2024-05-01", "a daily note keeps its date as its title")
        #expect(pages["articles/2024-05-01.md"]?.date == "2024-05-01")
        #expect(folder.site("index.html")?.contains("<a href=\"articles/kind-words.html\">a</a>") == true)
    }
}

/// A Jekyll site's private folders stay private: `_config.yml`, `_layouts/` and `_includes/`
/// are neither pages nor copied, `_drafts/` are drafts, and `_posts/` are articles.
@Suite struct PrivateNamesTests {
    @Test func underscoreNamesAreLeftOutButPostsDraftsAndFolderIndexes() async throws {
        let folder = try TemporaryCourse([
            "index.md": "# Home\n\n[Walking](_posts/2023-04-05-walking.md)\n",
            "_config.yml": "title: Pebble Notes\n",
            "_layouts/post.html": "<html>{{ content }}</html>",
            "_includes/footer.md": "Footer text.\n",
            "_drafts/secret-plans.md": "---\ntitle: Secret plans\n---\n\nThe shop opens in June.\n",
            "_posts/2023-04-05-walking.md": "---\ntitle: Walking\n---\n\nIn the rain.\n",
            "guides/_index.md": "# Guides\n",
        ])
        defer { folder.remove() }
        let outcome = try await folder.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let built = TemporaryCourse.snapshot(folder.output).keys.sorted()
        #expect(!built.contains { $0.hasPrefix("_config") || $0.hasPrefix("_layouts") || $0.hasPrefix("_includes") || $0.hasPrefix("_drafts") },
                "\(built)")
        #expect(built.contains("_posts/walking.html"))
        #expect(built.contains("guides/index.html"))
        #expect(folder.site("search-index.json")?.contains("Secret") == false, "a draft is not published")
        let graph = try await folder.graph()
        #expect(graph.pages.first { $0.title == "Walking" }?.kind == .article)
        let checked = try await folder.check()
        #expect(checked.diagnostics.isEmpty, "\(checked.findings)")
    }
}
