import Build
import Check
import Course
import Foundation
import Site
import Testing
import TestSupport

@Suite struct SiteTests {
    static let course: [String: String] = [
        "course.yml": """
        title: "Care <Course>"
        base_url: https://example.org/care
        modules:
          - title: Receiving
            lessons: [first, second]
        """,
        "lessons/first.md": "---\ntitle: First Lesson\ntags: [care]\n---\n\nOpening words.\n\n## The practice\n\nGo on to [the next](second.md#why) or [see: \"An “Episode”\" @ 1:05].\n",
        "lessons/second.md": "---\ntitle: Second Lesson\ntags: [care]\n---\n\n## Why\n\nBack to [see: \"first lesson\"].\n",
        "episodes/one.md": "---\ntitle: An “Episode”\ndate: 2026-02-03\naudio: https://example.org/a.mp3\nduration: \"1:00:00\"\n---\n\n1:05 – “Said <b>here</b>.”\n\n2:10 - Later.\n",
        "articles/x.md": "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2026-01-01\nrelated: [First Lesson]\n---\n\nText with ![a leaf](../assets/leaf.svg).\n",
        "assets/leaf.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ]

    /// The ids a theme's templates give its own elements are handed to the compiler: no
    /// heading takes one, so a link to the heading and the theme's element stay apart.
    @Test func aThemesOwnIdsAreReservedFromHeadings() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\n## Intro\n\nSee [below](#intro-1).\n"])
        defer { course.remove() }
        let theme = course.root.appendingPathComponent("theme")
        let builtIn = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates")
        try FileManager.default.copyItem(at: builtIn, to: theme)
        let layout = theme.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "<main id=\"syllabus-main\"", with: "<div id=\"intro\"></div>\n<main id=\"syllabus-main\"").utf8)
            .write(to: layout)
        let outcome = try await course.pipeline(templates: theme.path).build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let page = try #require(course.site("a.html"))
        #expect(page.contains("<h2 id=\"intro-1\">Intro</h2>") && page.contains("<div id=\"intro\"></div>"))
    }

    /// Every file a build writes is a page, a copied file of the content, robots.txt, or one
    /// that `SiteLayout.files` (what loading and linking are told the site writes) names:
    /// among the site's own files, or one an author's own file replaces (the not-found page).
    @Test func siteLayoutNamesEveryFileTheSiteWritesItself() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        let outcome = try await course.build()
        let graph = try #require(outcome.graph)
        let pages = Set(graph.pages.map(\.outputPath)), copied = Set(graph.course.files)
        let written = TemporaryCourse.snapshot(course.output).keys.filter { !pages.contains($0) && !copied.contains($0) }
        #expect(written.contains("sitemap.xml") && written.contains("tags/care/index.html"))
        for path in written where path != "robots.txt" && path != SiteLayout.contents {
            #expect(SiteLayout.files.isSiteFile(path) || SiteLayout.files.replaceable.contains(path),
                    "\(path) is written, and SiteLayout.files does not name it")
        }
    }

    @Test func buildsPagesWithRelativeLinksQuotesAndNavigation() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(outcome.failed == false, "\(outcome.findings)")
        let first = try #require(course.site("lessons/first.html"))
        #expect(first.contains("<a href=\"second.html#why\">the next</a>"))
        #expect(first.contains("<a class=\"see\" href=\"../episodes/one.html#t-1-05\">An “Episode”</a>"))
        #expect(first.contains("<h2 id=\"the-practice\">The practice</h2>"))
        #expect(first.contains("href=\"second.html\""), "next link")
        let episode = try #require(course.site("episodes/one.html"))
        #expect(episode.contains("<figure class=\"quote\" id=\"t-1-05\">"))
        #expect(episode.contains("href=\"https://example.org/a.mp3#t=65\""))
        #expect(episode.contains("id=\"t-2-10\""))
        let second = try #require(course.site("lessons/second.html"))
        #expect(second.contains("first.html"), "backlink to the first lesson")
        #expect(course.site("assets/leaf.svg") != nil)
        let home = try #require(course.site("index.html"))
        #expect(home.contains("lessons/first.html"))
        #expect(home.range(of: "First Lesson")!.lowerBound < home.range(of: "Second Lesson")!.lowerBound)
        #expect(home.contains("placeholder=\"Search the course\"") && home.contains(">Course outline</a></li>"), "a course is called one")
        #expect(home.contains("<li><a href=\"quotes/index.html\">Quotes</a></li>") && home.contains("<li><a href=\"tags/index.html\">Tags</a></li>"))
        for file in ["feed.xml", "sitemap.xml", "robots.txt", "search-index.json", "graph.json", "404.html",
                     "quotes/index.html", "tags/index.html", "tags/care/index.html", "theme/style.css"] {
            #expect(course.site(file) != nil, "missing \(file)")
        }
        #expect(try #require(course.site("feed.xml")).contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/care/episodes/one.html\"/>"))
    }

    /// A link or image written from the content's root becomes relative to its page, so the
    /// site works from disk and under a sub-path; `//host` and other URLs stay as written.
    @Test func linksFromTheRootBecomeRelative() async throws {
        let course = try TemporaryCourse(["lessons/week-1/a.md": "# A\n\n![chart](/assets/c.png) [pdf](/assets/c.png#p2) [cdn](//example.org/x) [home](/)"
                                            + " [lost](/404.html)\n",
                                          "b.md": "# B\n\n![chart](/assets/c.png) [a](/lessons/week-1/a.md) [asked](lessons/week-1/a.md?tab=2&x=1#a)\n",
                                          "assets/c.png": "png"])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        let deep = try #require(course.site("lessons/week-1/a.html"))
        #expect(deep.contains("<img src=\"../../assets/c.png\" alt=\"chart\" />"))
        #expect(deep.contains("<a href=\"../../assets/c.png#p2\">pdf</a>"))
        #expect(deep.contains("<a href=\"//example.org/x\">cdn</a>"))
        #expect(deep.contains("<a href=\"../../index.html\">home</a>"), "a folder opens as its index.html, from disk too")
        #expect(deep.contains("<a href=\"../../404.html\">lost</a>"), "a page the site makes itself, from the root")
        let top = try #require(course.site("b.html"))
        #expect(top.contains("<img src=\"assets/c.png\" alt=\"chart\" />"))
        #expect(top.contains("<a href=\"lessons/week-1/a.html\">a</a>"))
        #expect(top.contains("<a href=\"lessons/week-1/a.html?tab=2&amp;x=1#a\">asked</a>"), "a query stays on a rewritten link")
    }

    /// `audio:` written from the root plays from disk and under a sub-path too: the player,
    /// the download links and each quote's play link are relative.
    @Test func audioFromTheRootBecomesRelative() async throws {
        let course = try TemporaryCourse(["episodes/e.md": "---\ntitle: E\naudio: /assets/talk.mp3\n---\n\n1:05 – “Said.”\n",
                                          "assets/talk.mp3": "mp3", "about.md": "# About\n\n[see: \"E\"]\n"])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        let page = try #require(course.site("episodes/e.html"))
        #expect(page.contains("src=\"../assets/talk.mp3\""))
        #expect(page.contains("<a href=\"../assets/talk.mp3\">Download the audio</a>"))
        #expect(page.contains("href=\"../assets/talk.mp3#t=65\""))
        #expect(!page.contains("\"/assets/talk.mp3"))
    }

    @Test func authorTextIsEscapedEverywhere() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        _ = try await course.build()
        let article = try #require(course.site("articles/x.html"))
        #expect(!article.contains("<script>alert"))
        #expect(article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try #require(course.site("index.html")).contains("Care &lt;Course&gt;"))
        #expect(try #require(course.site("episodes/one.html")).contains("<b>here</b>"), "raw HTML on the allow-list is kept")
        let search = try #require(course.site("search-index.json"))
        #expect(!search.contains("</script>") && search.contains("\\u003cscript\\u003e"))
        #expect(!(try #require(course.site("feed.xml")).contains("<script>")))
    }

    @Test func themeForbidsInlineScriptWithAContentSecurityPolicy() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        _ = try await course.build()
        for (path, data) in TemporaryCourse.snapshot(course.output) where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';"), "\(path)")
            // Every script is a file: no inline code, no inline event handlers.
            #expect(!html.contains("<script>") && !html.contains(" onclick=") && !html.contains(" onload="), "\(path)")
        }
    }

    /// A task list is written with disabled checkboxes on every page (they read without
    /// script); on a lesson they are in the body the theme's script enables and keeps ticks
    /// for (`article.page-lesson .content`, by the lesson's `data-slug`).
    @Test func aLessonsTaskListHasCheckboxesTheScriptFinds() async throws {
        var files = Self.course
        files["lessons/first.md"] = "---\ntitle: First Lesson\n---\n\nPractices:\n\n- [ ] breathe once today\n- [x] read [the next](second.md)\n"
        files["articles/x.md"] = "---\ntitle: An article\ndate: 2026-01-01\n---\n\n- [ ] not kept\n"
        let course = try TemporaryCourse(files)
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(outcome.failed == false, "\(outcome.findings)")
        let lesson = try #require(course.site("lessons/first.html"))
        #expect(lesson.contains("<li><input type=\"checkbox\" disabled=\"\" /> breathe once today</li>"))
        #expect(lesson.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> read <a href=\"second.html\">the next</a></li>"))
        let body = try #require(lesson.range(of: "<article class=\"page page-lesson\">"))
        let content = try #require(lesson.range(of: "<div class=\"content\">", range: body.upperBound..<lesson.endIndex))
        #expect(lesson.range(of: "type=\"checkbox\"", range: content.upperBound..<lesson.endIndex) != nil)
        #expect(lesson.contains("class=\"mark-done\" data-slug=\"first\""))
        let script = try #require(course.site("theme/site.js"))
        #expect(script.contains("article.page-lesson .content") && script.contains("'syllabus-ticks'"))
        let article = try #require(course.site("articles/x.html"))
        #expect(article.contains("<li><input type=\"checkbox\" disabled=\"\" /> not kept</li>") && !article.contains("page-lesson"))
    }

    @Test func twoBuildsAndAnyJobCountAreByteIdentical() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        _ = try await course.build(jobs: 1)
        let first = TemporaryCourse.snapshot(course.output)
        _ = try await course.build(jobs: 4)
        let second = TemporaryCourse.snapshot(course.output)
        #expect(first.count > 10)
        #expect(first == second)
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        _ = try await course.build()
        let before = TemporaryCourse.snapshot(course.output)
        try course.write("articles/x.md", "# Broken\n\n[see: \"No Such Page\"]\n")
        let outcome = try await course.build()
        #expect(outcome.failed)
        #expect(outcome.findings.contains("unknown-reference@3:1"))
        #expect(TemporaryCourse.snapshot(course.output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: course.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    /// A folder of plain Markdown opens on its README (GitHub's and mdBook's convention): the
    /// top one introduces the home page, and one in a folder without an index.md is that
    /// folder's index.html, as `_index.md` is (Hugo's and Zola's). Links to a folder open its
    /// index.html, so they work from disk too.
    @Test func plainMarkdownFolderBuildsWithTheBuiltInTheme() async throws {
        let course = try TemporaryCourse([
            "README.md": "# My Notes\n\nSee [chapter one](chapters/one.md#start), [the chapters](chapters/) and [guides](guides/_index.md).\n\n"
                + "Without a slash: [chapters](chapters), [notes](/notes?view=all#top) and [licence](LICENSE).\n",
            "LICENSE": "Use it kindly.\n",
            "chapters/one.md": "Just text, no front matter.\n\n## Start\n\nBack [home](../README.md), [up](../) or [here](./).\n",
            "chapters/README.md": "The chapters, in order.\n",
            "guides/_index.md": "# Guides\n\nAll of them.\n",
            "notes/index.md": "# Notes\n", "notes/readme.md": "# About the notes\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(outcome.failed == false, "\(outcome.findings)")
        let home = try #require(course.site("index.html"))
        #expect(home.contains("<a href=\"chapters/one.html#start\">chapter one</a>"), "the README introduces the home page")
        #expect(home.contains("<a href=\"chapters/index.html\">the chapters</a>"))
        #expect(home.contains("<a href=\"guides/index.html\">guides</a>"))
        #expect(home.contains("<a href=\"chapters/index.html\">chapters</a>"), "a folder written without its slash opens its index too")
        #expect(home.contains("<a href=\"notes/index.html?view=all#top\">notes</a>"))
        #expect(home.contains("<a href=\"LICENSE\">licence</a>"), "a file without an extension is linked as written")
        #expect(home.contains("<title>My Notes</title>"), "its title is the course's without course.yml")
        #expect(home.contains("theme/style.css"))
        #expect(course.site("readme.html") == nil)
        #expect(!home.contains("href=\"quotes/index.html\""), "no quotes: no link to the quotes page, in the navigation or the footer")
        #expect(!home.contains("href=\"tags/index.html\""), "no tags: no link to the tags page")
        #expect(home.contains("placeholder=\"Search the site\""), "a folder of notes is a site, not a course")
        #expect(home.contains("<li><a href=\"index.html\">Home</a></li>") && !home.contains("Course outline"))
        let chapters = try #require(course.site("chapters/index.html"))
        #expect(chapters.contains("<h1>Chapters</h1>"), "an untitled folder index is named after its folder")
        let chapter = try #require(course.site("chapters/one.html"))
        #expect(chapter.contains("<h1>One</h1>"), "title from the file name")
        #expect(chapter.contains("<a href=\"../index.html\">home</a>"))
        #expect(chapter.contains("<a href=\"../index.html\">up</a>"))
        #expect(chapter.contains("<a href=\"./index.html\">here</a>"))
        #expect(course.site("notes/index.html")?.contains(">Notes</h1>") == true, "an index.md wins over a README")
        #expect(course.site("notes/readme.html") != nil)
    }

    /// Whether a README opens its folder depends on the files beside it: a cached build, a
    /// quick one after typing into it, and one after an index.md arrives give what clean
    /// builds give.
    @Test func aReadmeOpensItsFolderInCachedAndQuickBuildsToo() async throws {
        let course = try TemporaryCourse(["README.md": "# Top\n\nSee [docs](docs/).\n", "docs/README.md": "# Docs\n\nThe docs.\n\nWords here.\n"])
        defer { course.remove() }
        let clean = course.root.appendingPathComponent("clean")
        for step in 0..<3 {
            if step == 1 { try course.write("docs/README.md", "# Docs\n\nThe docs.\n\nWords typed here.\n") }
            if step == 2 { try course.write("docs/index.md", "# Docs index\n\nSee [the readme](README.md).\n") }
            let cached = try await course.pipeline(cached: true).build()
            try? FileManager.default.removeItem(at: clean)
            let fresh = try await Pipeline(content: ContentLocation(directory: course.content.path, displayName: "Content"), templates: nil,
                                           output: clean.path).build()
            #expect(!cached.failed && !fresh.failed, "step \(step): \(fresh.findings)")
            #expect(cached.quick == (step == 1), "step \(step): typing into the README is a quick rebuild")
            #expect(TemporaryCourse.snapshot(course.output) == TemporaryCourse.snapshot(clean), "step \(step)")
        }
        #expect(course.site("docs/index.html")?.contains("Docs index") == true)
        #expect(course.site("docs/readme.html")?.contains("Words typed here.") == true)
    }

    @Test func templateMistakeFailsTheBuild() async throws {
        let course = try TemporaryCourse(Self.course)
        defer { course.remove() }
        let templates = course.root.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("{{<layout}}{{$main}}<a href=\"{{root}}nowhere.html\">x</a>{{/main}}{{/layout}}".utf8)
            .write(to: templates.appendingPathComponent("article.mustache"))
        let outcome = try await course.pipeline(templates: templates.path).build()
        #expect(outcome.failed)
        // Named under the output folder as it was given.
        #expect(outcome.diagnostics.contains { $0.rule == .brokenOutput && $0.file == course.output.path + "/articles/x.html" },
                "\(outcome.diagnostics.map(\.file))")
    }

    @Test func outputInsideContentIsRefused() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n"])
        defer { course.remove() }
        let pipeline = Pipeline(content: ContentLocation(directory: course.content.path), templates: nil,
                                output: course.content.appendingPathComponent("site").path)
        await #expect(throws: Pipeline.Unusable.self) { try await pipeline.build() }
    }

    @Test func builtInThemeIsTheSameAsTemplatesFolder() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let templates = TemporaryCourse.snapshot(repository.appendingPathComponent("Templates"))
        let builtIn = TemporaryCourse.snapshot(URL(fileURLWithPath: try #require(Theme.defaultThemeDirectory())))
        #expect(!templates.isEmpty)
        #expect(templates == builtIn, "run `make sync-theme` after changing Templates/")
    }
}

@Suite struct HomeIntroTests {
    @Test func topLevelIndexIntroducesTheHomePage() async throws {
        let course = try TemporaryCourse([
            "index.md": "# My Book\n\nWelcome to the book. Start with [the first chapter](one.md#begin).\n",
            "one.md": "# One\n\n## Begin\n\nText.\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let home = try #require(course.site("index.html"))
        #expect(home.contains("Welcome to the book."))
        #expect(home.contains("<a href=\"one.html#begin\">the first chapter</a>"))
        #expect(home.contains("<h1>My Book</h1>"), "the intro's title is the course title without course.yml")
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct FeedTests {
    @Test func atomFeedHasTheRequiredElementsAndAbsoluteURLs() async throws {
        let course = try TemporaryCourse(SiteTests.course)
        defer { course.remove() }
        _ = try await course.build()
        let document = try XMLDocument(data: Data(try #require(course.site("feed.xml")).utf8))
        let feed = try #require(document.rootElement())
        #expect(feed.name == "feed" && feed.uri == "http://www.w3.org/2005/Atom")
        for name in ["id", "title", "updated", "author"] {
            #expect(feed.elements(forName: name).count == 1, "feed needs exactly one \(name)")
        }
        let entries = feed.elements(forName: "entry")
        #expect(entries.count == 2, "the two dated pages")
        for entry in entries {
            for name in ["id", "title", "updated", "link"] { #expect(entry.elements(forName: name).count >= 1, "entry needs \(name)") }
            let href = entry.elements(forName: "link").first?.attributes?.first { $0.name == "href" }?.stringValue ?? ""
            #expect(href.hasPrefix("https://example.org/care/"))
        }
        #expect(feed.elements(forName: "updated").first?.stringValue == "2026-02-03T00:00:00Z", "newest content date, not the clock")
        let sitemap = try XMLDocument(data: Data(try #require(course.site("sitemap.xml")).utf8))
        #expect(sitemap.rootElement()?.elements(forName: "url").allSatisfy {
            $0.elements(forName: "loc").first?.stringValue?.hasPrefix("https://example.org/care/") == true
        } == true)
    }
}

@Suite struct URLEncodingTests {
    /// A folder named with a space or beyond ASCII is a path the theme, the feed, the sitemap
    /// and the search index write as a valid URL, as the body's links already were.
    @Test func themeFeedSitemapAndSearchURLsArePercentEncoded() async throws {
        let course = try TemporaryCourse([
            "course.yml": "title: Notes\nbase_url: https://example.org/n/\n",
            "my notes/one.md": "---\ntitle: One\ndate: 2026-01-02\ntags: [Mitgefühl]\n---\n\n## Grüße\n\nSee [two](../Über/two.md).\n",
            "Über/two.md": "---\ntitle: Two\nrelated: [One]\n---\n\nBack to [see: \"One\"].\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        let two = try #require(course.site("Über/two.html"))
        #expect(two.contains("href=\"../my%20notes/one.html\""), "the related list and the reference")
        #expect(!two.contains("my notes/one.html"), "no raw space in any URL")
        let tags = try #require(course.site("tags/index.html"))
        #expect(tags.contains("href=\"mitgefuhl/index.html\""), "tag folders are spelled in ASCII")
        let sitemap = try #require(course.site("sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.org/n/my%20notes/one.html</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/n/%C3%9Cber/two.html</loc>"))
        let feed = try #require(course.site("feed.xml"))
        #expect(feed.contains("href=\"https://example.org/n/my%20notes/one.html\""))
        let search = try #require(course.site("search-index.json"))
        #expect(search.contains("\"url\":\"my%20notes/one.html#gr%C3%BC%C3%9Fe\""))
        #expect(search.contains("\"url\":\"%C3%9Cber/two.html\""))
    }

    /// Without a base_url nothing can be absolute: no sitemap (its locations must be), and a
    /// feed whose links readers resolve against its own address.
    @Test func withoutABaseURLThereIsNoSitemapAndTheFeedIsRelative() async throws {
        let course = try TemporaryCourse(["a.md": "---\ntitle: A\ndate: 2026-01-02\n---\n\nText.\n"])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.diagnostics)")
        #expect(course.site("sitemap.xml") == nil)
        #expect(course.site("robots.txt")?.contains("Sitemap") == false)
        let feed = try #require(course.site("feed.xml"))
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"./\"/>"))
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"a.html\"/>"))
        #expect(feed.contains("<id>urn:syllabus:content</id>"), "the feed's id from the course title (the folder's name)")
        #expect(feed.contains("<id>urn:syllabus:content:a.html</id>"))
    }
}

@Suite struct ThemeFolderTests {
    @Test func hiddenFilesAndFoldersOfATemplatesFolderAreNotPublished() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n"])
        defer { course.remove() }
        let templates = course.root.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: templates.appendingPathComponent(".git/config"))
        try Data("x".utf8).write(to: templates.appendingPathComponent(".notes.css"))
        try Data("body{}".utf8).write(to: templates.appendingPathComponent("extra.css"))
        let outcome = try await course.pipeline(templates: templates.path).build()
        #expect(!outcome.failed)
        #expect(course.site("theme/extra.css") == "body{}")
        #expect(course.site("theme/.git/config") == nil)
        #expect(course.site("theme/.notes.css") == nil)
    }
}
