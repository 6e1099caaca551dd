import Build
import Publish
import Support
import Check
import Course
import FlyingFox
import FlyingSocks
import Foundation
import Site
import Markdown

/// `syllabus serve`: builds the course, serves the site on 127.0.0.1, watches the content
/// and templates, rebuilds on change and tells open pages to reload over server-sent events.
/// While the last rebuild failed, pages show its diagnostics instead of a stale site.
public final class DevServer: Sendable {
    public let port: UInt16
    let pipeline: Pipeline
    let watched: [String]
    let broadcaster = Broadcaster()
    let state = BuildState()
    let log: @Sendable (String) -> Void

    static let eventsPath = "/__syllabus/events"

    /// `pipeline.output` is where the served site is written (not the committed `site/`).
    public init(pipeline: Pipeline, port: UInt16, log: @escaping @Sendable (String) -> Void) {
        var serving = pipeline
        serving.liveReloadURL = Self.eventsPath
        self.pipeline = serving
        self.port = port
        self.watched = [pipeline.content.directory] + (pipeline.templates.map { [$0] } ?? [])
        self.log = log
    }

    /// Builds, then serves until the task is cancelled.
    public func run() async throws {
        await rebuild(reason: "first build")
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 3600, logger: .disabled)
        await server.appendRoute(HTTPRoute(stringLiteral: "GET \(Self.eventsPath)")) { [broadcaster] _ in
            let stream = await broadcaster.subscribe()
            return HTTPResponse(statusCode: .ok,
                                headers: HTTPHeaders([.contentType: "text/event-stream", .cacheControl: "no-cache"]),
                                body: HTTPBodySequence(from: EventBytes(stream: stream)))
        }
        await server.appendRoute("GET /__syllabus/status") { [state] _ in
            let current = await state.current
            let body = JSON.object(["version": .int(current.version), "ok": .bool(current.report == nil),
                                    "report": .string(current.report)]).serialized()
            return HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "application/json"]), body: Data(body.utf8))
        }
        await server.appendRoute("GET *") { [self] request in
            await self.respond(to: request.path, range: request.headers[.range])
        }
        log("syllabus: serving \(pipeline.content.displayName) at http://127.0.0.1:\(port)/ (Ctrl-C stops)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { try await self.watch() }
            defer { group.cancelAll() }
            try await group.next()
        }
        await server.stop()
    }

    // MARK: - Building

    func rebuild(reason: String) async {
        let start = ContinuousClock.now
        var report: String?
        var quick = false
        do {
            let outcome = try await pipeline.build()
            quick = outcome.quick
            if outcome.failed {
                report = DiagnosticFormatter.format(outcome.diagnostics, as: .text, summary: outcome.summary)
                    + "build failed: \(outcome.summary.problems)\n"
            }
        } catch {
            report = error.report + "\n"
        }
        let version = await state.finish(report: report)
        let elapsed = ContinuousClock.now - start
        if let report {
            log(report + "syllabus: \(reason): rebuild failed; the browser shows why")
            await broadcaster.send(event: "error-report", data: report)
        } else {
            let kind = quick ? "quick rebuild, " : ""
            log("syllabus: \(reason): rebuilt in \(elapsed.formatted(.units(allowed: [.milliseconds])))  (\(kind)version \(version))")
            await broadcaster.send(event: "reload", data: String(version))
        }
    }

    /// Polls the watched folders every 200 ms: a change is seen and rebuilt within a second.
    func watch() async throws {
        var last = Fingerprint.of(watched)
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(200))
            let now = Fingerprint.of(watched)
            guard now != last else { continue }
            // Let an editor finish writing (save = truncate + write) before building.
            try await Task.sleep(for: .milliseconds(80))
            last = Fingerprint.of(watched)
            await rebuild(reason: "change")
        }
    }

    // MARK: - Serving files

    func respond(to rawPath: String, range: String? = nil) async -> HTTPResponse {
        let current = await state.current
        // `/lessons/a%20b.html?x=1` → `lessons/a b.html`.
        var path = LinkTarget.percentDecoded(LinkTarget.pathPart(of: String(rawPath.drop(while: { $0 == "/" }))))
        if path.hasSuffix("/") || path.isEmpty { path += "index.html" }
        guard !path.split(separator: "/").contains("..") else { return HTTPResponse(statusCode: .forbidden) }
        let root = URL(fileURLWithPath: pipeline.output)
        var file = root.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), isDirectory.boolValue {
            file = file.appendingPathComponent("index.html")
        }
        let type = MediaType.of(file.path)
        if let report = current.report, type.hasPrefix("text/html") {
            return HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]),
                                body: Data(ErrorPage.html(report: report).utf8))
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            let notFound = FileManager.default.contents(atPath: root.appendingPathComponent("404.html").path) ?? Data("Not found".utf8)
            return HTTPResponse(statusCode: .notFound, headers: HTTPHeaders([.contentType: "text/html; charset=utf-8"]), body: notFound)
        }
        // Media players seek with Range requests; without 206 answers audio cannot seek.
        if let range {
            guard let bytes = ByteRange(header: range, size: data.count) else {
                return HTTPResponse(statusCode: .rangeNotSatisfiable, headers: HTTPHeaders([.contentRange: "bytes */\(data.count)"]))
            }
            return HTTPResponse(statusCode: .partialContent,
                                headers: HTTPHeaders([.contentType: type, .acceptRanges: "bytes", .cacheControl: "no-store",
                                          .contentRange: "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(data.count)"]),
                                body: data.subdata(in: bytes.lowerBound..<(bytes.upperBound + 1)))
        }
        return HTTPResponse(statusCode: .ok, headers: HTTPHeaders([.contentType: type, .acceptRanges: "bytes", .cacheControl: "no-store"]), body: data)
    }
}

/// The outcome of the latest build, shared between the watcher and the request handlers.
actor BuildState {
    struct Snapshot: Sendable {
        var version = 0
        var report: String?
    }

    private(set) var current = Snapshot()

    func finish(report: String?) -> Int {
        current.version += 1
        current.report = report
        return current.version
    }
}

/// Sends server-sent events to every open page.
actor Broadcaster {
    private var clients: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]

    func subscribe() -> AsyncStream<[UInt8]> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        clients[id] = continuation
        // A comment first, so the browser sees the stream open at once.
        continuation.yield(Array(": connected\n\n".utf8))
        return stream
    }

    func send(event: String, data: String) {
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n")
        let message = Array("event: \(event)\n\(lines)\n\n".utf8)
        for continuation in clients.values { continuation.yield(message) }
    }

    private func remove(_ id: UUID) {
        clients[id] = nil
    }
}

/// The byte stream of one event-stream response.
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            guard let buffer = await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk
            }
            let taken = Array(pending.prefix(Swift.max(1, count)))
            pending.removeFirst(taken.count)
            return taken
        }
    }
}

/// Paths, sizes and modification times of every file under some folders.
struct Fingerprint: Equatable {
    /// Per watched folder: every file with its size, times and inode, found with `readdir`
    /// and `fstatat` (about 15 ms for 10,000 files, polled five times a second), or the
    /// slower Foundation walk for a folder that holds links or special files.
    var folders: [FolderSurvey?]
    var slowWalks: [[String: [Double]]]

    static func of(_ folders: [String]) -> Fingerprint {
        var fingerprint = Fingerprint(folders: [], slowWalks: [])
        for folder in folders {
            let survey = FolderSurvey(folder, leavingOut: .hidden)
            fingerprint.folders.append(survey)
            fingerprint.slowWalks.append(survey == nil ? slowWalk(folder) : [:])
        }
        return fingerprint
    }

    static func slowWalk(_ folder: String) -> [String: [Double]] {
        var entries: [String: [Double]] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return entries }
        while let relative = enumerator.nextObject() as? String {
            let attributes = enumerator.fileAttributes ?? [:]
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
            entries[relative] = [modified, size]
        }
        return entries
    }
}

/// One `Range: bytes=…` request (`a-b`, `a-` or `-n`), as an inclusive byte range.
struct ByteRange {
    let lowerBound: Int
    let upperBound: Int

    init?(header: String, size: Int) {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = header.dropFirst("bytes=".count).split(separator: ",").first.map(String.init) ?? ""
        let parts = spec.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            lowerBound = max(0, size - suffix)
            upperBound = size - 1
        } else {
            guard let start = Int(parts[0]), start < size else { return nil }
            lowerBound = start
            upperBound = parts[1].isEmpty ? size - 1 : min(Int(parts[1]) ?? size - 1, size - 1)
            guard upperBound >= lowerBound else { return nil }
        }
    }
}

enum MediaType {
    static let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                        "json": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
                        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
                        "webp": "image/webp", "mp3": "audio/mpeg", "ogg": "audio/ogg", "m4a": "audio/mp4", "pdf": "application/pdf",
                        "woff2": "font/woff2", "ico": "image/x-icon"]

    static func of(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return types[ext] ?? "application/octet-stream"
    }
}

/// What the browser shows while the course does not build.
enum ErrorPage {
    static func html(report: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="syllabus-live-reload" content="\(DevServer.eventsPath)">
        <title>Build failed · syllabus serve</title>
        <link rel="stylesheet" href="/theme/style.css">
        <script src="/theme/site.js" defer></script>
        </head>
        <body>
        <main id="main" class="build-error">
        <h1>The course does not build</h1>
        <p>Fix the problems below and save; this page reloads by itself.</p>
        <pre class="build-report">\(Markdown.Escape.html(report))</pre>
        </main>
        </body>
        </html>

        """
    }
}
