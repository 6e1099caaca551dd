import Course
import Foundation
import LanguageServer
import Support
import Testing
import TestSupport

/// Hostile or careless clients get an error response or a log line, never a crash or a hang.
@Suite struct RobustnessTests {
    static func framed(_ body: String, length: Int? = nil) -> [UInt8] {
        Array("Content-Length: \(length ?? body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    static func hover(_ id: Int) -> String {
        #"{"jsonrpc": "2.0", "id": \#(id), "method": "workspace/symbol", "params": {"query": "care"}}"#
    }

    @Test func malformedJSONIsAParseErrorAndTheNextMessageIsAnswered() async throws {
        var client = try await Client(sampleCourse)
        let replies = await client.receive(Self.framed("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": ") + Self.framed(Self.hover(6)))
        #expect(replies.first?["error"]?["code"] == .int(-32700))
        #expect(replies.first?["id"] == .null)
        #expect(replies.contains { $0["id"] == .int(6) && $0["result"] != nil })
    }

    @Test func aWrongContentLengthLosesOnlyItsMessage() async throws {
        var client = try await Client(sampleCourse)
        // Too short: the body is cut, and its rest is no header.
        var bytes = Self.framed(Self.hover(1), length: 20) + Self.framed(Self.hover(2))
        // No Content-Length at all.
        bytes += Array("Content-Type: application/json\r\n\r\n".utf8) + Self.framed(Self.hover(3))
        // Not a number, and more than any page.
        bytes += Array("Content-Length: lots\r\n\r\n".utf8) + Self.framed(Self.hover(4))
        bytes += Self.framed("{}", length: Int.max / 2) + Self.framed(Self.hover(5))
        let replies = await client.receive(bytes)
        #expect(replies.contains { $0["error"]?["code"] == .int(-32700) })
        #expect(replies.contains { $0["method"] == .string("window/logMessage") })
        for id in [2, 3, 4, 5] { #expect(replies.contains { $0["id"] == .int(id) && $0["result"] != nil }, "request \(id)") }
        // A message split anywhere is read whole.
        let whole = Self.framed(Self.hover(7))
        var answered: [JSON] = []
        for byte in whole { answered += await client.receive([byte]) }
        #expect(answered.contains { $0["id"] == .int(7) })
    }

    @Test func unknownMethodsAndMessagesThatAreNoRequests() async throws {
        var client = try await Client(sampleCourse)
        let unknown = try await client.respond("textDocument/semanticTokens/full", #"{"textDocument": {"uri": "file:///x.md"}}"#)
        #expect(unknown["error"]?["code"] == .int(-32601))
        // An unknown notification asks nothing; an array or a number is no message.
        let replies = await client.receive(Self.framed(#"{"jsonrpc": "2.0", "method": "$/unknown", "params": {}}"#)
                                           + Self.framed("[1, 2]") + Self.framed("42") + Self.framed(String(repeating: "[", count: 100_000)))
        #expect(replies.filter { $0["error"]?["code"] == .int(-32600) }.count == 2)
        #expect(replies.filter { $0["error"]?["code"] == .int(-32700) }.count == 1)
        // A request about a file outside the course, or with no position, is refused.
        let outside = try await client.respond("textDocument/hover", #"{"textDocument": {"uri": "file:///etc/passwd"}, "position": {"line": 0, "character": 0}}"#)
        #expect(outside["error"]?["code"] == .int(-32602))
        let noPosition = try await client.respond("textDocument/completion", #"{"textDocument": {"uri": "\#(client.uri("lessons/care.md"))"}}"#)
        #expect(noPosition["error"]?["code"] == .int(-32602))
    }

    @Test func requestsBeforeInitializeAndTheEndOfASession() async throws {
        let course = try TemporaryCourse(sampleCourse)
        var server = LanguageServer(settings: .init(content: ContentLocation(directory: course.content.path), options: LoadOptions(jobs: 1)))
        let early = await server.receive(Self.framed(Self.hover(1)))
        #expect(early.first?["error"]?["code"] == .int(-32002))
        _ = await server.receive(Self.framed(#"{"jsonrpc": "2.0", "method": "exit"}"#))
        #expect(server.exitStatus == 1)
        var polite = LanguageServer(settings: .init(content: ContentLocation(directory: course.content.path), options: LoadOptions(jobs: 1)))
        _ = await polite.receive(Self.framed(#"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}"#)
                                 + Self.framed(#"{"jsonrpc": "2.0", "id": 2, "method": "shutdown"}"#)
                                 + Self.framed(#"{"jsonrpc": "2.0", "method": "exit"}"#))
        #expect(polite.exitStatus == 0)
    }

    @Test func positionsOutOfRangeAreClampedOrAnsweredWithNothing() async throws {
        var client = try await Client(sampleCourse)
        let text = try #require(client.course.read("lessons/care.md"))
        try await client.open("lessons/care.md", text)
        for (line, character) in [(10_000, 0), (5, 10_000), (-3, -7)] {
            for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/references",
                           "textDocument/prepareRename"] {
                let response = try await client.respond(method, client.position(line, character, in: "lessons/care.md"))
                #expect(response["error"] == nil, "\(method) at \(line):\(character)")
            }
        }
        // An edit past the end appends; the text stays whole.
        await client.change("lessons/care.md", version: 2, line: 400, start: 9, end: 9, "\n[see: \"Nowhere\"]\n")
        #expect(client.codes("lessons/care.md") == ["unknown-reference"])
        let actions = try await client.respond("textDocument/codeAction", #"""
            {"textDocument": {"uri": "\#(client.uri("lessons/care.md"))"}, "range": {"start": {"line": 99999, "character": 0}, "end": {"line": -1, "character": 0}}, "context": {"diagnostics": []}}
            """#)
        #expect(actions["error"] == nil)
    }

    @Test func aThousandEditsInABurstAreCheckedOnce() async throws {
        var client = try await Client(sampleCourse)
        try await client.open("lessons/notes.md", "# Notes\n\n")
        let uri = client.uri("lessons/notes.md")
        var edits: [JSON] = []
        for version in 2...1001 { edits.append(Client.change(uri, version: version, line: 2, start: 0, end: 0, "x")) }
        let before = client.notifications.count
        let start = ContinuousClock.now
        let replies = await client.send(edits + [Client.change(uri, version: 1002, line: 2, start: 1000, end: 1000, " [see: \"Nowhere\"]")])
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(replies.count == 1)
        #expect(client.notifications.count == before + 1)
        #expect(client.codes("lessons/notes.md") == ["unknown-reference"])
        #expect(client.diagnostics("lessons/notes.md").first?["range"] == ProtocolRange.line(2, 1001, 1017))
        // And one at a time, each checked: the last findings are the same.
        for version in 1003...1100 { await client.send([Client.change(uri, version: version, line: 2, start: 0, end: 0, "y")]) }
        #expect(client.diagnostics("lessons/notes.md").first?["range"] == ProtocolRange.line(2, 1099, 1115))
    }

    @Test func aFiftyMegabytePage() async throws {
        var client = try await Client(sampleCourse)
        let paragraph = "A long line of plain words about care, kept for a very long page. [see: \"Breathing Slowly\"]\n\n"
        let text = "# Big\n\n" + String(repeating: paragraph, count: 50_000_000 / paragraph.utf8.count) + "[see: \"Nowhere\"]\n"
        let start = ContinuousClock.now
        try await client.open("lessons/big.md", text)
        #expect(client.codes("lessons/big.md") == ["unknown-reference"])
        let line = text.utf8.count { $0 == UInt8(ascii: "\n") } - 1
        await client.change("lessons/big.md", version: 2, line: line, start: 7, end: 14, "Breathing Slowly")
        #expect(client.codes("lessons/big.md") == [])
        #expect(ContinuousClock.now - start < .seconds(120))
    }

    @Test func aFileDeletedUnderItsBuffer() async throws {
        var client = try await Client(sampleCourse)
        let path = "lessons/breathing.md"
        try await client.open(path, try #require(client.course.read(path)))
        try FileManager.default.removeItem(at: client.course.content.appendingPathComponent(path))
        try await client.notify("workspace/didChangeWatchedFiles", #"{"changes": [{"uri": "\#(client.uri(path))", "type": 3}]}"#)
        // The buffer still holds the page: nothing breaks while it is open.
        #expect(client.codes("lessons/care.md").isEmpty)
        try await client.notify("textDocument/didClose", #"{"textDocument": {"uri": "\#(client.uri(path))"}}"#)
        #expect(client.codes("lessons/care.md") == ["unknown-prerequisite", "unknown-reference", "missing-page"])
        // Edits to a buffer that is not open are refused with a log line.
        let replies = await client.send([Client.change(client.uri(path), version: 9, line: 0, start: 0, end: 0, "x")])
        #expect(replies.contains { $0["method"] == .string("window/logMessage") })
    }

    @Test func aContentFolderThatIsGoneIsAnErrorNotACrash() async throws {
        var client = try await Client(sampleCourse)
        try FileManager.default.removeItem(at: client.course.content)
        try await client.notify("workspace/didChangeWatchedFiles", #"{"changes": [{"uri": "\#(client.uri("x.md"))", "type": 1}]}"#)
        #expect(client.notifications.last?["method"] == .string("window/logMessage"))
        let response = try await client.respond("workspace/symbol", #"{"query": ""}"#)
        #expect(response["error"]?["code"] == .int(-32803))
    }
}

@Suite struct JSONParserTests {
    @Test func readsWhatLanguageServerClientsWrite() throws {
        let value = try JSON.parse(Array(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": "\u00e9\ud83d\ude00\n\"\\\/", "c": {}} "#.utf8))
        #expect(value["a"] == .array([.int(1), .int(-2), .int(3), .int(1), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("é😀\n\"\\/"))
        #expect(value["c"] == .object([:]))
        #expect(try JSON.parse(Array("\"\\ud800x\"".utf8)) == .string("\u{FFFD}x"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"\u{01}\"", "\"\\q\"", "1 2", "-", "1.", "\"\\u12\"", "\"open"])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(Array(text.utf8)) }
    }

    @Test func roundTripsWhatItWrites() throws {
        let value = JSON.object(["text": .string("line\nbreak <b> & \"quotes\" 👍🏽"), "n": .int(-12), "list": .array([.bool(true), .null])])
        #expect(try JSON.parse(value.serializedBytes()) == value)
    }
}
