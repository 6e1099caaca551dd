import Build
import Course
import Foundation
import LanguageServer
import Support
import Testing
import TestSupport

/// The small course most tests open: a lesson with a heading, an episode with quotes, and an
/// article that points at both in every syntax.
let sampleCourse: [String: String] = [
    "course.yml": "title: Care\nchecks:\n  orphan: off\n",
    "lessons/breathing.md": "---\ntitle: Breathing Slowly\n---\n\nIntro.\n\n## Setting up\n\nText.\n",
    "episodes/voice.md": "---\ntitle: The Kind Voice\naliases: [Kind Voice Episode]\n---\n\n12:30 – “Care starts inside.”\n\n14:05 – Another thought.\n",
    "lessons/care.md": "---\ntitle: On Care\nprerequisites: [\"Breathing Slowly\"]\n---\n\nSee [see: \"Breathing Slowly\"] and [see: \"The Kind Voice\" @ 12:30].\n\nThen [setup](breathing.md#setting-up).\n",
]

@Suite struct DiagnosticsTests {
    @Test func aBrokenReferenceIsPublishedTheMomentItIsTyped() async throws {
        var client = try await Client(sampleCourse)
        let text = try #require(client.course.read("lessons/care.md"))
        try await client.open("lessons/care.md", text)
        #expect(client.codes("lessons/care.md").isEmpty)
        await client.change("lessons/care.md", version: 2, line: 8, start: 0, end: 0, "Also [see: \"Breathing Slwly\"].\n")
        let found = client.diagnostics("lessons/care.md")
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic["code"] == .string("unknown-reference"))
        #expect(diagnostic["codeDescription"]?["href"] == .string("https://example.org/checks.md#unknown-reference"))
        #expect(diagnostic["severity"] == .int(1))
        #expect(diagnostic["message"]?.stringValue?.contains("did you mean \"Breathing Slowly\"?") == true)
        #expect(diagnostic["range"] == ProtocolRange.line(8, 5, 29))
        // Mended: the file's findings are cleared with an empty list.
        await client.change("lessons/care.md", version: 3, line: 8, start: 24, end: 24, "o")
        #expect(client.diagnostics("lessons/care.md").isEmpty)
        #expect(client.notifications.last?["params"]?["version"] == .int(3))
    }

    @Test func aRenamedTitleBreaksReferencesOnClosedPages() async throws {
        var client = try await Client(sampleCourse)
        let text = try #require(client.course.read("lessons/breathing.md"))
        try await client.open("lessons/breathing.md", text)
        await client.change("lessons/breathing.md", version: 2, line: 1, start: 7, end: 23, "Breathing Deeply")
        #expect(client.codes("lessons/care.md") == ["unknown-prerequisite", "unknown-reference"])
        // Closing the buffer without saving: the file on disk counts again.
        try await client.notify("textDocument/didClose", #"{"textDocument": {"uri": "\#(client.uri("lessons/breathing.md"))"}}"#)
        #expect(client.codes("lessons/care.md").isEmpty)
    }

    @Test func closedFilesAreCheckedFromTheStart() async throws {
        var files = sampleCourse
        files["lessons/broken.md"] = "# Broken\n\n[see: \"Nowhere\"]\n"
        var client = try await Client(files)
        await client.send([])
        #expect(client.codes("lessons/broken.md") == ["unknown-reference"])
    }

    @Test(arguments: [("utf-16", 10), ("utf-8", 15), ("utf-32", 8)])
    func positionsCountInTheNegotiatedEncoding(encoding: String, character: Int) async throws {
        // 👍🏽 is two scalars (four UTF-16 units, eight bytes); é is e and a combining accent.
        var files = sampleCourse
        files["lessons/emoji.md"] = "# Emoji\n\n👍🏽 e\u{301} x [see: \"Nowhere\"]\n"
        var client = try await Client(files, capabilities: #"{"general": {"positionEncodings": ["\#(encoding)", "utf-16"]}}"#)
        #expect(client.initializeResult["capabilities"]?["positionEncoding"] == .string(encoding))
        await client.send([])
        let range = try #require(client.diagnostics("lessons/emoji.md").first?["range"])
        #expect(range["start"] == Position(line: 2, character: character).json)
        // The same findings in characters: what `check` reports, column 7.
        let outcome = try await client.course.check()
        #expect(outcome.diagnostics.first { $0.file == "Content/lessons/emoji.md" }?.span?.column == 7)
    }

    @Test func anEditInsideACharacterKeepsTheRestOfTheLine() async throws {
        var client = try await Client(sampleCourse)
        try await client.open("lessons/emoji.md", "# Emoji\n\ne x\n")
        // A combining accent added after "e", then [see:] after the accent, in UTF-16 units.
        await client.change("lessons/emoji.md", version: 2, line: 2, start: 1, end: 1, "\u{301}")
        await client.change("lessons/emoji.md", version: 3, line: 2, start: 4, end: 4, " [see: \"Nowhere\"]")
        let range = try #require(client.diagnostics("lessons/emoji.md").first?["range"])
        #expect(range == ProtocolRange.line(2, 5, 21))
    }

    @Test func pullDiagnosticsHaveResultIDs() async throws {
        var files = sampleCourse
        files["lessons/broken.md"] = "# Broken\n\n[see: \"Nowhere\"]\n"
        var client = try await Client(files, capabilities: #"{"textDocument": {"diagnostic": {}}}"#)
        let uri = client.uri("lessons/broken.md")
        let full = try await client.request("textDocument/diagnostic", #"{"textDocument": {"uri": "\#(uri)"}}"#)
        #expect(full["kind"] == .string("full"))
        #expect(full["items"]?.arrayValue?.count == 1)
        let resultID = try #require(full["resultId"]?.stringValue)
        let again = try await client.request("textDocument/diagnostic", #"{"textDocument": {"uri": "\#(uri)"}, "previousResultId": "\#(resultID)"}"#)
        #expect(again["kind"] == .string("unchanged"))
        let workspace = try await client.request("workspace/diagnostic", #"{"previousResultIds": []}"#)
        let reports = workspace["items"]?.arrayValue ?? []
        #expect(reports.map { $0["uri"] } == [.string(uri)])
        // Until the client pulled the workspace, closed files were pushed; then they are
        // cleared, and nothing is pushed again.
        let pushes = client.notifications.filter { $0["method"] == .string("textDocument/publishDiagnostics") }
        #expect(pushes.map { $0["params"]?["diagnostics"]?.arrayValue?.count } == [1, 0])
        try await client.open("lessons/broken.md", try #require(files["lessons/broken.md"]))
        let replies = await client.send([Client.change(uri, version: 2, line: 0, start: 0, end: 0, "[see: \"Nowhere either\"]\n")])
        #expect(replies.map { $0["method"] } == [.string("workspace/diagnostic/refresh")])
        let after = client.notifications.filter { $0["method"] == .string("textDocument/publishDiagnostics") }
        #expect(after.count == 2)
        let pulled = try await client.request("textDocument/diagnostic", #"{"textDocument": {"uri": "\#(uri)"}}"#)
        #expect(pulled["items"]?.arrayValue?.count == 2)
    }

    @Test func anAmbiguityNamesTheOtherPages() async throws {
        var files = sampleCourse
        files["articles/twin.md"] = "---\ntitle: Breathing Slowly\n---\n\nTwin.\n"
        var client = try await Client(files)
        await client.send([])
        let ambiguity = try #require(client.diagnostics("lessons/care.md").first { $0["code"] == .string("ambiguous-reference") })
        let related = ambiguity["relatedInformation"]?.arrayValue ?? []
        #expect(Set(related.compactMap { $0["location"]?["uri"]?.stringValue }) == [client.uri("articles/twin.md"), client.uri("lessons/breathing.md")])
    }

    @Test func theCoursesSeveritiesApply() async throws {
        var files = sampleCourse
        files["course.yml"] = "title: Care\nchecks:\n  orphan: off\n  unknown-reference: warning\n"
        files["lessons/broken.md"] = "# Broken\n\n[see: \"Nowhere\"]\n"
        var client = try await Client(files)
        await client.send([])
        #expect(client.diagnostics("lessons/broken.md").first?["severity"] == .int(2))
    }

    /// The server's findings for a course with errors in it are `check`'s, place for place.
    @Test func theServerFindsWhatCheckFinds() async throws {
        var files = GeneratedCourse.files(seed: 7, pages: 40)
        files["lessons/extra.md"] = "---\ntitle: Extra\nprerequisites: [\"Nothing\"]\n---\n\n[[Missing Note]] and [x](nowhere.md#top) @ [see: \"Extra\" @ 3:00]\n"
        var client = try await Client(files)
        await client.send([])
        let outcome = try await client.course.check()
        var expected: [String] = []
        for diagnostic in outcome.diagnostics {
            let path = String(diagnostic.file.dropFirst("Content/".count))
            expected.append("\(client.uri(path)) \((diagnostic.span?.line ?? 1) - 1) \(diagnostic.rule.rawValue)")
        }
        var found: [String] = []
        for uri in Set(client.notifications.compactMap { $0["params"]?["uri"]?.stringValue }) {
            let last = client.notifications.last { $0["params"]?["uri"] == .string(uri) }
            for item in last?["params"]?["diagnostics"]?.arrayValue ?? [] {
                found.append("\(uri) \(item["range"]?["start"]?["line"]?.intValue ?? -1) \(item["code"]?.stringValue ?? "")")
            }
        }
        #expect(expected.count > 20)
        #expect(found.sorted() == expected.sorted())
    }
}

enum ProtocolRange {
    static func line(_ line: Int, _ start: Int, _ end: Int) -> JSON {
        .object(["start": Position(line: line, character: start).json, "end": Position(line: line, character: end).json])
    }
}

@Suite struct RelatedInformationTests {
    func related(_ files: [String: String], _ path: String, _ code: String) async throws -> [JSON] {
        var all = sampleCourse
        all.merge(files) { $1 }
        var client = try await Client(all)
        await client.send([])
        let finding = try #require(client.diagnostics(path).first { $0["code"] == .string(code) }, "\(client.diagnostics(path))")
        return finding["relatedInformation"]?.arrayValue ?? []
    }

    @Test func aPrerequisiteCycleNamesItsOtherLessons() async throws {
        let found = try await related([
            "lessons/one.md": "---\ntitle: One\nprerequisites: [Two]\n---\n\nOne.\n",
            "lessons/two.md": "---\ntitle: Two\nprerequisites: [One]\n---\n\nTwo.\n",
        ], "lessons/one.md", "prerequisite-cycle")
        #expect(found.compactMap { $0["location"]?["uri"]?.stringValue }.map { $0.hasSuffix("lessons/two.md") } == [true])
        #expect(found.first?["location"]?["range"]?["start"]?["line"] == .int(2))
    }

    @Test func aDuplicateNamesTheFirst() async throws {
        let slug = try await related([
            "lessons/one.md": "---\ntitle: One\nslug: same\n---\n\nOne.\n",
            "articles/two.md": "---\ntitle: Two\nslug: same\n---\n\nTwo.\n",
        ], "lessons/one.md", "duplicate-slug")
        #expect(slug.compactMap { $0["location"]?["uri"]?.stringValue }.map { $0.hasSuffix("articles/two.md") } == [true])
        let heading = try await related(["lessons/one.md": "# One\n\n## Part {#p}\n\n## Other {#p}\n"], "lessons/one.md", "duplicate-heading")
        #expect(heading.first?["location"]?["range"]?["start"]?["line"] == .int(2))
    }
}

/// The folder named on the command line is read while the editor starts the session; buffers
/// opened meanwhile count as pages changed since.
@Suite struct PreloadTests {
    @Test func aPreloadedCourseTakesTheBuffersOpenedSince() async throws {
        let course = try TemporaryCourse(sampleCourse)
        defer { course.remove() }
        let location = ContentLocation(directory: course.content.path, displayName: "Content")
        let preloaded = try await CourseCheck.load(location, options: LoadOptions(jobs: 2))
        #expect(!preloaded.diagnostics.contains { $0.rule == .unknownReference })
        var workspace = Workspace(location: location, options: LoadOptions(jobs: 2))
        let uri = workspace.uri(ofRelativePath: "lessons/care.md")
        workspace.open(TextDocument(uri: uri, version: 1, text: "---\ntitle: On Care\n---\n\n[see: \"Nowhere\"]\n"))
        workspace.adopt(preloaded)
        #expect(workspace.isStale, "the open buffer differs from what was read")
        try await workspace.refresh()
        #expect(workspace.check?.diagnostics.map(\.rule) == [.unknownReference])

        var untouched = Workspace(location: location, options: LoadOptions(jobs: 2))
        untouched.adopt(preloaded)
        #expect(!untouched.isStale, "nothing opened: the preloaded course is the course")
        var elsewhere = Workspace(location: ContentLocation(directory: "/nowhere", displayName: "x"), options: LoadOptions(jobs: 2))
        elsewhere.adopt(preloaded)
        #expect(elsewhere.check == nil, "a course of another folder is not taken")
    }
}
