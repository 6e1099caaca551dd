import Course
import Foundation
import LanguageServer
import Support
import Testing
import TestSupport

/// An editor, as far as tests need one: it writes framed JSON-RPC into a `LanguageServer` and
/// reads what comes back, keeping the notifications it was sent.
struct Client {
    let course: TemporaryCourse
    var server: LanguageServer
    var notifications: [JSON] = []
    var initializeResult: JSON = .null
    private var nextID = 1

    /// A server on a course of `files`, initialized, with the client capabilities given.
    init(_ files: [String: String], capabilities: String = "{}") async throws {
        course = try TemporaryCourse(files)
        // What `check` is handed: the built-in theme's reserved ids and files.
        var options = course.pipeline().load
        options.cacheDirectory = nil
        server = LanguageServer(settings: .init(content: ContentLocation(directory: course.content.path, displayName: "Content"),
                                                options: options, rulesURL: "https://example.org/checks.md"))
        initializeResult = try await request("initialize", #"{"rootUri": "file:///nowhere", "capabilities": \#(capabilities)}"#)
        try await notify("initialized", "{}")
    }

    func uri(_ path: String) -> String { URL(fileURLWithPath: course.content.path + "/" + path).standardizedFileURL.resolvingSymlinksInPath().absoluteString }

    /// Sends messages in one write, as a fast editor would, and keeps every reply.
    @discardableResult
    mutating func send(_ messages: [JSON]) async -> [JSON] {
        var bytes: [UInt8] = []
        for message in messages { bytes += MessageFramer.frame(message) }
        return await receive(bytes)
    }

    mutating func receive(_ bytes: [UInt8]) async -> [JSON] {
        let replies = await server.receive(bytes)
        notifications += replies.filter { $0["id"] == nil }
        return replies
    }

    mutating func request(_ method: String, _ params: String) async throws -> JSON {
        let response = try await respond(method, params)
        if let error = response["error"] { Issue.record("\(method) failed: \(error.serialized())") }
        return response["result"] ?? .null
    }

    /// The whole response (result or error) to one request.
    mutating func respond(_ method: String, _ params: String) async throws -> JSON {
        let id = nextID
        nextID += 1
        let replies = await send([RPC.request(id: id, method, try JSON.parse(Array(params.utf8)))])
        return try #require(replies.first { $0["id"] == .int(id) }, "no response to \(method)")
    }

    mutating func notify(_ method: String, _ params: String) async throws {
        await send([RPC.notification(method, try JSON.parse(Array(params.utf8)))])
    }

    mutating func open(_ path: String, _ text: String) async throws {
        await send([RPC.notification("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(uri(path)), "languageId": .string("markdown"), "version": .int(1), "text": .string(text)])]))])
    }

    /// Replaces the text of lines `line`… (0-based) from `start` to `end` characters with `text`.
    mutating func change(_ path: String, version: Int, line: Int, start: Int, end: Int, endLine: Int? = nil, _ text: String) async {
        await send([Self.change(uri(path), version: version, line: line, start: start, end: end, endLine: endLine, text)])
    }

    static func change(_ uri: String, version: Int, line: Int, start: Int, end: Int, endLine: Int? = nil, _ text: String) -> JSON {
        let range = JSON.object(["start": Position(line: line, character: start).json, "end": Position(line: endLine ?? line, character: end).json])
        return RPC.notification("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(version)]),
            "contentChanges": .array([.object(["range": range, "text": .string(text)])])]))
    }

    /// The diagnostics last published for a file.
    func diagnostics(_ path: String) -> [JSON] {
        let published = notifications.last { $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string(uri(path)) }
        return published?["params"]?["diagnostics"]?.arrayValue ?? []
    }

    func codes(_ path: String) -> [String] { diagnostics(path).compactMap { $0["code"]?.stringValue } }

    func position(_ line: Int, _ character: Int, in path: String) -> String {
        #"{"textDocument": {"uri": "\#(uri(path))"}, "position": {"line": \#(line), "character": \#(character)}}"#
    }

    /// The text of `path` after a workspace edit's changes to it.
    func applying(_ edit: JSON, to path: String, text: String) throws -> String {
        var edits = edit["changes"]?[uri(path)]?.arrayValue ?? []
        for change in edit["documentChanges"]?.arrayValue ?? [] where change["textDocument"]?["uri"] == .string(uri(path)) {
            edits += change["edits"]?.arrayValue ?? []
        }
        // From the end, so that earlier ranges stay where they were.
        edits.sort { left, right in
            let (l, r) = (Position(left["range"]?["start"]), Position(right["range"]?["start"]))
            return (l?.line ?? 0, l?.character ?? 0) > (r?.line ?? 0, r?.character ?? 0)
        }
        var document = TextDocument(uri: uri(path), version: 0, text: text)
        for edit in edits { try document.apply(.object(["range": edit["range"] ?? .null, "text": edit["newText"] ?? .null]), encoding: .utf16) }
        return document.text
    }
}
