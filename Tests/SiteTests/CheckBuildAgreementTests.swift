import Build
import Course
import Publish
import Testing
import TestSupport

/// What `check` passes, `build` builds: a link a rule reported, at the severity the author
/// chose, is not reported again by the output verifier, and what does not resolve reads as its
/// words, never as an empty link.
@Suite struct CheckBuildAgreementTests {
    static let softened = """
        title: Agree
        checks:
          missing-file: warning
          missing-page: warning
          broken-fragment: warning
          unknown-reference: warning
          unknown-quote: warning

        """

    static let page = """
        # A

        See [see: "Nowhere"] and [[Nothing here|the words]] and ![[gone.png|a gone picture]].

        A [broken page](missing.md), a [broken file](missing.pdf), ![broken image](missing.png),
        a [bad fragment](b.md#nope), [own fragment](#nope), a [folder](pics/), [above](../../x.html),
        and [see: "B" @ 1:00].

        """

    static let other = "---\ntitle: B\naudio: talk.mp3\n---\n\n0:30 – \"A quote.\"\n\n[[a]]\n"

    @Test func whatCheckPassesBuildBuilds() async throws {
        let course = try TemporaryCourse(["course.yml": Self.softened, "a.md": Self.page, "b.md": Self.other, "pics/x.txt": "x"])
        defer { course.remove() }
        let checked = try await course.check()
        #expect(!checked.failed, "\(checked.findings)")
        let built = try await course.build()
        #expect(!built.failed, "\(built.findings)")
        #expect(!built.diagnostics.contains { $0.rule == .brokenOutput }, "\(built.findings)")
        // The same findings, at the same severities.
        #expect(built.diagnostics.map(\.rule) == checked.diagnostics.map(\.rule))
        let html = try #require(course.site("a.html"))
        #expect(!html.contains("href=\"\""))
        #expect(!html.contains("src=\"\""))
        // A reference to nothing reads as its words; a link to no page leads where it was written.
        #expect(html.contains("<p>See Nowhere and the words and a gone picture.</p>"))
        #expect(html.contains("A <a href=\"missing.md\">broken page</a>, a <a href=\"missing.pdf\">broken file</a>"))
        #expect(html.contains("and B.</p>"))
    }

    @Test func theVerifierStillJudgesWhatNoRuleSaw() async throws {
        // The same broken image, once in Markdown (reported as a warning) and once in raw HTML
        // that unsafe_html keeps, which no rule reads: only the second fails the build.
        let course = try TemporaryCourse(["course.yml": "unsafe_html: true\nchecks:\n  missing-file: warning\n",
                                          "a.md": "# A\n\n![gone](gone.png)\n\n<img src=\"also-gone.png\" alt=\"x\">\n"])
        defer { course.remove() }
        let built = try await course.build()
        #expect(built.failed)
        let broken = built.diagnostics.filter { $0.rule == .brokenOutput }
        #expect(broken.count == 1)
        #expect(broken.first?.message.contains("also-gone.png") == true)
    }

    @Test func aReferenceThatResolvesIsStillALink() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\nSee [see: \"B\"] and [the page](b.md).\n", "b.md": "# B\n\n[[a]]\n"])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed, "\(built.findings)")
        let html = try #require(course.site("a.html"))
        #expect(html.contains("See <a class=\"see\" href=\"b.html\">B</a> and <a href=\"b.html\">the page</a>."))
    }
}
