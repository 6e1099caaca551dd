import Foundation
import Testing
import TestSupport

/// A content folder inside a Hugo project or beside a Docusaurus site is read with that site's
/// settings: what its links mean there is what they mean here.
@Suite struct HostSiteTests {
    static let hugoPage = """
        ---
        title: Settings
        ---
        See [publishDir](#publishdir), [the base](#baseurl) and [gone](#nothere).

        `publishDir`
        : (`string`) Where the site is written, see [the glossary](g).
          A line that continues it.

        baseURL
        : One.
        : Two, with a [term](g) again.

        """

    func hugoProject(settings: String?, renderHook: Bool) throws -> TemporaryCourse {
        let course = try TemporaryCourse([
            "settings.md": Self.hugoPage,
            "shared.md": "---\ntitle: Shared\n---\nIntro.\n\n{{% include \"/_common/locale.md\" %}}\n",
            "user.md": "---\ntitle: User\n---\n[Locale](shared.md#locale), [intro](shared.md#nothing) and [the folder](guide/#setup).\n",
            "guide/_index.md": "---\ntitle: Guide\n---\n## Install\n",
        ])
        if let settings { try settings.write(to: course.root.appendingPathComponent("hugo.toml"), atomically: true, encoding: .utf8) }
        if renderHook {
            let hooks = course.root.appendingPathComponent("layouts/_markup")
            try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
            try "{{ .Destination }}".write(to: hooks.appendingPathComponent("render-link.html"), atomically: true, encoding: .utf8)
        }
        return course
    }

    @Test func aHugoProjectsTermIDsRenderHookAndShortcodesAreReadFromItsSettings() async throws {
        let course = try hugoProject(settings: "[markup.goldmark.parser]\n  autoDefinitionTermID = true\n", renderHook: true)
        defer { course.remove() }
        let checked = try await course.check()
        let bySeverity = Dictionary(grouping: checked.diagnostics, by: { "\($0.severity)" }).mapValues { $0.map { "\($0.file.dropFirst(8)) \($0.rule.rawValue)@\($0.span?.line ?? 0)" } }
        #expect(bySeverity["error"] == ["settings.md broken-fragment@4", "user.md broken-fragment@4"],
                "#publishdir and #baseurl are terms; #nothere is nothing, and the guide has no #setup")
        let warnings = try #require(bySeverity["warning"])
        #expect(warnings.filter { $0.hasPrefix("settings.md template-syntax") } == ["settings.md template-syntax@7"], "once a page for `g`")
        #expect(warnings.contains("user.md template-syntax@4"), "#locale may come from the include")
        let hook = try #require(checked.diagnostics.first { $0.file.hasSuffix("settings.md") && $0.rule == .templateSyntax })
        #expect(hook.message.contains("layouts/_markup/render-link.html"))

        try course.write("user.md", "---\ntitle: User\n---\n[Locale](shared.md#locale) and [the folder](guide/#install).\n")
        try course.write("settings.md", Self.hugoPage.replacingOccurrences(of: " and [gone](#nothere)", with: ""))
        let built = try await course.build()
        #expect(built.failed == false, "\(built.findings)")
        let html = try #require(course.site("settings/index.html"))
        #expect(html.contains("<dt id=\"publishdir\">") && html.contains("<dt id=\"baseurl\">"))
        #expect(html.contains("<dd>\n(<code>string</code>) Where the site is written"), "the `: ` goes")
        #expect(html.components(separatedBy: "<dd>").count == 4, "three definitions")
        #expect(html.contains("A line that continues it.\n</dd>"))
    }

    @Test func withoutTheSettingsTermsHaveNoIDsAndEveryLinkIsChecked() async throws {
        let course = try hugoProject(settings: nil, renderHook: false)
        defer { course.remove() }
        let checked = try await course.check()
        #expect(checked.findings.filter { !$0.hasPrefix("template-syntax") }.sorted()
                == ["broken-fragment@4:18", "broken-fragment@4:43", "broken-fragment@4:64", "broken-fragment@4:73", "missing-file@12:22", "missing-file@7:60"],
                "no Hugo project: the terms have no ids, and each `g` is a missing file")
    }

    @Test func aDocusaurusSitesStaticFolderIsServedAtTheRoot() async throws {
        let course = try TemporaryCourse([
            "intro.md": "---\ntitle: Intro\n---\n![Logo](/img/logo.png) and ![gone](/img/gone.png)\n",
        ])
        defer { course.remove() }
        let root = course.root
        try "module.exports = { title: 'Docs', presets: [['classic', { docs: { path: 'Content' } }]] };"
            .write(to: root.appendingPathComponent("docusaurus.config.js"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("static/img"), withIntermediateDirectories: true)
        try "PNG".write(to: root.appendingPathComponent("static/img/logo.png"), atomically: true, encoding: .utf8)
        let findings = try await course.check().findings
        #expect(findings == ["missing-file@4:36"])
        try course.write("intro.md", "---\ntitle: Intro\n---\n![Logo](/img/logo.png)\n")
        let built = try await course.build()
        #expect(built.failed == false, "\(built.findings)")
        #expect(course.site("img/logo.png") == "PNG")
        #expect(course.site("intro/index.html")?.contains("src=\"../img/logo.png\"") == true, "Docusaurus writes pretty URLs")
    }

    @Test func aLinkedHiddenFileIsCopiedAndNoOther() async throws {
        let course = try TemporaryCourse([
            "setup.md": "---\ntitle: Setup\n---\nCopy [the example](airflow/.env_example) and [this](.nothere).\n",
            "airflow/.env_example": "KEY=value\n",
            ".secrets": "TOKEN=1\n",
        ])
        defer { course.remove() }
        let findings = try await course.check().findings
        #expect(findings == ["missing-file@4:53"], "a hidden file that is not there is still missing")
        try course.write("setup.md", "---\ntitle: Setup\n---\nCopy [the example](airflow/.env_example).\n")
        let built = try await course.build()
        #expect(built.failed == false, "\(built.findings)")
        #expect(course.site("airflow/.env_example") == "KEY=value\n")
        #expect(course.site(".secrets") == nil, "hidden files no page links to stay out")
    }

    @Test func anMkDocsSitesHooksIDsAndBlogDatesAreRead() async throws {
        let course = try TemporaryCourse([
            "plugins/search.md": "# Search\n\n#### <!-- md:setting config.separator -->\n\nText.\n\n### Caret, Mark & Tilde\n",
            "guide.md": "# Guide\n\n[separator](plugins/search.md#config.separator), [caret](plugins/search.md#caret-mark-tilde) and [gone](plugins/search.md#config.nothing).\n",
            "blog/posts/release.md": "---\ndate:\n  created: 2025-11-11\n  updated: 2025-12-01\nslug: mkdocs-2.0\n---\n# Release\n",
        ])
        defer { course.remove() }
        try "site_name: x\ndocs_dir: Content\nhooks:\n  - hooks/shortcodes.py\n".write(to: course.root.appendingPathComponent("mkdocs.yml"), atomically: true, encoding: .utf8)
        let checked = try await course.check()
        let errors = checked.diagnostics.filter { $0.severity == .error }.map { "\($0.file.dropFirst(8)) \($0.rule.rawValue)@\($0.span?.line ?? 0)" }
        #expect(errors == ["guide.md broken-fragment@3"], "only the fragment no hook comment names: \(checked.diagnostics.map(\.message))")
        #expect(checked.diagnostics.contains { $0.rule == .templateSyntax && $0.message.contains("#config.separator") })
        #expect(checked.diagnostics.contains { $0.rule == .templateSyntax && $0.message.contains("hooks") && $0.file.hasSuffix("search.md") })
        let graph = try await course.graph()
        let release = try #require(graph.pages.first { $0.sourcePath == "blog/posts/release.md" })
        #expect(release.frontMatter.date == "2025-11-11" && release.slug == "mkdocs-2.0")
    }
}
