import Check
import Course
import Linking
import Foundation
import Markdown
import Site
import Testing
import TestSupport

/// Every rule has a course that breaks it and the same course mended.
@Suite struct RuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: Rule
        var failing: [String: String]
        var passing: [String: String]
        /// `line:column` the failing diagnostic must point at (nil: no position).
        var at: String?
        var testDescription: String { rule.rawValue }
    }

    static let other = "---\ntitle: Other Page\n---\n\n## Setting up\n\n12:30 – “A quote.”\n"

    static let cases: [Case] = [
        Case(rule: .unknownReference,
             failing: ["articles/a.md": "# A\n\nSee [see: \"Othr Page\"].\n", "articles/b.md": other],
             passing: ["articles/a.md": "# A\n\nSee [see: \"Other Page\"].\n", "articles/b.md": other], at: "3:5"),
        Case(rule: .malformedReference,
             failing: ["a.md": "# A\n\nSee [see: \"Other Page\" for more.\n", "b.md": other],
             passing: ["a.md": "# A\n\nSee [see: \"Other Page\"] for more.\n", "b.md": other], at: "3:5"),
        Case(rule: .ambiguousReference,
             failing: ["a.md": "# A\n\n[see: \"Twin\"]\n", "b.md": "# Twin\n", "c.md": "---\ntitle: Twin\nslug: twin-two\n---\n"],
             passing: ["a.md": "# A\n\n[see: \"twin-two\"]\n", "b.md": "# Twin\n", "c.md": "---\ntitle: Twin\nslug: twin-two\n---\n"], at: "3:1"),
        Case(rule: .unknownQuote,
             failing: ["a.md": "# A\n\n[see: \"Other Page\" @ 12:31]\n", "b.md": other],
             passing: ["a.md": "# A\n\n[see: \"Other Page\" @ 12:30]\n", "b.md": other], at: "3:1"),
        Case(rule: .missingPage,
             failing: ["a.md": "# A\n\n[x](nowhere.md)\n"],
             passing: ["a.md": "# A\n\n[x](b.md)\n", "b.md": other], at: "3:5"),
        Case(rule: .brokenFragment,
             failing: ["a.md": "# A\n\n[x](b.md#setting-upp) and [y](#here)\n", "b.md": other],
             passing: ["a.md": "# A\n\n[x](b.md#setting-up) and [y](#here)\n\n## Here\n", "b.md": other], at: "3:5"),
        Case(rule: .missingFile,
             failing: ["a.md": "# A\n\n![chart](assets/chart.png)\n"],
             passing: ["a.md": "# A\n\n![chart](assets/chart.png)\n", "assets/chart.png": "png"], at: "3:10"),
        Case(rule: .duplicateSlug,
             failing: ["a.md": "---\nslug: same\n---\n", "b.md": "---\nslug: same\n---\n"],
             passing: ["a.md": "---\nslug: same\n---\n", "b.md": "---\nslug: other\n---\n"], at: "2:1"),
        Case(rule: .invalidFrontMatter,
             failing: ["a.md": "---\ntitle: A\ntags: 3\n---\n"],
             passing: ["a.md": "---\ntitle: A\ntags: [three]\n---\n"], at: "3:7"),
        Case(rule: .unknownKey,
             failing: ["a.md": "---\ntitle: A\nlayout: post\nhide_title: true\n---\n"],
             passing: ["a.md": "---\ntitle: A\nsidebar_label: Short\n---\n"], at: "3:1"),
        Case(rule: .invalidTimestamp,
             failing: ["a.md": "# A\n\n3:75 – “Too many seconds.”\n"],
             passing: ["a.md": "# A\n\n3:15 – “Fine.”\n"], at: "3:1"),
        Case(rule: .timestampOrder,
             failing: ["a.md": "---\nduration: \"10:00\"\n---\n\n5:00 – One.\n\n4:00 – Two.\n\n11:00 – Three.\n"],
             passing: ["a.md": "---\nduration: \"20:00\"\n---\n\n4:00 – One.\n\n5:00 – Two.\n\n11:00 – Three.\n"], at: "7:1"),
        Case(rule: .outlineMissingLesson,
             failing: ["course.yml": "modules:\n  - title: One\n    lessons: [first, secnd]\n", "lessons/first.md": "# First\n", "lessons/second.md": "# Second\n"],
             passing: ["course.yml": "modules:\n  - title: One\n    lessons: [first, second]\n", "lessons/first.md": "# First\n", "lessons/second.md": "# Second\n"],
             at: "3:22"),
        Case(rule: .prerequisiteCycle,
             failing: ["lessons/a.md": "---\ntitle: A\nprerequisites: [B]\n---\n", "lessons/b.md": "---\ntitle: B\nprerequisites: [A]\n---\n"],
             passing: ["lessons/a.md": "---\ntitle: A\nprerequisites: [B]\n---\n", "lessons/b.md": "---\ntitle: B\n---\n"], at: "3:1"),
        Case(rule: .unknownPrerequisite,
             failing: ["lessons/a.md": "---\ntitle: A\nprerequisites:\n  - Nope\n---\n"],
             passing: ["lessons/a.md": "---\ntitle: A\nprerequisites: []\n---\n"], at: "4:5"),
        Case(rule: .unknownRelated,
             failing: ["a.md": "---\ntitle: A\nrelated: [Other Page, \"Other Pag\"]\n---\n", "b.md": other],
             passing: ["a.md": "---\ntitle: A\nrelated: [Other Page]\n---\n", "b.md": other], at: "3:23"),
        Case(rule: .orphanPage,
             failing: ["articles/a.md": "# Alone\n"],
             passing: ["articles/a.md": "# Alone\n", "pages/about.md": "# About\n\n[see: \"Alone\"]\n"], at: nil),
        Case(rule: .missingAltText,
             failing: ["a.md": "# A\n\n![](x.png)\n", "x.png": "png"],
             passing: ["a.md": "# A\n\n![A diagram](x.png)\n", "x.png": "png"], at: "3:5"),
        Case(rule: .duplicateHeading,
             failing: ["a.md": "# A\n\n## Notes\n\n## Notes\n"],
             passing: ["a.md": "# A\n\n## Notes\n\n## More notes\n"], at: "5:1"),
        Case(rule: .duplicateEpisodeNumber,
             failing: ["episodes/a.md": "---\ntitle: A\nseries: Talks\nnumber: 3\n---\n", "episodes/b.md": "---\ntitle: B\nseries: talks\nnumber: 3\n---\n"],
             passing: ["episodes/a.md": "---\ntitle: A\nseries: Talks\nnumber: 3\n---\n", "episodes/b.md": "---\ntitle: B\nseries: Walks\nnumber: 3\n---\n",
                       "episodes/c.md": "---\ntitle: C\nnumber: 3\n---\n"], at: "4:1"),
        Case(rule: .templateSyntax,
             failing: ["a.md": "# A\n\nText {% include note.html %} here,\n\nthen {{< youtube x >}}.\n"],
             passing: ["a.md": "# A\n\nCode `{{ site.title }}` and braces { like % this }.\n\n```\n{% raw %}\n```\n"], at: "3:6"),
        Case(rule: .selfRelated,
             failing: ["a.md": "---\ntitle: A\nrelated: [A]\n---\n"],
             passing: ["a.md": "---\ntitle: A\n---\n"], at: "3:1"),
        Case(rule: .invalidFrontMatter,
             failing: ["a.md": "---\ntitle: \"\"\n---\n\nText.\n"],
             passing: ["a.md": "---\nsummary: \"\"\n---\n\nText.\n"], at: "2:1"),
        // A copied file must not land on a page or on the site's own files.
        Case(rule: .duplicateSlug,
             failing: ["lessons/a.md": "# A\n", "lessons/a.html": "<p>mine</p>", "robots.txt": "User-agent: *\n"],
             passing: ["lessons/a.md": "# A\n", "lessons/a-old.html": "<p>mine</p>", "robots.txt": "User-agent: *\n"], at: nil),
        Case(rule: .duplicateSlug,
             failing: ["a.md": "# A\n", "feed.xml": "<feed/>", "theme/style.css": "p {}"],
             passing: ["a.md": "# A\n", "my-feed.xml": "<feed/>", "my-theme/style.css": "p {}"], at: nil),
        // A folder opens as its index.html: a page must be written there.
        // A folder opens as its page, or as the listing the site makes of it; a link to a
        // folder that is not there is a missing file.
        Case(rule: .missingFile,
             failing: ["lessons/a.md": "# A\n\nAll [episodes](../episode/).\n", "episodes/b.md": other],
             passing: ["lessons/a.md": "# A\n\nAll [episodes](../episodes/).\n", "episodes/b.md": other], at: "3:16"),
        // `audio:` is linked from the page: a local file must exist, a script URL is refused.
        Case(rule: .missingFile,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: talk.mp3\n---\n\n1:00 – A quote.\n"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: talk.mp3\n---\n\n1:00 – A quote.\n", "episodes/talk.mp3": "mp3"],
             at: "3:1"),
        Case(rule: .invalidFrontMatter,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: \"javascript:alert(1)\"\n---\n"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: \"https://example.org/e.mp3\"\n---\n"], at: "3:1"),
        // The pages the site makes itself may be linked; the sitemap only with a base_url.
        Case(rule: .missingFile,
             failing: ["lessons/a.md": "# A\n\n[map](../sitemap.xml)\n"],
             passing: ["lessons/a.md": "# A\n\n[home](../index.html) [feed](../feed.xml) [quotes](../quotes/index.html)\n"], at: "3:7"),
        Case(rule: .unknownFootnote,
             failing: ["a.md": "# A\n\nAs found[^survey].\n\n[^servey]: The survey.\n"],
             passing: ["a.md": "# A\n\nAs found[^survey].\n\n[^survey]: The survey.\n"], at: "3:9"),
        Case(rule: .unusedFootnote,
             failing: ["a.md": "# A\n\nAs found.\n\n[^survey]: The survey.\n"],
             passing: ["a.md": "# A\n\nAs found[^survey].\n\n[^survey]: The survey.\n"], at: "5:1"),
        Case(rule: .linkLeavesContent,
             failing: ["a.md": "# A\n\nThe [standard library](../std/index.html).\n"],
             passing: ["course.yml": "base_url: https://example.org/book/\n", "a.md": "# A\n\nThe [standard library](../std/index.html).\n"], at: "3:24"),
        Case(rule: .rawHTMLOmitted,
             failing: ["a.md": "# A\n\nSome <b onclick=\"go()\">bold</b> text.\n"],
             passing: ["course.yml": "unsafe_html: true\n", "a.md": "# A\n\nSome <b onclick=\"go()\">bold</b> text.\n"], at: "3:9"),
        Case(rule: .emptyLink,
             failing: ["a.md": "# A\n\nSee [the notes]() and [more](<>).\n"],
             passing: ["a.md": "# A\n\nSee [the notes](b.md) and [more](b.md).\n", "b.md": other], at: "3:16"),
        Case(rule: .chapterOrder,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n\n- 0:00 Start\n- 9:00 Middle\n- 4:00 Back\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n\n- 0:00 Start\n- 4:00 Middle\n- 9:00 End\n", "episodes/e.mp3": "mp3"],
             at: "8:3"),
        Case(rule: .chapterOrder,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nchapters:\n  - \"0:00 Start\"\n  - \"0:00 Again\"\n---\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nchapters:\n  - \"0:00 Start\"\n  - \"0:10 Next\"\n---\n", "episodes/e.mp3": "mp3"],
             at: "6:5"),
        Case(rule: .timePastEnd,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nduration: \"10:00\"\n---\n\nListen [from here](#t=11:00).\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nduration: \"10:00\"\n---\n\nListen [from here](#t=9:00).\n", "episodes/e.mp3": "mp3"],
             at: "7:20"),
        Case(rule: .timePastEnd,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nduration: \"10:00\"\n---\n\n- 0:00 Start\n- [Late](#t=601)\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\nduration: \"10:00\"\n---\n\n- 0:00 Start\n- [Late](#t=599)\n", "episodes/e.mp3": "mp3"],
             at: "8:3"),
        Case(rule: .podcastSettings,
             failing: ["course.yml": "title: Show\npodcast:\n  image: cover.png\n", "episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n", "episodes/e.mp3": "mp3"],
             passing: ["course.yml": "title: Show\ndescription: A show.\nauthor: Me\nbase_url: https://example.org/\npodcast:\n  image: cover.png\n  category: Education\n  explicit: false\n",
                       "episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n", "episodes/e.mp3": "mp3", "cover.png": "png"],
             at: "2:1"),
        Case(rule: .podcastSettings,
             failing: ["course.yml": "title: Show\ndescription: A show.\nauthor: Me\nbase_url: https://example.org/\npodcast:\n  image: cover.png\n  category: Education\n  explicit: false\n",
                       "episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n", "episodes/e.mp3": "mp3"],
             passing: ["course.yml": "title: Show\ndescription: A show.\nauthor: Me\nbase_url: https://example.org/\npodcast:\n  image: cover.png\n  category: Education\n  explicit: false\n",
                       "episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n", "episodes/e.mp3": "mp3", "cover.png": "png"],
             at: "5:1"),
        // An unknown key of podcast: is reported where it is written.
        Case(rule: .invalidCourseFile,
             failing: ["course.yml": "title: X\npodcast:\n  explicit: false\n  catgory: Education\n"],
             passing: ["course.yml": "title: X\npodcast:\n  explicit: false\n  category: Education\n"], at: "4:3"),
        // A chapter of chapters: that is no time and title.
        Case(rule: .invalidFrontMatter,
             failing: ["episodes/e.md": "---\ntitle: E\nchapters:\n  - \"0:00 Start\"\n  - \"3:75 Too late\"\n---\n"],
             passing: ["episodes/e.md": "---\ntitle: E\nchapters:\n  - \"0:00 Start\"\n  - \"3:15 In time\"\n---\n"], at: "5:5"),
        // A time of the notes that is no time: in a chapter, in a #t= link.
        Case(rule: .invalidTimestamp,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n\n- 3:75 Too late\n\nOr [here](#t=1:7x).\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\n---\n\n- 3:15 In time\n\nOr [here](#t=1:17).\n", "episodes/e.mp3": "mp3"],
             at: "6:3"),
        // transcript: is linked from the page: a local file must exist.
        Case(rule: .missingFile,
             failing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\ntranscript: e.vtt\n---\n", "episodes/e.mp3": "mp3"],
             passing: ["episodes/e.md": "---\ntitle: E\naudio: e.mp3\ntranscript: e.vtt\n---\n", "episodes/e.mp3": "mp3", "episodes/e.vtt": "WEBVTT\n"],
             at: "4:1"),
        Case(rule: .invalidFrontMatter,
             failing: ["episodes/e.md": "---\ntitle: E\ntranscript: \"javascript:alert(1)\"\n---\n"],
             passing: ["episodes/e.md": "---\ntitle: E\ntranscript: \"https://example.org/e.vtt\"\n---\n"], at: "3:1"),
        // A guest is a name, or a mapping with one (as show notes write it).
        Case(rule: .invalidFrontMatter,
             failing: ["episodes/e.md": "---\ntitle: E\nguest:\n  github: noor\n---\n"],
             passing: ["episodes/e.md": "---\ntitle: E\nguest:\n  name: Noor\n  github: noor\n---\n"], at: "4:3"),
        Case(rule: .invalidCourseFile,
             failing: ["course.yml": "title: X\nbase_url: example.org\n"],
             passing: ["course.yml": "title: X\nbase_url: https://example.org\n"], at: "2:1"),
    ]

    @Test(arguments: cases)
    func ruleFailsAndPasses(_ testCase: Case) async throws {
        let failing = try TemporaryCourse(testCase.failing)
        defer { failing.remove() }
        let bad = try await failing.check()
        let hits = bad.diagnostics.filter { $0.rule == testCase.rule }
        #expect(hits.count >= 1, "expected \(testCase.rule.rawValue), got \(bad.findings)")
        if let at = testCase.at {
            #expect(hits.first.map { "\($0.span?.line ?? 0):\($0.span?.column ?? 0)" } == at, "\(bad.findings)")
        }
        #expect(bad.failed == (testCase.rule.defaultSeverity == .error))

        let passing = try TemporaryCourse(testCase.passing)
        defer { passing.remove() }
        let good = try await passing.check()
        #expect(good.diagnostics.filter { $0.rule == testCase.rule }.isEmpty, "\(good.findings)")
    }

    @Test func everyRuleIsOneTypeWithADocumentedSection() throws {
        let ids = CheckRules.all.map { $0.id }
        #expect(ids.count == Rule.allCases.count, "rules with no type, or with two")
        #expect(Set(ids) == Set(Rule.allCases))
        let checks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/checks.md")
        let text = try String(contentsOf: checks, encoding: .utf8)
        let sections = Set(text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { String($0.dropFirst(4)) })
        for rule in CheckRules.all {
            #expect(sections.contains(rule.id.rawValue), "docs/checks.md has no section '### \(rule.id.rawValue)' (\(rule.documentation))")
            #expect(rule.documentation == "docs/checks.md#\(rule.id.rawValue)")
        }
    }

    /// The judging rules read the graph a build links as they read a check's.
    @Test func judgingRulesFindTheSameInABuildAndACheck() async throws {
        let course = try TemporaryCourse([
            "lessons/a.md": "---\ntitle: A\nprerequisites: [B]\n---\n\n## Notes\n\n## Notes\n",
            "lessons/b.md": "---\ntitle: B\nprerequisites: [A]\n---\n",
            "articles/c.md": "# C\n",
        ])
        defer { course.remove() }
        let (loaded, _) = try await Course.load(ContentLocation(directory: course.content.path, displayName: "Content"))
        let found = CheckRules.judge(CourseGraph.link(loaded, forRendering: true))
        #expect(Set(found.map(\.rule)) == [.prerequisiteCycle, .duplicateHeading, .orphanPage])
        #expect(found == CheckRules.judge(CourseGraph.link(loaded, forRendering: false)))
    }

    @Test func everyRuleIsCovered() {
        let covered = Set(Self.cases.map(\.rule))
        // broken-output (template mistakes) and unreadable-file have their own tests.
        let missing = Set(Rule.allCases).subtracting(covered).subtracting([.brokenOutput, .unreadableFile])
        #expect(missing.isEmpty, "rules without a case: \(missing.map(\.rawValue).sorted())")
    }

    @Test func severityCanBeRaisedInCourseFileAndStrictFailsOnWarnings() async throws {
        let course = try TemporaryCourse(["course.yml": "checks:\n  orphan: error\n", "articles/a.md": "# Alone\n"])
        defer { course.remove() }
        let outcome = try await course.check()
        #expect(outcome.diagnostics.first?.severity == .error)
        #expect(outcome.failed)

        let lenient = try TemporaryCourse(["articles/a.md": "# Alone\n"])
        defer { lenient.remove() }
        #expect(try await lenient.check().failed == false)
        #expect(try await lenient.pipeline(strict: true).check().failed == true)
    }

    /// An id kept in raw HTML (`<a id="old-anchor">`, kept for old links) is an anchor a link
    /// may name, from another page and from its own; a link in kept HTML is checked where it is
    /// written; an id that is not there is still a broken fragment.
    @Test func idsInKeptRawHTMLAnswerLinksAndItsLinksAreChecked() async throws {
        let course = try TemporaryCourse([
            "a.md": "# A\n\nSee [the old place](b.md#old-anchor), [legacy](b.md#legacy) and [gone](b.md#nowhere).\n\n"
                + "<p align=\"center\"><img src=\"logo.png\" alt=\"Logo\"> <a href=\"c.md\">C</a></p>\n",
            "b.md": "# B\n\n<a id=\"old-anchor\"></a>\n\nText <a name=\"legacy\">here</a>.\n\n[up](#old-anchor)\n",
        ])
        defer { course.remove() }
        let outcome = try await course.check()
        let found = outcome.diagnostics.map { "\($0.file):\($0.span?.line ?? 0):\($0.span?.column ?? 0) \($0.rule.rawValue)" }
        #expect(found.sorted() == ["Content/a.md:3:72 broken-fragment", "Content/a.md:5:29 missing-file", "Content/a.md:5:60 missing-page"].sorted(),
                "\(outcome.findings)")
    }

    /// Each `[see:` of a paragraph is reported at its own column, whether it is a reference,
    /// escaped, unclosed, interrupted by code or inside a link's text: the source's mentions
    /// and the parsed text's are matched in order, so one that is not a reference does not
    /// shift the others.
    @Test func malformedReferencesAreReportedWhereTheyAreAndKeepOthersInPlace() async throws {
        let course = try TemporaryCourse([
            "a.md": "# A\n\nEscaped \\[see: \"B\"] and [see: \"Nope\"] and [[see: \"B\"]](b.md) then [see: \"Nah\"].\n\n"
                + "Open [see: \"B\" here, [see: [B]] and [see: `B`] and [see: \"\"].\n",
            "b.md": "# B\n",
        ])
        defer { course.remove() }
        let outcome = try await course.check()
        let found = outcome.diagnostics.map { "\($0.span?.line ?? 0):\($0.span?.column ?? 0) \($0.rule.rawValue)" }
        #expect(found == ["3:25 unknown-reference", "3:44 malformed-reference", "3:67 unknown-reference",
                          "5:6 malformed-reference", "5:22 malformed-reference", "5:37 malformed-reference", "5:52 unknown-reference"],
                "\(outcome.findings)")
        let messages = outcome.diagnostics.filter { $0.span?.line == 5 }.map(\.message)
        #expect(messages[0].contains("not closed by ']'"))
        #expect(messages[1].contains("another '['"))
        #expect(messages[2].contains("holds code"))
        #expect(messages[3] == "this reference names no page; write [see: \"Title\"]")
        #expect(try await course.build().failed, "a build fails on them too")
    }

    /// A missing file suggests one whose name is close, not any file of a deep folder (paths
    /// there share most of their letters), never the page itself; a link written without
    /// `.md` (Docusaurus' `./guide/setup`, Jekyll's `/about/`) finds the page served there.
    @Test func missingPathsSuggestCloseNamesAndURLsFindTheirPages() async throws {
        let course = try TemporaryCourse([
            "deep/docs/guides/deployment/notes.md": "# Notes\n\nRead [troubleshooting](troubleshooting.md), the [FAQ](faq.md)"
                + " or the [overview](overveiw.md).\n",
            "deep/docs/guides/deployment/overview.md": "# Overview\n\n[notes](notes.md)\n",
            "index.md": "# Home\n\n[config](./guide/configuration), [about](/about/) and [deep](deep/docs/guides/deployment/overview.md).\n",
            "guide/configuration.md": "# Configuration\n\n[home](../index.md)\n", "about.md": "# About\n",
        ])
        defer { course.remove() }
        let outcome = try await course.check()
        let found = outcome.diagnostics.filter { $0.severity == .error }.map { "\($0.span?.line ?? 0):\($0.span?.column ?? 0) \($0.suggestion ?? "-")" }
        #expect(found == ["3:24 -", "3:55 -", "3:81 overview.md"], "\(outcome.findings)")
    }

    /// Links written as the site's URLs (`/faq/setup#x`, `../about/`), to a page's slug, and a
    /// Markdown path read from the root when it is not beside the page (Docusaurus).
    @Test func linksWrittenAsURLsFindThePageServedThere() async throws {
        let course = try TemporaryCourse([
            "faq/setup.md": "# Setup\n\n## Install\n\n[back](/)\n",
            "faq/long-name.md": "---\ntitle: Renamed\nslug: short\n---\n\n[setup](/faq/setup/#install)\n",
            "docs/a/b.md": "# B\n\n[setup](faq/setup.md), [short](/faq/short) and [up](../../faq/setup#install).\n",
            "index.md": "# Home\n\n[b](docs/a/b.md) [renamed](faq/long-name.md)\n",
        ])
        defer { course.remove() }
        let built = try await course.build()
        #expect(!built.failed && built.diagnostics.isEmpty, "\(built.findings)")
        #expect(course.site("docs/a/b.html")?.contains("<a href=\"../../faq/setup.html\">setup</a>, <a href=\"../../faq/short.html\">short</a> and "
                                                       + "<a href=\"../../faq/setup.html#install\">up</a>") == true)
        #expect(course.site("faq/short.html")?.contains("<a href=\"setup.html#install\">setup</a>") == true)
        #expect(course.site("faq/setup.html")?.contains("<a href=\"../index.html\">back</a>") == true)
        // In any case, and from the root when not beside the page, as Hugo finds pages.
        let hugo = try TemporaryCourse([
            "functions/urls/AbsURL.md": "# absURL\n", "methods/page/date.md": "# Date\n",
            "templates/a.md": "# A\n\n[absURL](/functions/urls/absURL/) and [date](methods/page/date/).\n",
        ])
        defer { hugo.remove() }
        let hugoBuilt = try await hugo.build()
        #expect(!hugoBuilt.diagnostics.contains { $0.severity == .error }, "\(hugoBuilt.findings)")
        #expect(hugo.site("templates/a.html")?.contains("<a href=\"../functions/urls/absurl.html\">absURL</a> and <a href=\"../methods/page/date.html\">date</a>") == true)
        let broken = try TemporaryCourse(["a.md": "# A\n\n[setup](/faq/setup/#nope) [none](/nothing/)\n", "faq/setup.md": "# Setup\n"])
        defer { broken.remove() }
        let checked = try await broken.check()
        #expect(checked.diagnostics.map(\.rule) == [.brokenFragment, .missingFile], "\(checked.findings)")
    }

    /// An orphan's note names it as a reference would have to: by a title or slug that is its
    /// own, or asks for one when both are shared.
    @Test func anOrphansNoteSuggestsAReferenceThatResolves() async throws {
        let course = try TemporaryCourse([
            "articles/attention.md": "---\ntitle: Attention\n---\n", "articles/attention-again.md": "---\ntitle: Attention\n---\n",
        ])
        defer { course.remove() }
        let notes = try await course.check().diagnostics.filter { $0.rule == .orphanPage }.map { "\($0.file): \($0.notes.first ?? "")" }
        #expect(notes.count == 2)
        #expect(notes.first?.hasPrefix("Content/articles/attention-again.md: refer to it with [see: \"attention-again\"]") == true, "\(notes)")
        #expect(notes.last?.hasPrefix("Content/articles/attention.md: give it a slug: or aliases: of its own") == true, "\(notes)")
    }

    /// Ids of the author's own (`{#id}`) are not numbered, so two headings can share one: each
    /// way it happens is reported at the second, and an id that only looks numbered is not.
    @Test func headingIdsTakenTwiceAreReportedAtTheSecond() async throws {
        let course = try TemporaryCourse([
            "a.md": "# A {#top}\n\n## Same {#same}\n\n## Other {#same}\n\n## Plain\n\n## Again {#plain}\n\n"
                + "## Step {#step-2}\n\n## Main {#syllabus-main}\n\n## Back {#top}\n\n12:30 – “Said.”\n\n## Time {#t-12-30}\n",
        ])
        defer { course.remove() }
        let found = try await course.check().diagnostics.filter { $0.rule == .duplicateHeading }
        #expect(found.map { "\($0.span?.line ?? 0) \($0.message)" } == [
            "5 the id 'same' is taken on this page: the heading on line 3 has it too; links to '#same' go to that one",
            "9 the id 'plain' is taken on this page: the heading on line 7 has it too; links to '#plain' go to that one",
            "13 the id 'syllabus-main' is taken on this page: the theme gives it to its own element; choose another",
            "15 the id 'top' is taken on this page: the page's title has it too",
            "19 the id 't-12-30' is taken on this page: a quote's anchor is the same",
        ], "\(found.map(\.message))")
    }

    /// `[[Note]]` finds a page as Obsidian does: by file name whatever the case, with folders
    /// by the end of its path, else by title; a heading after `#` must be there. Mistakes are
    /// reported where the link is written, with the closest note.
    @Test func wikilinksResolveByFileNameThenTitleAndAreChecked() async throws {
        let vault: [String: String] = [
            "Topics/Self Care.md": "# Looking after yourself\n\n## Why it matters\n\n[[breathing]] and [[Notes/Breathing#The practice|practice]].\n",
            "Topics/Breathing.md": "# Breathing\n\n## The practice\n\n[[Self Care#Why it matters]], [[#The practice]], [[Looking after yourself]].\n",
            "Notes/Breathing.md": "# Breathing notes\n\n## The practice\n\nText.\n",
            "index.md": "# Vault\n\n[[Topics/Breathing]]\n",
        ]
        let good = try TemporaryCourse(vault)
        defer { good.remove() }
        let built = try await good.build()
        #expect(built.diagnostics.filter { $0.severity == .error }.isEmpty, "\(built.findings)")
        let selfCare = good.site("Topics/self-care.html") ?? ""
        #expect(selfCare.contains("<a class=\"see\" href=\"../Notes/breathing.html#the-practice\">practice</a>"), "\(selfCare)")
        let breathing = good.site("Topics/breathing.html") ?? ""
        #expect(breathing.contains("<a class=\"see\" href=\"self-care.html#why-it-matters\">Self Care &gt; Why it matters</a>"), "\(breathing)")
        #expect(breathing.contains("<a class=\"see\" href=\"#the-practice\">The practice</a>"), "\(breathing)")
        #expect(breathing.contains("<a class=\"see\" href=\"self-care.html\">Looking after yourself</a>"), "\(breathing)")

        var broken = vault
        broken["index.md"] = "# Vault\n\n[[Breathng]] and [[Topics/Breathing#No such]]\nand [[Nowhere]] or [[Breathing]].\n"
        let bad = try TemporaryCourse(broken)
        defer { bad.remove() }
        let found = try await bad.check().diagnostics.filter { $0.severity == .error }
        #expect(found.map { "\($0.span?.line ?? 0):\($0.span?.column ?? 0) \($0.rule.rawValue) \($0.suggestion ?? "-")" } == [
            "3:1 unknown-reference [[Breathing]]", "3:18 broken-fragment -", "4:5 unknown-reference -", "4:20 ambiguous-reference -",
        ], "\(found.map(\.message))")
        #expect(found.last?.notes == ["name its folder too, e.g. [[Notes/Breathing]]"])
    }

    /// `![[photo.png]]` finds its file as Obsidian does (beside the page, from the root, else
    /// by name anywhere) and links it from the page's own folder; a missing or ambiguous file
    /// and an image without alt text are reported at the embed.
    @Test func embedsFindTheirFilesAndAreChecked() async throws {
        let vault: [String: String] = [
            "Notes/Breathing.md": "# Breathing\n\n![[Pasted image 1.png|A wave]] ![[here.png|Here]] ![[Notes/here.png|Also here]]\n![[talk.mp3]] ![[Noticing]]\n",
            "Notes/Noticing.md": "# Noticing\n",
            "Notes/here.png": "png", "attachments/Pasted image 1.png": "png", "attachments/talk.mp3": "mp3",
            "a/same.png": "png", "b/same.png": "png",
        ]
        let good = try TemporaryCourse(vault)
        defer { good.remove() }
        let built = try await good.build()
        #expect(built.diagnostics.isEmpty, "\(built.findings)")
        let page = good.site("Notes/breathing.html") ?? ""
        #expect(page.contains("<img src=\"../attachments/Pasted%20image%201.png\" alt=\"A wave\" /> <img src=\"here.png\" alt=\"Here\" /> <img src=\"here.png\" alt=\"Also here\" />"), "\(page)")
        #expect(page.contains("<audio controls src=\"../attachments/talk.mp3\"></audio> <a class=\"see\" href=\"noticing.html\">Noticing</a>"), "\(page)")

        var broken = vault
        broken["Notes/Breathing.md"] = "# Breathing\n\n![[Pasted imag 1.png|A wave]] and ![[same.png|Same]]\n![[here.png]]\n"
        let bad = try TemporaryCourse(broken)
        defer { bad.remove() }
        let found = try await bad.check().diagnostics
        #expect(found.map { "\($0.span?.line ?? 0):\($0.span?.column ?? 0) \($0.rule.rawValue) \($0.suggestion ?? "-")" } == [
            "3:1 missing-file ![[Pasted image 1.png]]", "3:35 ambiguous-reference -", "4:1 missing-alt-text -",
        ], "\(found.map(\.message))")
        #expect(found[1].message == "![[same.png]] names 2 files: a/same.png, b/same.png")
    }

    @Test func unknownRuleInChecksSuggestsTheRightName() async throws {
        let course = try TemporaryCourse(["course.yml": "checks:\n  orphans: error\n"])
        defer { course.remove() }
        let outcome = try await course.check()
        #expect(outcome.findings == ["invalid-course-file@2:3"])
        #expect(outcome.diagnostics.first?.suggestion == "orphan")
    }

    @Test func fatalRulesCannotBeSilenced() async throws {
        let course = try TemporaryCourse(["course.yml": "checks:\n  duplicate-slug: off\n"])
        defer { course.remove() }
        #expect(try await course.check().findings == ["invalid-course-file@2:1"])
    }

    /// The linker finds a page's references before its links, so not in the order of its
    /// lines; each finding must still show its own line, also when many share a page.
    @Test func eachFindingShowsItsOwnLineWhateverTheOrderFound() async throws {
        var text = "# A\n\n"
        for number in 1...40 {
            text += number % 2 == 0 ? "Line \(number) [see: \"Nothing \(number)\"].\n\n" : "Line \(number) [x](gone-\(number).md).\n\n"
        }
        let course = try TemporaryCourse(["a.md": text])
        defer { course.remove() }
        let outcome = try await course.check()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let found = outcome.diagnostics.filter { $0.rule == .unknownReference || $0.rule == .missingPage }
        #expect(found.count == 40)
        for diagnostic in found {
            let line = try #require(diagnostic.span?.line)
            #expect(diagnostic.lineText == lines[line - 1], "line \(line)")
        }
    }

    @Test func invalidUTF8IsReportedNotCrashed() async throws {
        let course = try TemporaryCourse(["ok.md": "# Fine\n"])
        defer { course.remove() }
        try Data([0x23, 0x20, 0xC3, 0x28, 0x0A]).write(to: course.content.appendingPathComponent("bad.md"))
        let outcome = try await course.check()
        #expect(outcome.findings == ["unreadable-file@1:1"])
        #expect(outcome.failed)
    }
}

@Suite struct FormatTests {
    static let diagnostic = Diagnostic(rule: .unknownReference, file: "Content/articles/x.md",
                                       span: SourceSpan(line: 18, column: 12, endColumn: 37),
                                       message: "no page titled \"Symptom = Problm?\"", suggestion: "\"Symptom = Problem?\"",
                                       lineText: "As we said [see: \"Symptom = Problm?\"], the rest.")

    @Test func textShowsLocationSourceLineCaretAndHelp() {
        let text = DiagnosticFormatter.text(Self.diagnostic)
        #expect(text == """
        Content/articles/x.md:18:12: error[unknown-reference]: no page titled "Symptom = Problm?"
         18 | As we said [see: "Symptom = Problm?"], the rest.
            |            ^~~~~~~~~~~~~~~~~~~~~~~~~
        help: did you mean "Symptom = Problem?"?

        """)
    }

    @Test func caretIsPlacedByCharactersOnNonASCIILines() {
        var diagnostic = Self.diagnostic
        diagnostic.lineText = "Ünïcödé — [see: \"X\"]"
        diagnostic.span = SourceSpan(line: 1, column: 11, endColumn: 21)
        let lines = DiagnosticFormatter.text(diagnostic).split(separator: "\n")
        #expect(lines[2].hasSuffix("|           ^" + String(repeating: "~", count: 9)))
    }

    @Test func jsonHasTheDocumentedStableSchema() {
        let summary = CheckSummary(graph: nil, diagnostics: [Self.diagnostic])
        let json = DiagnosticFormatter.json([Self.diagnostic], summary: summary)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        #expect(Set(first?.keys.map { $0 } ?? []) == ["file", "line", "column", "end_column", "rule", "severity", "message", "suggestion", "notes"])
        #expect(first?["end_column"] as? Int == 37)
        #expect(object?["version"] as? Int == 1)
    }

    @Test func githubCommandsAreEscapedByGitHubRules() {
        var diagnostic = Self.diagnostic
        diagnostic.file = "Content/a,b:c.md"
        diagnostic.message = "100% wrong\nsecond line"
        let line = DiagnosticFormatter.github(diagnostic)
        #expect(line.hasPrefix("::error file=Content/a%2Cb%3Ac.md,line=18,col=12,endColumn=37,title=syllabus unknown-reference::100%25 wrong%0Asecond line%0Ahelp: did you mean"))
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
    }

    @Test func suggestionsFindCloseNamesOnly() {
        #expect(Suggestion.closest(to: "symptom = problm?", among: ["symptom = problem?", "other"]) == "symptom = problem?")
        #expect(Suggestion.closest(to: "completely different", among: ["symptom = problem?"]) == nil)
        // A short name is not "close" to another just because both are short.
        #expect(Suggestion.closest(to: "Nah", among: ["A", "B"]) == nil)
        #expect(Suggestion.closest(to: "Rest", among: ["Trust"]) == nil)
        // Two letters swapped are one slip, in short names too.
        #expect(Suggestion.closest(to: "Intor", among: ["Intro", "Outro"]) == "Intro")
        #expect(Suggestion.closest(to: "Btea", among: ["Beta"]) == "Beta")
    }

    /// Of equally close candidates the first in string order wins, in whatever order they
    /// come; the closest wins over an earlier farther one; candidates made once answer many
    /// questions as fresh ones do.
    @Test func suggestionsPreferTheClosestThenStringOrder() {
        let names = ["section-2-about-rest", "Section-1-about-rest", "section-3-about-rust", "elsewhere"]
        for order in [names, names.reversed(), [names[2], names[0], names[3], names[1]]] {
            #expect(Suggestion.closest(to: "section-9-about-rest", among: order) == "Section-1-about-rest")
            #expect(Suggestion.closest(to: "section-3-about-rst", among: order) == "section-3-about-rust")
        }
        let candidates = Suggestion.Candidates(names)
        for written in ["section-9-about-rest", "elsewher", "nothing like it", "", "section-2-abuot-rest"] {
            #expect(candidates.closest(to: written) == Suggestion.closest(to: written, among: names), "\(written)")
        }
        #expect(candidates.closest(to: "ELSEWHER") == "elsewhere")
    }
}
