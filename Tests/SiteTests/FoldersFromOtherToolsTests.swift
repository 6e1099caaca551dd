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
        #expect(outcome.diagnostics.first?.message.hasPrefix("raw HTML and JSX components (MDX's <Tabs> and the like") == true)
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
}
