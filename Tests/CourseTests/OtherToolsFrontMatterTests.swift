@testable import Course
import Foundation
import Linking
import Testing
import TestSupport

/// Front matter written for Jekyll, Hugo, Docusaurus, Obsidian, MkDocs or Zola builds as it is:
/// what means something here is read, the rest is one warning a page.
@Suite struct OtherToolsFrontMatterTests {
    func load(_ files: [String: String], drafts: Bool = false) async throws -> (Course, [Diagnostic], TemporaryCourse) {
        let course = try TemporaryCourse(files)
        let (loaded, diagnostics) = try await Course.load(ContentLocation(directory: course.content.path, displayName: "Content"),
                                                          options: LoadOptions(includeDrafts: drafts))
        return (loaded, diagnostics, course)
    }

    @Test func otherToolsKeysAreOneWarningAPageNamingTheTool() async throws {
        let (course, diagnostics, folder) = try await load([
            "jekyll.md": "---\ntitle: J\nlayout: post\n---\nText.\n",
            "hugo.md": "---\ntitle: H\nparams:\n  hero: {image: a.png}\nmenu:\n  main:\n    - name: x\n      weight: 2\nkeywords: [a]\n---\nText.\n",
            "typo.md": "---\ntitel: T\n---\nText.\n",
        ])
        defer { folder.remove() }
        #expect(diagnostics.allSatisfy { $0.rule == .unknownKey && $0.severity == .warning }, "\(diagnostics)")
        let byFile = Dictionary(grouping: diagnostics, by: { String($0.file.dropFirst("Content/".count)) })
        #expect(byFile["jekyll.md"]?.map(\.message) == ["'layout' is a key of Hugo and Jekyll, not read here"])
        #expect(byFile["jekyll.md"]?.first?.span?.line == 3)
        let hugo = try #require(byFile["hugo.md"])
        #expect(hugo.count == 1, "once a page")
        #expect(hugo.first?.message == "3 front matter keys are not read here: 'params', 'menu', 'keywords'")
        #expect(hugo.first?.span?.line == 3)
        #expect(hugo.first?.notes.last == "line 9: 'keywords' is a key of Docusaurus and Hugo, not read here")
        #expect(byFile["typo.md"]?.first?.message == "unknown key 'titel' in front matter")
        #expect(byFile["typo.md"]?.first?.suggestion == "title")
        #expect(course.pages.map(\.title).sorted() == ["H", "J", "Typo"], "the keys that are read still are")
    }

    @Test func keysThatMeanSomethingHereAreRead() async throws {
        let (course, diagnostics, folder) = try await load([
            "hugo.md": "---\ntitle: Hugo page\nlinktitle: Hugo\nweight: 3\ndescription: Said by Hugo.\ncategories: [news, Travel]\ntags: [travel]\n---\nFirst.\n",
            "docs.md": "---\nid: the-docs\nsidebar_label: Docs\nsidebar_position: 1.5\n---\n# Docs\n",
            "jekyll.md": "---\ntitle: J\nnav_order: 7\nnav_title: Jay\ncategories: news travel\npublished: false\npermalink: /about/\n---\n",
            "vault.md": "---\ntitle: V\naliases: The vault\npublish: false\ndate: 1700000000000\n---\n",
            "ours.md": "---\ntitle: O\norder: 1\nweight: 9\nsummary: Ours.\ndescription: Theirs.\nlinkTitle: First\nsidebar_label: Second\n---\n",
            "dated.md": "---\ntitle: D\ndate: 2024-03-01 23:30:00 +0200\nurl: /d.html\n---\n",
        ], drafts: true)
        defer { folder.remove() }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        func page(_ path: String) throws -> Page { try #require(course.pages.first { $0.sourcePath == path }) }
        let hugo = try page("hugo.md")
        #expect(hugo.frontMatter.navigationTitle == "Hugo")
        #expect(hugo.frontMatter.order == 3)
        #expect(hugo.summary == "Said by Hugo.")
        #expect(hugo.frontMatter.tags == ["travel", "news"], "categories join the tags, once each")
        let docs = try page("docs.md")
        #expect(docs.frontMatter.documentID == "the-docs")
        #expect(docs.outputPath == "the-docs.html", "a document is written at its id")
        #expect(docs.frontMatter.order == 1.5 && docs.frontMatter.navigationTitle == "Docs")
        let jekyll = try page("jekyll.md")
        #expect(jekyll.frontMatter.order == 7 && jekyll.frontMatter.navigationTitle == "Jay")
        #expect(jekyll.frontMatter.tags == ["news", "travel"])
        #expect(jekyll.frontMatter.draft)
        #expect(jekyll.outputPath == "about/index.html")
        let vault = try page("vault.md")
        #expect(vault.frontMatter.aliases == ["The vault"])
        #expect(vault.frontMatter.draft)
        #expect(vault.date == "2023-11-14")
        let ours = try page("ours.md")
        #expect(ours.frontMatter.order == 1 && ours.summary == "Ours." && ours.frontMatter.navigationTitle == "First", "our own keys win")
        let dated = try page("dated.md")
        #expect(dated.date == "2024-03-01", "the day as written, whatever the offset")
        #expect(dated.outputPath == "d.html")
    }

    /// Our own keys keep their types; another tool's key with a value it cannot be read with
    /// is left out with a warning; YAML that cannot be read is an error at its line.
    @Test func wrongTypesOfOurKeysStayErrorsAndOtherToolsValuesAreWarnings() async throws {
        let (course, diagnostics, folder) = try await load([
            "ours.md": "---\ntitle: A\ntags: news\norder: first\n---\n",
            "theirs.md": "---\ntitle: B\nweight: heavy\npermalink: /:categories/:title/\nsidebar_label: [a]\n---\n",
            "broken.md": "---\ntitle: C\nlayout: [post\n---\n",
            "escape.md": "---\ntitle: E\npermalink: ../../etc/x.html\nurl: /feed.xml\n---\n",
            "podcast.md": "---\ntitle: P\nurl: https://example.org/episodes/5\n---\n",
        ])
        defer { folder.remove() }
        let found = diagnostics.map { "\($0.file.dropFirst("Content/".count)):\($0.span?.line ?? 0) \($0.rule.rawValue)" }
        #expect(found.sorted() == ["broken.md:3 invalid-front-matter", "escape.md:3 unknown-key", "ours.md:3 invalid-front-matter",
                                   "ours.md:4 invalid-front-matter", "podcast.md:3 unknown-key", "theirs.md:3 unknown-key"], "\(diagnostics.map(\.message))")
        let theirs = try #require(diagnostics.first { $0.file.hasSuffix("theirs.md") })
        #expect(theirs.notes == ["line 3: 'weight' must be a number, not the text \"heavy\", so it is not read",
                                 "line 4: 'permalink: /:categories/:title/' holds placeholders (like :title), which are not filled in here, so it is not read",
                                 "line 5: 'sidebar_label' must be text, not a list, so it is not read"])
        let escape = try #require(diagnostics.first { $0.file.hasSuffix("escape.md") })
        #expect(escape.notes.first?.contains("steps out of its folder") == true)
        #expect(escape.notes.last?.contains("not HTML") == true)
        #expect(course.pages.first { $0.sourcePath == "escape.md" }?.outputPath == "escape.html")
        #expect(diagnostics.first { $0.file.hasSuffix("podcast.md") }?.message
                == "'url: https://example.org/episodes/5' is a full address, not a path on this site, so it is not read")
        #expect(course.pages.first { $0.sourcePath == "theirs.md" }?.outputPath == "theirs.html")
    }

    /// Hugo's slugs hold `_` (`hugo_server`); one that starts with it would name a private file.
    /// Show notes name the episode's sound file `url:`; its timestamp links then play it.
    @Test func aSoundFilesURLIsTheEpisodesAudio() async throws {
        let notes = "---\ntitle: Hasty Treat\nurl: https://traffic.example.org/show/Syntax100.mp3?dest-id=1\n---\n\n"
            + "- [00:00](#t=00:00) Welcome\n- [01:30](#t=01:30) Talk\n"
        let (course, diagnostics, folder) = try await load(["shows/100.md": notes, "about.md": "---\ntitle: About\nurl: /about/\n---\n"])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let show = course.pages.first { $0.title == "Hasty Treat" }
        #expect(show?.frontMatter.audio == "https://traffic.example.org/show/Syntax100.mp3?dest-id=1")
        #expect(show?.frontMatter.permalink == nil)
        #expect(course.pages.first { $0.title == "About" }?.frontMatter.permalink == "/about/")
        let checked = try await folder.check()
        #expect(checked.diagnostics.isEmpty, "\(checked.findings)")
    }

    /// A guest written as show notes write one: a mapping with a name and links, or a list.
    @Test func guestsAreReadAsShowNotesWriteThem() async throws {
        let one = "---\ntitle: One\nguest:\n  name: Ada Lovelace\n  github: ada\n---\n"
        let two = "---\ntitle: Two\nguest:\n  - name: Ada Lovelace\n    twitter: ada\n  - Grace Hopper\n---\n"
        let (course, diagnostics, folder) = try await load(["one.md": one, "two.md": two])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(course.pages.first { $0.title == "One" }?.frontMatter.guest == "Ada Lovelace")
        #expect(course.pages.first { $0.title == "Two" }?.frontMatter.guest == "Ada Lovelace, Grace Hopper")
    }

    @Test func slugsMayHoldUnderscoresAfterTheFirstCharacter() async throws {
        let (course, diagnostics, folder) = try await load([
            "commands/server.md": "---\ntitle: S\nslug: hugo_server\n---\n",
            "private.md": "---\ntitle: P\nslug: _private\n---\n",
        ])
        defer { folder.remove() }
        #expect(course.pages.first { $0.title == "S" }?.outputPath == "commands/hugo_server.html")
        #expect(diagnostics.map { "\($0.file) \($0.rule.rawValue) \($0.suggestion ?? "-")" } == ["Content/private.md invalid-front-matter private"])
    }

    @Test(arguments: [("/about/", "about/index.html"), ("/about", "about.html"), ("/guide/setup.html", "guide/setup.html"),
                      ("/", "index.html"), ("docs//a/", "docs/a/index.html")])
    func permalinksAreWrittenWhereTheirURLIsServed(permalink: String, path: String) async throws {
        let (course, diagnostics, folder) = try await load(["notes/a.md": "---\ntitle: A\npermalink: \(permalink)\n---\nText.\n"])
        defer { folder.remove() }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(course.pages.first?.outputPath == path)
    }

    /// A permalink onto one of the site's own pages (a Jekyll `tags.md` at `/tags/`) is not
    /// read: the page keeps its file's URL and the site its tag index, from the cache too.
    @Test func aPermalinkOntoTheSitesOwnPageIsNotRead() async throws {
        let course = try TemporaryCourse([
            "tags.md": "---\ntitle: Tags\npermalink: /tags/\n---\nAll tags.\n",
            "a.md": "---\ntitle: A\ntags: [x]\n---\nSee [the tags](tags.md).\n",
        ])
        defer { course.remove() }
        for _ in 0..<2 {
            let outcome = try await course.pipeline(cached: true).build()
            #expect(!outcome.failed)
            #expect(outcome.diagnostics.map(\.message) == ["'permalink: /tags/' is where the site writes its own tags/index.html, so it is not read"])
            #expect(course.site("tags.html")?.contains("All tags.") == true)
            #expect(course.site("tags/index.html")?.contains("All tags.") == false)
            #expect(course.site("a.html")?.contains("href=\"tags.html\"") == true)
        }
    }

    /// Milliseconds since 1970 are read as their day in UTC, as Foundation's calendar tells it.
    @Test func epochMillisecondsAreTheirDayInUTC() throws {
        var generator = SystemRandomNumberGenerator()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for _ in 0..<2_000 {
            let milliseconds = Int.random(in: 100_000_000_000...9_999_999_999_999, using: &generator)
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            let (matter, problems) = FrontMatterParser.decodeAll("title: A\ndate: \(milliseconds)\n")
            #expect(problems.isEmpty && matter.date == expected, "\(milliseconds)")
        }
        // Eleven digits or fourteen are no such date, and stay an error.
        #expect(FrontMatterParser.decodeAll("date: 17000000000\n").problems.map(\.notRead) == [false])
        #expect(FrontMatterParser.decodeAll("date: 17000000000000\n").problems.map(\.notRead) == [false])
    }

    /// A page a permalink writes in another folder still shows the files beside its source,
    /// links to pages from where it is written, and a link to a Docusaurus document's id opens
    /// that document: the build's own verifier finds nothing broken.
    @Test func permalinksAndDocumentIDsBuildWithWorkingLinks() async throws {
        let course = try TemporaryCourse([
            "pages/about.md": "---\ntitle: About\npermalink: /about/\nweight: 3\nlinkTitle: Who\n---\n![Logo](img/logo.png) [State](../docs/faq/OrganizingState.md) [home](/)\n",
            "pages/img/logo.png": "png",
            "docs/faq/OrganizingState.md": "---\nid: organizing-state\nsidebar_position: 2.5\nsidebar_label: State\n---\n# Organizing state\n\n## Lifting\n",
            "docs/faq/other.md": "# Other\n\nSee [state](organizing-state#lifting).\n",
        ])
        defer { course.remove() }
        // The second build reads the pages from the cache, where the fields must survive.
        _ = try await course.pipeline(cached: true).build()
        let outcome = try await course.pipeline(cached: true).build()
        #expect(!outcome.failed, "\(outcome.diagnostics.map(\.message))")
        let about = try #require(course.site("about/index.html"))
        #expect(about.contains("src=\"../pages/img/logo.png\""))
        #expect(about.contains("href=\"../docs/faq/organizing-state.html\""))
        let other = try #require(course.site("docs/faq/other.html"))
        #expect(other.contains("href=\"organizing-state.html#lifting\""))
        // The sidebar shows the navigation titles, in order (then the rest by title).
        let tree = try #require(course.site("navigation.js"))
        let state = tree.range(of: ">State</a>"), otherEntry = tree.range(of: ">Other</a>")
        #expect(state != nil && otherEntry != nil && state!.lowerBound < otherEntry!.lowerBound && tree.contains(">Who</a>"), "\(tree)")
        let broken = try TemporaryCourse(["docs/a.md": "---\nid: a-doc\n---\n# A\n\n[x](a-doc#nowhere) [y](b-doc)\n"])
        defer { broken.remove() }
        let failed = try await broken.check()
        #expect(failed.findings == ["broken-fragment@6:5", "missing-file@6:24"], "\(failed.diagnostics.map(\.message))")
    }

    @Test func aSlugWithCapitalsIsLowercasedAsHugoWritesIt() async throws {
        let (course, diagnostics, folder) = try await load([
            "to-json.md": "---\ntitle: J\nslug: hugo_convert_toJSON\n---\n",
            "spaced.md": "---\ntitle: S\nslug: Has Spaces\n---\n",
        ])
        defer { folder.remove() }
        #expect(course.pages.first { $0.title == "J" }?.outputPath == "hugo_convert_tojson.html")
        #expect(diagnostics.map(\.rule) == [.invalidFrontMatter], "a space is still no slug")
        #expect(diagnostics.first?.file == "Content/spaced.md")
    }
}
