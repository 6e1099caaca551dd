import Build
import Course
import Foundation
import Site
import Testing
import TestSupport

/// Every folder under Hostile/ is a course that someone could hand us, with the rules it must
/// break in expected.txt (empty: it must build). None may crash, hang or write a site when it
/// fails, and each builds within the same time (a debug build takes about 2 s for the largest,
/// a table of 100,000 rows; work that grew with the square of a page's size would take hours).
/// The cases run one after another, so that each one's time is its own, not its share of a
/// machine the others fill.
@Suite struct HostileInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")
    static let timeBound: Duration = .seconds(30)

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test(.serialized, .timeLimit(.minutes(1)), arguments: cases)
    func hostileCourseGetsItsExpectedOutcome(_ name: String) async throws {
        let started = ContinuousClock.now
        defer { #expect(ContinuousClock.now - started < Self.timeBound, "\(name) builds in linear time") }
        let folder = Self.corpus.appendingPathComponent(name)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("syllabus-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let pipeline = Pipeline(content: ContentLocation(directory: folder.appendingPathComponent("Content").path, displayName: "Content"),
                                templates: nil, output: output.appendingPathComponent("site").path)
        let outcome = try await pipeline.build()
        let errors = Set(outcome.diagnostics.filter { $0.severity == .error }.map(\.rule.rawValue))
        #expect(errors == Set(expected), "\(outcome.diagnostics.map { "\($0.rule.rawValue) \($0.message)" })")
        #expect(outcome.failed == !expected.isEmpty)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("site").path) == expected.isEmpty)
        for diagnostic in outcome.diagnostics {
            #expect(diagnostic.file.hasPrefix("Content/"), "diagnostics name the file: \(diagnostic.file)")
        }
        if expected.isEmpty {
            let site = TemporaryCourse.snapshot(output.appendingPathComponent("site"))
            for (path, data) in site where path.hasSuffix(".html") {
                let html = String(decoding: data, as: UTF8.self)
                #expect(!html.contains("javascript:"), "\(path)")
                #expect(!html.contains("vbscript:") && !html.contains("data:text/html") && !html.contains("onerror"), "\(path)")
                #expect(!html.contains("<script>alert"), "\(path)")
                #expect(!html.unicodeScalars.contains { $0.value < 0x09 }, "no control characters in \(path)")
            }
        }
    }

    @Test func symbolicLinksThatLeaveTheContentOrLoopAreNotFollowed() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n"])
        defer { course.remove() }
        let secret = course.root.appendingPathComponent("secret")
        try FileManager.default.createDirectory(at: secret, withIntermediateDirectories: true)
        try Data("# Secret\n".utf8).write(to: secret.appendingPathComponent("s.md"))
        try FileManager.default.createSymbolicLink(atPath: course.content.appendingPathComponent("outside").path, withDestinationPath: secret.path)
        try FileManager.default.createDirectory(at: course.content.appendingPathComponent("loop"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: course.content.appendingPathComponent("loop/again").path, withDestinationPath: "..")
        let outcome = try await course.build()
        #expect(!outcome.failed, "\(outcome.findings)")
        #expect(outcome.summary.pages == 1)
        #expect(course.site("outside/s.html") == nil)
    }

    @Test func killedBuildsNeverLeaveAHalfSite() async throws {
        // A course big enough that a build takes a while, killed at random moments.
        var files: [String: String] = [:]
        for index in 0..<400 {
            files["p\(index).md"] = "# Page \(index)\n\n" + String(repeating: "Some *text* with [a link](p\((index + 1) % 400).md).\n\n", count: 40)
        }
        let course = try TemporaryCourse(files)
        defer { course.remove() }
        let binary = CommandLineTests.binary
        func build() throws -> Process {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["build"]
            process.currentDirectoryURL = course.root
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let first = try build()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let complete = TemporaryCourse.snapshot(course.output)
        #expect(complete.count > 400)
        // Once p0 stops linking to p1, p1 loses that backlink: a whole site has p1 as it was,
        // or as every later build makes it.
        var wholeP1 = [complete["p1.html"]]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<8 {
            try course.write("p0.md", "# Page 0\n\nRound \(round).\n")
            if round == 0 {
                let clean = course.root.appendingPathComponent("clean")
                let reference = try await Pipeline(content: ContentLocation(directory: course.content.path, displayName: "Content"),
                                                   templates: nil, output: clean.path).build()
                #expect(!reference.failed)
                wholeP1.append(TemporaryCourse.snapshot(clean)["p1.html"])
            }
            let process = try build()
            // Builds of this course take 0.1–0.3 s now: kill most of them half-way.
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...250, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = TemporaryCourse.snapshot(course.output)
            #expect(now.count == complete.count, "round \(round): a whole site is in place")
            #expect(wholeP1.contains(now["p1.html"]), "round \(round)")
        }
    }
}
