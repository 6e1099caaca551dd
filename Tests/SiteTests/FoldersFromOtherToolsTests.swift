import Build
import Course
import Foundation
import Testing
import TestSupport

/// Folders written for other tools build as they are: `.mdx` pages are pages.
@Suite struct FoldersFromOtherToolsTests {
    static let intro = """
        ---
        id: intro
        title: Introduction
        ---
        import Tabs from '@theme/Tabs';
        import TabItem from '@theme/TabItem';

        Read the [install guide](install.mdx) first.

        <Tabs>
          <TabItem value="npm" label="npm">

        ```bash
        npm install
        ```

          </TabItem>
        </Tabs>

        Some <Highlight color="#25c2a0">highlighted</Highlight> text.

        ## Setup

        """

    /// An `.mdx` page is read as Markdown: its imports leave, its JSX is left out and reported
    /// once, links to it are links to a page, and no `.mdx` file is copied into the site.
    @Test func mdxPagesArePages() async throws {
        let course = try TemporaryCourse([
            "docs/intro.mdx": Self.intro,
            "docs/install.mdx": "# Install\n\nBack to [the introduction](intro.mdx#setup).\n",
            "README.MDX": "# Home\n\nStart with [the introduction](docs/intro.mdx).\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed)
        #expect(outcome.findings == ["raw-html-omitted@10:1"], "\(outcome.diagnostics.map(\.message))")
        #expect(outcome.diagnostics.first?.message.contains("`<tabs>`") == true)
        #expect(outcome.diagnostics.first?.message.contains("(JSX components such as MDX's <Tabs> are not run here)") == true)
        let intro = try #require(course.site("docs/intro.html"))
        #expect(!intro.contains("import Tabs") && !intro.contains("<Tabs>") && intro.contains("npm"))
        #expect(intro.contains("href=\"install.html\""))
        #expect(course.site("docs/install.html")?.contains("href=\"intro.html#setup\"") == true)
        #expect(course.site("index.html")?.contains("href=\"docs/intro.html\"") == true, "README.mdx opens the site")
        let written = TemporaryCourse.snapshot(course.output).keys
        #expect(!written.contains { $0.lowercased().hasSuffix(".mdx") }, "\(written.sorted())")
        // A link to an .mdx page that is not there is a missing page, as for .md.
        try course.write("docs/install.mdx", "# Install\n\n[Nowhere](nowhere.mdx)\n")
        let broken = try await course.check()
        #expect(broken.findings == ["missing-page@3:11", "raw-html-omitted@10:1"])
    }

    /// A vault opens on its `Home.md` when it has no index or README; a README wins, and a
    /// `Home.md` below the top is a page like any other.
    @Test func aVaultOpensOnItsHomeNote() async throws {
        let vault = try TemporaryCourse([
            "Home.md": "# Welcome\n\nStart at [[Plan]].\n",
            "Projects/Plan.md": "# Plan\n\nBack [[Home]].\n",
            "Projects/Home.md": "# Project home\n",
        ])
        defer { vault.remove() }
        let outcome = try await vault.build()
        #expect(!outcome.failed, "\(outcome.diagnostics.map(\.message))")
        let home = try #require(vault.site("index.html"))
        #expect(home.contains("<h1>Welcome</h1>") && home.contains("Start at <a class=\"see\" href=\"Projects/plan.html\">Plan</a>"))
        #expect(vault.site("Projects/home.html")?.contains("Project home") == true)
        #expect(vault.site("Projects/plan.html")?.contains("href=\"../index.html\"") == true, "a link to the home note opens the home page")
        // A home note without a title leaves the site named after its folder.
        try vault.write("Home.md", "Start at [[Plan]].\n")
        _ = try await vault.build()
        #expect(vault.site("index.html")?.contains("<h1>Content</h1>") == true)
        try vault.write("README.md", "# Read me\n")
        _ = try await vault.build()
        #expect(vault.site("index.html")?.contains("<h1>Read me</h1>") == true)
        #expect(vault.site("home.html")?.contains("Start at") == true)
    }

    /// With no introduction and no outline, the home page lists every page by folder instead
    /// of showing nothing.
    @Test func aFolderWithoutAHomePageOpensOnItsContents() async throws {
        let folder = try TemporaryCourse([
            "b.md": "# Bravo\n\nWords of bravo.\n",
            "a.md": "---\ntitle: Zulu\nweight: 1\n---\nFirst by weight.\n",
            "guide/setup.md": "# Setup\n",
            "guide/deep/more.md": "# More\n",
            "notes/one.md": "---\ntitle: One\n---\n",
        ])
        defer { folder.remove() }
        _ = try await folder.build()
        let home = try #require(folder.site("index.html"))
        let contents = try #require(home.range(of: "<section class=\"contents\"").map { String(home[$0.lowerBound...]) })
        let titles = contents.split(separator: "<p class=\"entry-title\">").dropFirst().map { $0.prefix { $0 != "\n" } }
        #expect(titles.map { String($0) } == ["<a href=\"a.html\">Zulu</a></p>", "<a href=\"b.html\">Bravo</a></p>",
                                             "<a href=\"guide/setup.html\">Setup</a></p>", "<a href=\"guide/deep/more.html\">More</a></p>",
                                             "<a href=\"notes/one.html\">One</a></p>"], "\(contents)")
        #expect(contents.contains("<h3 class=\"contents-folder\">guide/deep</h3>"))
        #expect(!home.contains("class=\"home-pages\""), "the pages are not listed twice")
        // A course with an introduction keeps its home page as it was.
        try folder.write("index.md", "# Welcome\n")
        _ = try await folder.build()
        #expect(folder.site("index.html")?.contains("syllabus-contents") == false)
    }

    /// An author's `404.md` or `404.html` is the not-found page instead of the generated one;
    /// both at once are two things written to one file.
    @Test func anAuthorsNotFoundPageReplacesTheGeneratedOne() async throws {
        let page = try TemporaryCourse(["a.md": "# A\n", "404.md": "# Lost?\n\nNothing here; go [home](/).\n"])
        defer { page.remove() }
        let built = try await page.build()
        #expect(built.diagnostics.isEmpty, "\(built.diagnostics.map(\.message))")
        let notFound = try #require(page.site("404.html"))
        #expect(notFound.contains("Nothing here") && !notFound.contains("Page not found"))
        #expect(page.site("a.html")?.contains("Lost?") == false, "not in the navigation")
        #expect(page.site("index.html")?.contains("404.html") == false, "not on the home page")
        let file = try TemporaryCourse(["a.md": "# A\n", "404.html": "<h1>Gone</h1>\n"])
        defer { file.remove() }
        let copied = try await file.build()
        #expect(copied.diagnostics.isEmpty, "\(copied.diagnostics.map(\.message))")
        #expect(file.site("404.html") == "<h1>Gone</h1>\n")
        try file.write("404.md", "# Lost\n")
        let both = try await file.check()
        #expect(both.diagnostics.map(\.rule) == [.duplicateSlug], "\(both.diagnostics.map(\.message))")
    }

    /// A link a template fills on its own site (`{{site.baseurl}}/b/`, a Hugo shortcode in a
    /// link definition) is not run here: a warning, never a missing file, and the build passes.
    @Test func linksMadeByTemplatesAreNotChecked() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\n[b]({{site.baseurl}}/b/) and [rss][r].\n\n[r]: <{{% eturl rss %}}>\n", "b.md": "# B\n\n[a](a.md)\n"])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed, "\(built.findings)")
        #expect(built.findings == ["template-syntax@3:5", "template-syntax@3:30"], "\(built.findings)")
    }

    /// A link to a folder without a README or index opens a listing of what it holds, as
    /// GitHub shows one: its folders, its pages by title, its other files.
    @Test func aFolderWithoutAPageOpensAsAListing() async throws {
        let course = try TemporaryCourse([
            "README.md": "# Course\n\n[Week 1](week_1/) and [its code](week_1/code).\n",
            "week_1/main.py": "print(1)\n", "week_1/notes.md": "# Notes\n", "week_1/code/app.js": "x\n",
        ])
        defer { course.remove() }
        let checked = try await course.check()
        #expect(!checked.diagnostics.contains { $0.severity == .error }, "\(checked.findings)")
        let built = try await course.build()
        #expect(!built.failed, "\(built.findings)")
        #expect(course.site("index.html")?.contains("<a href=\"week_1/index.html\">Week 1</a> and <a href=\"week_1/code/index.html\">its code</a>") == true)
        let listing = try #require(course.site("week_1/index.html"))
        #expect(listing.contains("<li><a href=\"code/index.html\">code/</a></li>\n<li><a href=\"notes.html\">Notes</a></li>\n<li><a href=\"main.py\">main.py</a></li>"), "\(listing)")
        #expect(course.site("week_1/code/index.html")?.contains("<a href=\"app.js\">app.js</a>") == true)
    }
}
