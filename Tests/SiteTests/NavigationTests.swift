import Foundation
import Site
import Testing
import TestSupport

/// The tree of pages: written once per site (`navigation.js`), listed on `contents.html`, and
/// ordered as the folder's own tool orders it; the header holds the top-level places only.
@Suite struct NavigationTests {
    /// The URLs of the tree's links in `navigation.js`, in order.
    static func treeLinks(_ script: String) -> [String] {
        let pattern = try! Regex(#"href=\\"([^\\"]*)\\""#)
        return script.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    /// The titles of the sections in `navigation.js`, in order.
    static func sectionTitles(_ script: String) -> [String] {
        let pattern = try! Regex(#"<summary>([^<]*)</summary>"#)
        return script.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    @Test func aFoldersPagesAreOrderedAsTheirToolsOrderThem() async throws {
        let course = try TemporaryCourse([
            "README.md": "# Notes\n\nWelcome.\n",
            // Docusaurus: the category's label and position, sidebar_position and sidebar_label.
            "guide/_category_.json": #"{"label": "The guide", "position": 2, "collapsed": false}"#,
            "guide/zeta.md": "---\nsidebar_position: 1\n---\n# Zeta\n",
            "guide/alpha.md": "---\nsidebar_position: 2\nsidebar_label: Short alpha\n---\n# A long alpha\n",
            "guide/plain.md": "# Plain\n",
            // Number prefixes, numerically: 2 before 10.
            "01-start/10-later.md": "# Later\n",
            "01-start/2-sooner.md": "# Sooner\n",
            // Hugo's weight and just-the-docs' nav_order; then the rest by title.
            "zz/b.md": "---\nweight: 1\n---\n# Bee\n",
            "zz/a.md": "---\nnav_order: 2\n---\n# Ay\n",
            "zz/c.md": "# Cee\n",
            "zz/index.md": "# Zed section\n",
            "top.md": "# Top\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        let script = try #require(course.site("navigation.js"))
        #expect(Self.treeLinks(script) == ["01-start/2-sooner.html", "01-start/10-later.html",
                                           "guide/zeta.html", "guide/alpha.html", "guide/plain.html",
                                           "top.html",
                                           "zz/index.html", "zz/b.html", "zz/a.html", "zz/c.html"])
        // A folder's label: its category's, its own page's title, or its name without the number.
        #expect(Self.sectionTitles(script) == ["Start", "The guide", "Zed section"])
        #expect(script.contains(">Short alpha</a>"), "a navigation title is shown in the sidebar")
        let alpha = try #require(course.site("guide/alpha.html"))
        #expect(alpha.contains(">A long alpha</h1>"), "the page keeps its own title")
    }

    @Test func theOutlineFillsTheLessonsSectionAndABooksChaptersNest() async throws {
        let course = try TemporaryCourse([
            "course.yml": "title: C\nmodules:\n  - title: First steps\n    lessons: [b, a]\n",
            "lessons/a.md": "# A lesson\n",
            "lessons/b.md": "# B lesson\n",
            "lessons/extra.md": "# Extra lesson\n",
            "articles/old.md": "---\ndate: 2026-01-01\n---\n# Old\n",
            "articles/new.md": "---\ndate: 2026-03-01\n---\n# New\n",
            "about.md": "# About\n",
        ])
        defer { course.remove() }
        #expect(!(try await course.build()).failed)
        let script = try #require(course.site("navigation.js"))
        // Lessons first (the outline's modules, then the lessons in none), articles newest first.
        #expect(Self.treeLinks(script) == ["lessons/b.html", "lessons/a.html", "lessons/extra.html",
                                           "articles/new.html", "articles/old.html", "about.html"])
        #expect(Self.sectionTitles(script) == ["Lessons", "First steps", "Articles"])

        // Lessons at the top of the folder: their modules in a section of their own, once.
        let flat = try TemporaryCourse(["course.yml": "title: C\nmodules:\n  - title: Only\n    lessons: [a]\n",
                                        "a.md": "---\nkind: lesson\n---\n# A lesson\n", "b.md": "# B\n"])
        defer { flat.remove() }
        #expect(!(try await flat.build()).failed)
        let flatScript = try #require(flat.site("navigation.js"))
        #expect(Self.treeLinks(flatScript) == ["a.html", "b.html"])
        #expect(Self.sectionTitles(flatScript) == ["Lessons", "Only"])

        let book = try TemporaryCourse([
            "SUMMARY.md": "# Summary\n\n[Intro](README.md)\n\n# Guide\n\n- [Start](start.md)\n    - [Install](install.md)\n        - [Linux](linux.md)\n    - [Run](run.md)\n- [Use](use.md)\n",
            "README.md": "# Intro\n", "start.md": "# Start\n", "install.md": "# Install\n", "linux.md": "# Linux\n",
            "run.md": "# Run\n", "use.md": "# Use\n",
        ])
        defer { book.remove() }
        #expect(!(try await book.build()).failed)
        let tree = try #require(book.site("navigation.js"))
        // Guide › Start › (Install › Linux), Run; Use: each chapter with sub-chapters is a section.
        #expect(Self.sectionTitles(tree) == ["Guide", "Start", "Install"])
        let nested = tree.replacingOccurrences(of: "\\n", with: "")
        #expect(nested.contains(#"<summary>Install</summary><a class=\"nav-section-page\" href=\"install.html\">Install</a><ul class=\"nav-tree\"><li><a href=\"linux.html\">Linux</a></li></ul></details></li><li><a href=\"run.html\">Run</a></li></ul></details></li><li><a href=\"use.html\">Use</a></li>"#))
    }

    /// However many pages a folder holds, a page's HTML stays the same: the tree is in
    /// navigation.js, and the header names the top-level places only.
    @Test func aPageIsTheSameSizeInAFolderOfFiveAndOfTwoHundredPages() async throws {
        func pageBuilt(besides count: Int) async throws -> (page: String, script: String) {
            var files = ["README.md": "# Notes\n", "week-1/homework.md": "# Homework\n\nDo it.\n"]
            for number in 0..<count { files[String(format: "week-1/n%03d.md", number)] = "# Note \(number)\n\nText.\n" }
            let course = try TemporaryCourse(files)
            defer { course.remove() }
            let outcome = try await course.build()
            #expect(!outcome.failed, "\(outcome.findings)")
            return (try #require(course.site("week-1/homework.html")), try #require(course.site("navigation.js")))
        }
        let few = try await pageBuilt(besides: 5), many = try await pageBuilt(besides: 200)
        #expect(few.page == many.page)
        #expect(!many.page.contains("Note 199") && many.script.contains(">Note 199</a>"))
        #expect(many.page.contains(#"<li><a href="../contents.html#syllabus-section-folder-week-1">Week 1</a></li>"#))
        #expect(many.page.contains(#"<li><a href="../contents.html">Contents</a></li>"#))
        #expect(many.page.contains(#"<script src="../navigation.js"></script>"#))
    }

    @Test func pagesOfOneTitleAreToldApartByTheirSection() async throws {
        let course = try TemporaryCourse([
            "week-1/homework.md": "# Homework\n", "week-2/homework.md": "# Homework\n", "week-2/reading.md": "# Reading\n",
        ])
        defer { course.remove() }
        #expect(!(try await course.build()).failed)
        #expect(course.site("week-1/homework.html")?.contains("<title>Homework · Week 1 · ") == true)
        #expect(course.site("week-2/homework.html")?.contains("<title>Homework · Week 2 · ") == true)
        #expect(course.site("week-2/reading.html")?.contains("<title>Reading · ") == true, "a title no other page has is left alone")
        let index = try #require(course.site("search-index.json"))
        #expect(index.contains(#""section":"Week 1","summary":"","title":"Homework","url":"week-1/homework.html""#))
        #expect(index.contains(#""section":"Week 2","summary":"","title":"Homework","url":"week-2/homework.html""#))
    }

    @Test func theContentsPageListsEveryPageForReadersWithoutScript() async throws {
        let course = try TemporaryCourse([
            "README.md": "# Notes\n", "a/one.md": "# One\n", "a/b/two.md": "# Two\n", "three.md": "# Three\n",
        ])
        defer { course.remove() }
        #expect(!(try await course.build()).failed)
        let contents = try #require(course.site("contents.html"))
        for link in ["a/one.html", "a/b/two.html", "three.html"] { #expect(contents.contains("<a href=\"\(link)\">")) }
        #expect(contents.contains(#"<details open id="syllabus-section-folder-a">"#), "sections are open, and the header's links find them")
        #expect(!contents.contains("navigation.js"), "the contents page has no sidebar: it is the tree")
        let page = try #require(course.site("a/one.html"))
        #expect(page.contains(#"data-path="a/one.html""#), "the sidebar's script finds the page being read by its path")
        #expect(!page.contains("nav-tree"), "no page holds the tree")
    }

    /// A book's own `contents.md` keeps `contents.html`; the tree's page moves aside.
    @Test func anAuthorsContentsPageKeepsItsPlace() async throws {
        let course = try TemporaryCourse(["contents.md": "# Table of contents\n\nMine.\n", "a.md": "# A\n"])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        #expect(course.site("contents.html")?.contains("Mine.") == true)
        let page = try #require(course.site("a.html"))
        #expect(page.contains(#"<li><a href="syllabus-contents.html">Contents</a></li>"#))
        #expect(course.site("syllabus-contents.html")?.contains(#"<a href="contents.html">Table of contents</a>"#) == true)
    }

    /// A category file is no page and is not copied, yet it names a section on every page: a
    /// change to it is beyond a quick rebuild.
    @Test func aChangedCategoryFileRebuildsTheSidebar() async throws {
        let course = try TemporaryCourse(["guide/_category_.json": #"{"label": "Guide"}"#, "guide/a.md": "# A\n\nWords.\n"])
        defer { course.remove() }
        let pipeline = course.pipeline(cached: true)
        #expect(!(try await pipeline.build()).failed)
        #expect(try await pipeline.build().quick, "nothing changed")
        try course.write("guide/_category_.json", #"{"label": "The whole guide"}"#)
        let changed = try await pipeline.build()
        #expect(!changed.quick)
        #expect(course.site("navigation.js")?.contains("<summary>The whole guide</summary>") == true)
    }

    /// A `_category_.json` only arranges the sidebar: one that cannot be read arranges nothing
    /// and stops nothing.
    @Test func aCategoryFileThatCannotBeReadIsPassedOver() async throws {
        let course = try TemporaryCourse([
            "guide/_category_.json": "{\"label\": [unclosed", "guide/a.md": "# A\n",
            "more/_category_.yml": "label: 42\nposition: first\n", "more/b.md": "# B\n",
        ])
        defer { course.remove() }
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        #expect(Self.sectionTitles(try #require(course.site("navigation.js"))) == ["42", "Guide"])
    }
}
