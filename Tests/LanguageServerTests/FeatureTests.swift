import Course
import Foundation
@testable import LanguageServer
import Support
import Testing
import TestSupport

@Suite struct CompletionTests {
    /// The labels offered with `line` typed as line 8 of lessons/care.md, the cursor at its end.
    func labels(typing line: String, at path: String = "lessons/care.md", lineNumber: Int = 8) async throws -> [String] {
        var client = try await Client(sampleCourse)
        try await client.open(path, try #require(client.course.read(path)))
        await client.change(path, version: 2, line: lineNumber, start: 0, end: 0, line)
        let result = try await client.request("textDocument/completion", client.position(lineNumber, line.utf16.count, in: path))
        return result["items"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
    }

    @Test func titlesAliasesAndSlugsAfterSee() async throws {
        let labels = try await labels(typing: "See [see: \"Kin")
        #expect(labels.contains("The Kind Voice"))
        #expect(labels.contains("Kind Voice Episode"))
        #expect(labels.contains("voice"))
        #expect(labels.contains("Breathing Slowly"))
    }

    @Test func quoteTimesAfterTheAt() async throws {
        let labels = try await labels(typing: "See [see: \"The Kind Voice\" @ ")
        #expect(labels == ["12:30", "14:05"])
    }

    @Test func headingsAfterAWikilinksHash() async throws {
        #expect(try await labels(typing: "[[breathing#") == ["Setting up"])
        #expect(try await labels(typing: "[[breathing#Setting up") == ["Setting up", "|"])
        #expect(try await labels(typing: "[[bre").contains("breathing"))
        #expect(try await labels(typing: "[[breathing").contains("|"))
        #expect(try await !labels(typing: "[[bre").contains("|"))
    }

    @Test func pathsAndFragmentsAfterALink() async throws {
        #expect(try await labels(typing: "[x](").contains("../episodes/voice.md"))
        #expect(try await labels(typing: "[x](breathing.md#") == ["setting-up"])
    }

    @Test func calloutTypes() async throws {
        #expect(try await labels(typing: "> [!").contains("WARNING"))
    }

    @Test func frontMatterKeysAndValues() async throws {
        #expect(try await labels(typing: "ki", lineNumber: 2).contains("kind"))
        #expect(try await labels(typing: "kind: ", lineNumber: 2) == ["lesson", "episode", "article", "page"])
        let titles = try await labels(typing: "related: [\"", lineNumber: 2)
        #expect(titles.contains("The Kind Voice"))
    }

    @Test func lessonSlugsInTheOutline() async throws {
        var files = sampleCourse
        files["course.yml"] = "title: Care\nmodules:\n  - title: One\n    lessons: []\n"
        var client = try await Client(files)
        try await client.open("course.yml", files["course.yml"]!)
        await client.change("course.yml", version: 2, line: 3, start: 14, end: 14, "bre")
        let result = try await client.request("textDocument/completion", client.position(3, 17, in: "course.yml"))
        let labels = result["items"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
        #expect(labels.sorted() == ["breathing", "care"])
    }
}

@Suite struct NavigationTests {
    @Test func hoverShowsTheTargetAndItsBacklinks() async throws {
        var client = try await Client(sampleCourse)
        let hover = try await client.request("textDocument/hover", client.position(5, 8, in: "lessons/care.md"))
        let text = hover["contents"]?["value"]?.stringValue ?? ""
        #expect(text.contains("**Breathing Slowly** · lesson"))
        #expect(text.contains("Intro."))
        #expect(text.contains("1 page points here"))
        let quote = try await client.request("textDocument/hover", client.position(5, 40, in: "lessons/care.md"))
        #expect(quote["contents"]?["value"]?.stringValue?.contains("Care starts inside.") == true)
    }

    @Test func definitionGoesToThePageTheQuoteAndTheHeading() async throws {
        var client = try await Client(sampleCourse)
        let page = try await client.request("textDocument/definition", client.position(5, 8, in: "lessons/care.md"))
        #expect(page["uri"] == .string(client.uri("lessons/breathing.md")))
        #expect(page["range"]?["start"]?["line"] == .int(1))
        let quote = try await client.request("textDocument/definition", client.position(5, 40, in: "lessons/care.md"))
        #expect(quote["uri"] == .string(client.uri("episodes/voice.md")))
        #expect(quote["range"]?["start"]?["line"] == .int(5))
        let heading = try await client.request("textDocument/definition", client.position(7, 20, in: "lessons/care.md"))
        #expect(heading["range"]?["start"]?["line"] == .int(6))
    }

    @Test func referencesComeFromEverySyntaxAndFrontMatter() async throws {
        var client = try await Client(sampleCourse)
        let found = try await client.request("textDocument/references", client.position(0, 0, in: "lessons/breathing.md")
            .replacingOccurrences(of: "}}", with: "}, \"context\": {\"includeDeclaration\": false}}"))
        let lines = (found.arrayValue ?? []).compactMap { $0["range"]?["start"]?["line"]?.intValue }
        #expect(lines.sorted() == [2, 5, 7])
    }

    @Test func symbolsOfThePageAndTheCourse() async throws {
        var client = try await Client(sampleCourse)
        let symbols = try await client.request("textDocument/documentSymbol", #"{"textDocument": {"uri": "\#(client.uri("episodes/voice.md"))"}}"#)
        let names = (symbols.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == ["The Kind Voice", "@ 12:30 “Care starts inside.”", "@ 14:05 Another thought."])
        let course = try await client.request("workspace/symbol", #"{"query": "kind"}"#)
        let found = (course.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(found == ["The Kind Voice", "Kind Voice Episode"])
    }

    @Test func documentLinksPointAtTheFiles() async throws {
        var client = try await Client(sampleCourse)
        let links = try await client.request("textDocument/documentLink", #"{"textDocument": {"uri": "\#(client.uri("lessons/care.md"))"}}"#)
        let targets = (links.arrayValue ?? []).compactMap { $0["target"]?.stringValue }
        #expect(targets.sorted() == [client.uri("episodes/voice.md"), client.uri("lessons/breathing.md"), client.uri("lessons/breathing.md")])
    }
}

@Suite struct RefactoringTests {
    @Test func renamingATitleRewritesItsReferences() async throws {
        var client = try await Client(sampleCourse)
        let prepared = try await client.request("textDocument/prepareRename", client.position(1, 10, in: "lessons/breathing.md"))
        #expect(prepared["placeholder"] == .string("Breathing Slowly"))
        let edit = try await client.request("textDocument/rename", client.position(1, 10, in: "lessons/breathing.md")
            .replacingOccurrences(of: "}}", with: "}, \"newName\": \"Breathing Deeply\"}"))
        for path in ["lessons/breathing.md", "lessons/care.md"] {
            try client.course.write(path, try client.applying(edit, to: path, text: try #require(client.course.read(path))))
        }
        #expect(client.course.read("lessons/care.md")?.contains("prerequisites: [\"Breathing Deeply\"]") == true)
        #expect(client.course.read("lessons/care.md")?.contains("[see: \"Breathing Deeply\"]") == true)
        #expect(client.course.read("lessons/breathing.md")?.contains("title: \"Breathing Deeply\"") == true)
        #expect(try await client.course.check().diagnostics.isEmpty)
    }

    @Test func renamingFromAReferenceRenamesItsTarget() async throws {
        var client = try await Client(sampleCourse)
        let edit = try await client.request("textDocument/rename", client.position(5, 20, in: "lessons/care.md")
            .replacingOccurrences(of: "}}", with: "}, \"newName\": \"Slow Breath\"}"))
        #expect(edit["changes"]?[client.uri("lessons/breathing.md")] != nil)
    }

    @Test func renamingAHeadingMovesItsFragments() async throws {
        var client = try await Client(sampleCourse)
        let edit = try await client.request("textDocument/rename", client.position(6, 5, in: "lessons/breathing.md")
            .replacingOccurrences(of: "}}", with: "}, \"newName\": \"Getting ready\"}"))
        let care = try client.applying(edit, to: "lessons/care.md", text: try #require(client.course.read("lessons/care.md")))
        #expect(care.contains("[setup](breathing.md#getting-ready)"))
        let breathing = try client.applying(edit, to: "lessons/breathing.md", text: try #require(client.course.read("lessons/breathing.md")))
        #expect(breathing.contains("## Getting ready"))
    }

    @Test func renamingAQuotesTimeMovesItsReferences() async throws {
        var client = try await Client(sampleCourse)
        let edit = try await client.request("textDocument/rename", client.position(5, 1, in: "episodes/voice.md")
            .replacingOccurrences(of: "}}", with: "}, \"newName\": \"12:31\"}"))
        for path in ["episodes/voice.md", "lessons/care.md"] {
            try client.course.write(path, try client.applying(edit, to: path, text: try #require(client.course.read(path))))
        }
        #expect(client.course.read("lessons/care.md")?.contains("@ 12:31]") == true)
        #expect(try await client.course.check().diagnostics.isEmpty)
        let refused = try await client.respond("textDocument/rename", client.position(5, 1, in: "episodes/voice.md")
            .replacingOccurrences(of: "}}", with: "}, \"newName\": \"soon\"}"))
        #expect(refused["error"]?["code"] == .int(-32602))
    }

    @Test func theSuggestionIsAQuickFix() async throws {
        var files = sampleCourse
        files["lessons/broken.md"] = "# Broken\n\nSee [see: \"Breathing Slwly\"] and [x](breathing.md#setting-upp).\n"
        var client = try await Client(files)
        let actions = try await client.request("textDocument/codeAction", #"""
            {"textDocument": {"uri": "\#(client.uri("lessons/broken.md"))"}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "context": {"diagnostics": []}}
            """#)
        let titles = (actions.arrayValue ?? []).compactMap { $0["title"]?.stringValue }
        #expect(titles.contains("Create the page \"Breathing Slwly\""))
        #expect(titles.contains("Add \"Breathing Slwly\" as an alias of \"Breathing Slowly\""))
        let uri = client.uri("lessons/broken.md")
        let preferred = (actions.arrayValue ?? []).filter { $0["isPreferred"] == .bool(true) }
            .flatMap { $0["edit"]?["changes"]?[uri]?.arrayValue ?? [] }
        let text = try client.applying(.object(["changes": .object([uri: .array(preferred)])]), to: "lessons/broken.md",
                                       text: try #require(files["lessons/broken.md"]))
        #expect(text == "# Broken\n\nSee [see: \"Breathing Slowly\"] and [x](breathing.md#setting-up).\n")
        let create = try #require(actions.arrayValue?.first { $0["title"]?.stringValue?.hasPrefix("Create") == true })
        let created = create["edit"]?["documentChanges"]?.arrayValue?.first
        #expect(created?["kind"] == .string("create"))
        #expect(created?["uri"]?.stringValue?.hasSuffix("/lessons/breathing-slwly.md") == true)
    }

    @Test func addingAnAliasMendsTheReference() async throws {
        var files = sampleCourse
        files["lessons/broken.md"] = "# Broken\n\nSee [see: \"Breathing Slwly\"].\n"
        var client = try await Client(files)
        let actions = try await client.request("textDocument/codeAction", #"""
            {"textDocument": {"uri": "\#(client.uri("lessons/broken.md"))"}, "range": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 5}}, "context": {"diagnostics": []}}
            """#)
        let alias = try #require(actions.arrayValue?.first { $0["title"]?.stringValue?.hasPrefix("Add") == true })
        let path = "lessons/breathing.md"
        try client.course.write(path, try client.applying(alias["edit"] ?? .null, to: path, text: try #require(client.course.read(path))))
        #expect(try await client.course.check().diagnostics.isEmpty)
    }

    @Test func movingAPageRewritesTheLinksToIt() async throws {
        var files = sampleCourse
        files["course.yml"] = "title: Care\nchecks:\n  orphan: off\nmodules:\n  - title: One\n    lessons: [breathing, care]\n"
        files["articles/notes.md"] = "# Notes\n\nSee [[breathing]] and [b](../lessons/breathing.md).\n"
        var client = try await Client(files)
        let old = client.uri("lessons/breathing.md"), new = client.uri("lessons/practice/slow-breathing.md")
        let edit = try await client.request("workspace/willRenameFiles", #"{"files": [{"oldUri": "\#(old)", "newUri": "\#(new)"}]}"#)
        var texts: [String: String] = [:]
        for path in ["lessons/care.md", "articles/notes.md", "course.yml"] {
            texts[path] = try client.applying(edit, to: path, text: try #require(client.course.read(path)))
        }
        #expect(texts["lessons/care.md"]?.contains("[setup](practice/slow-breathing.md#setting-up)") == true)
        #expect(texts["articles/notes.md"] == "# Notes\n\nSee [[slow-breathing]] and [b](../lessons/practice/slow-breathing.md).\n")
        #expect(texts["course.yml"]?.contains("lessons: [slow-breathing, care]") == true)
        // Moved as the editor would, the course checks clean.
        for (path, text) in texts { try client.course.write(path, text) }
        try client.course.write("lessons/practice/slow-breathing.md", try #require(client.course.read("lessons/breathing.md")))
        try FileManager.default.removeItem(at: client.course.content.appendingPathComponent("lessons/breathing.md"))
        let left = try await client.course.check().diagnostics.map { "\($0.file):\($0.span?.line ?? 0) \($0.message)" }
        #expect(left == [])
    }

    @Test func movingABooksChapterRewritesItsSummary() async throws {
        let files = [
            "SUMMARY.md": "# Summary\n\n- [Start](start.md)\n- [Breathing](breathing.md)\n",
            "start.md": "# Start\n\nSee [breathing](breathing.md).\n",
            "breathing.md": "# Breathing\n\nSlowly.\n",
        ]
        var client = try await Client(files)
        let old = client.uri("breathing.md"), new = client.uri("body/breathing.md")
        let edit = try await client.request("workspace/willRenameFiles", #"{"files": [{"oldUri": "\#(old)", "newUri": "\#(new)"}]}"#)
        let summary = try client.applying(edit, to: "SUMMARY.md", text: try #require(files["SUMMARY.md"]))
        #expect(summary == "# Summary\n\n- [Start](start.md)\n- [Breathing](body/breathing.md)\n")
        let start = try client.applying(edit, to: "start.md", text: try #require(files["start.md"]))
        #expect(start == "# Start\n\nSee [breathing](body/breathing.md).\n")
    }
}

/// Workspace symbols match their query in any case, ASCII or not.
@Suite struct SymbolMatchTests {
    @Test func namesHoldTheQueryInAnyCase() {
        let query = { (text: String) in Array(text.lowercased().utf8) }
        #expect(Features.holds("The Soothing Breath", lowercased: query("soothing")))
        #expect(Features.holds("THE SOOTHING BREATH", lowercased: query("Breath")))
        #expect(Features.holds("“Kind words” land", lowercased: query("KIND")), "curly quotes around it")
        #expect(Features.holds("Mitgefühl üben", lowercased: query("ÜBEN")), "a query with other letters lowercases the text")
        #expect(!Features.holds("Soothing", lowercased: query("soothingly")))
        #expect(!Features.holds("breath", lowercased: query("breadth")))
        #expect(Features.holds("anything", lowercased: []))
    }
}
