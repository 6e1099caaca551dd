import Course
import Linking
import Foundation
import Markdown
import Testing
import TestSupport

/// `syllabus check` compiles pages without their HTML and links them without slot values and
/// related pages. What it reports must be exactly what a build would: these tests compare the
/// two readings of the same courses, fact by fact.
@Suite struct CheckModeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The sample course, every hostile course, and generated ones.
    static var folders: [String] {
        let hostile = repository.appendingPathComponent("Tests/EndToEndTests/Hostile")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: hostile.path)) ?? []
        return [repository.appendingPathComponent("Content").path] + names.sorted().map { hostile.appendingPathComponent($0).path }
    }

    @Test(arguments: folders)
    func checkFindsTheFactsOfABuild(_ folder: String) async throws {
        try await expectSameFacts(in: ContentLocation(directory: folder, displayName: "Content"))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func checkFindsTheFactsOfABuildOnGeneratedPages(_ seed: Int) async throws {
        let course = try TemporaryCourse(GeneratedCourse.files(seed: UInt64(seed), pages: 40))
        defer { course.remove() }
        try await expectSameFacts(in: ContentLocation(directory: course.content.path, displayName: "Content"))
    }

    @Test func generatedPagesHoldEveryKindOfFact() async throws {
        // The generator must reach what check mode treats differently, or the comparison proves little.
        let course = try TemporaryCourse(GeneratedCourse.files(seed: 1, pages: 40))
        defer { course.remove() }
        let (loaded, diagnostics) = try await Course.load(ContentLocation(directory: course.content.path), options: LoadOptions(jobs: 2))
        let bodies = loaded.pages.map(\.body)
        #expect(bodies.contains { !$0.quotes.isEmpty })
        #expect(bodies.contains { $0.references.contains { $0.slot == nil } })
        #expect(bodies.contains { $0.links.contains { $0.slot != nil } })
        #expect(bodies.contains { !$0.htmlAnchors.isEmpty })
        #expect(bodies.contains { $0.headings.contains { $0.text.contains("and") } })
        #expect(diagnostics.contains { $0.rule == .invalidTimestamp })
        #expect(CourseGraph.link(loaded).diagnostics.contains { $0.rule == .unknownReference })
    }

    func expectSameFacts(in location: ContentLocation) async throws {
        for unsafe in [false, true] {
            var location = location
            if unsafe {
                // The same pages with raw HTML kept: its ids become anchors.
                let copy = try TemporaryCourse([:])
                defer { copy.remove() }
                try? FileManager.default.removeItem(at: copy.content)
                try FileManager.default.copyItem(atPath: location.directory, toPath: copy.content.path)
                let config = copy.content.appendingPathComponent("course.yml")
                let text = (try? String(contentsOf: config, encoding: .utf8)) ?? ""
                try Data((text + "\nunsafe_html: true\n").utf8).write(to: config)
                location = ContentLocation(directory: copy.content.path, displayName: "Content")
                try await compare(location)
            } else {
                try await compare(location)
            }
        }
    }

    func compare(_ location: ContentLocation) async throws {
        let (built, buildDiagnostics) = try await Course.load(location, options: LoadOptions(jobs: 2))
        let (checked, checkDiagnostics) = try await Course.load(location, options: LoadOptions(jobs: 2, renderHTML: false))
        #expect(checkDiagnostics == buildDiagnostics, "\(location.directory)")
        #expect(checked.pages.count == built.pages.count)
        #expect(checked.pages.allSatisfy { $0.body.html.isEmpty })
        for (check, build) in zip(checked.pages + checked.drafts, built.pages + built.drafts) {
            var build = build
            build.body.html = ""
            #expect(check == build, "\(build.sourcePath)")
        }
        let buildGraph = CourseGraph.link(built, jobs: 2)
        let checkGraph = CourseGraph.link(checked, forRendering: false, jobs: 2)
        #expect(checkGraph.diagnostics == buildGraph.diagnostics, "\(location.directory)")
        #expect(checkGraph.edges == buildGraph.edges)
        #expect(checkGraph.modules == buildGraph.modules && checkGraph.unlistedLessons == buildGraph.unlistedLessons)
        #expect(checkGraph.prerequisites == buildGraph.prerequisites)
        // Backlinks are shown on pages only: a check leaves them out.
        #expect(checkGraph.backlinks.allSatisfy { $0.isEmpty })
        #expect(checkGraph.previous == buildGraph.previous && checkGraph.next == buildGraph.next)
        // One lane links like two.
        #expect(CourseGraph.link(built, jobs: 1).diagnostics == buildGraph.diagnostics)
        #expect(CourseGraph.link(built, jobs: 1).slots == buildGraph.slots)
    }

    @Test func aBuildAfterACheckNeverGetsAPageWithoutHTML() async throws {
        let course = try TemporaryCourse(GeneratedCourse.files(seed: 9, pages: 12))
        defer { course.remove() }
        let cache = course.root.appendingPathComponent("cache").path
        let location = ContentLocation(directory: course.content.path, displayName: "Content")
        let (fresh, _) = try await Course.load(location, options: LoadOptions(jobs: 2))
        // A check fills the cache with pages without HTML; the build after it compiles its own.
        _ = try await Course.load(location, options: LoadOptions(jobs: 2, cacheDirectory: cache, renderHTML: false))
        let (built, _) = try await Course.load(location, options: LoadOptions(jobs: 2, cacheDirectory: cache))
        #expect(built.pages.map(\.body.html) == fresh.pages.map(\.body.html))
        #expect(built.pages.contains { !$0.body.html.isEmpty })
        // From the cache again, both ways, and a check takes a build's pages.
        let (again, _) = try await Course.load(location, options: LoadOptions(jobs: 2, cacheDirectory: cache))
        #expect(again.pages.map(\.body.html) == fresh.pages.map(\.body.html))
        let (checked, _) = try await Course.load(location, options: LoadOptions(jobs: 2, cacheDirectory: cache, renderHTML: false))
        #expect(checked.pages.map(\.body.headings) == fresh.pages.map(\.body.headings))
        #expect(checked.pages.map(\.body.references) == fresh.pages.map(\.body.references))
    }
}
