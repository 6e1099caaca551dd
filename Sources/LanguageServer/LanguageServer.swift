import Build
import Course
import Foundation
import Linking
import Markdown
import Support

/// `syllabus lsp`: one editor's session. Bytes from the client go in (`receive`), the messages
/// to write back come out; nothing here touches standard input or output, so tests drive it
/// exactly as an editor does. Every message of a batch is handled before the course is judged
/// again, so a burst of edits costs one check.
public struct LanguageServer: Sendable {
    /// How the server was started: `--content` (else the folder the editor opens), the load
    /// options of `check`, and where the rules are documented.
    public struct Settings: Sendable {
        public var content: ContentLocation?
        public var options: LoadOptions
        public var strict: Bool
        public var rulesURL: String?
        /// The folder named on the command line, read while the editor starts up:
        /// the first index then costs no more than a `check` of it.
        public var preload: Task<CourseCheck?, Never>?

        public init(content: ContentLocation?, options: LoadOptions, strict: Bool = false, rulesURL: String? = nil) {
            self.content = content
            self.options = options
            self.strict = strict
            self.rulesURL = rulesURL
        }

        /// Starts reading `content`, when it is named, as the first refresh would.
        public mutating func startPreload() {
            guard let content else { return }
            let options = options, strict = strict
            preload = Task.detached { try? await CourseCheck.load(content, options: options, strict: strict) }
        }
    }

    public let settings: Settings
    public internal(set) var workspace: Workspace?
    var encoding = PositionEncoding.utf16
    var clientPullsDiagnostics = false
    var shutdownRequested = false
    /// Whether the first refresh took the preloaded course (`Settings.preload`).
    var preloadTaken = false
    /// Set by `exit`: the process ends with this status (0 after `shutdown`, else 1).
    public private(set) var exitStatus: Int32?
    private var framer = MessageFramer()
    /// The diagnostics last sent for each URI, and the result id of each (pull diagnostics).
    var published: [String: JSON] = [:]
    var resultIDs: [String: String] = [:]
    var generation = 0
    /// Files whose findings changed since they were last sent.
    var unsent: Set<String> = []
    /// The client has pulled the workspace's diagnostics: nothing is pushed any more.
    var workspacePulled = false
    /// Messages a request leaves to send after its response.
    var outbox: [JSON] = []
    private var nextRequestID = 1

    public init(settings: Settings) {
        self.settings = settings
    }

    // MARK: Transport

    /// Handles every whole message in `bytes` (with those left over from before), then judges
    /// the course once if anything changed and publishes what changed.
    public mutating func receive(_ bytes: some Sequence<UInt8>) async -> [JSON] {
        let replies = await handleMessages(in: bytes)
        return exitStatus != nil ? replies : replies + (await publishIfChanged())
    }

    /// Handles every whole message in `bytes` and answers the requests, publishing nothing: the
    /// caller publishes (`publishIfChanged`) once no more input waits, so that a burst of edits
    /// is judged once and a completion is answered before the course is judged again.
    public mutating func handleMessages(in bytes: some Sequence<UInt8>) async -> [JSON] {
        framer.append(bytes)
        var out: [JSON] = []
        while let piece = framer.next() {
            switch piece {
            case .garbage(let reason):
                out.append(RPC.log("syllabus lsp: dropped input: \(reason)", type: 1))
            case .body(let body):
                do {
                    let message = try JSON.parse(body)
                    out += await handle(message)
                    out += outbox
                    outbox = []
                } catch {
                    out.append(RPC.error(id: .null, RPC.Failure(.parseError, "the message is not JSON: \(error)")))
                }
            }
            if exitStatus != nil { return out }
        }
        return out
    }

    /// One message: a request gets its response (or an error), a notification maybe some
    /// notifications back, a response from the client nothing.
    public mutating func handle(_ message: JSON) async -> [JSON] {
        guard case .object = message else {
            return [RPC.error(id: .null, RPC.Failure(.invalidRequest, "a message must be a JSON object"))]
        }
        guard let method = message["method"]?.stringValue else { return [] }
        let params = message["params"] ?? .null
        guard let id = message["id"] else { return await notification(method, params) }
        do {
            return [RPC.response(id: id, result: try await request(method, params))]
        } catch {
            return [RPC.error(id: id, error)]
        }
    }

    // MARK: Requests

    mutating func request(_ method: String, _ params: JSON) async throws(RPC.Failure) -> JSON {
        if method == "initialize" { return initialize(params) }
        if method == "shutdown" {
            shutdownRequested = true
            return .null
        }
        guard workspace != nil else { throw RPC.Failure(.serverNotInitialized, "initialize comes first") }
        // Completion reads the line from the editor's buffer and the names from the course as
        // last judged: it need not wait for the course to be judged again.
        if method != "textDocument/completion" || workspace?.check == nil { try await refresh() }
        guard let workspace, let check = workspace.check else { throw RPC.Failure(.requestFailed, "the course could not be loaded") }
        let features = Features(workspace: workspace, check: check, encoding: encoding, rulesURL: settings.rulesURL)
        switch method {
        case "textDocument/diagnostic": return documentDiagnostics(params)
        case "workspace/diagnostic":
            if !workspacePulled {
                // What was pushed before is cleared, so that no finding shows twice.
                outbox += published.keys.sorted().filter(isPushed).map { uri in
                    RPC.notification("textDocument/publishDiagnostics", .object(["uri": .string(uri), "diagnostics": .array([])]))
                }
                workspacePulled = true
            }
            return workspaceDiagnostics(params)
        case "textDocument/completion": return try features.completion(params)
        case "textDocument/hover": return try features.hover(params)
        case "textDocument/definition": return try features.definition(params)
        case "textDocument/references": return try features.references(params)
        case "textDocument/documentSymbol": return try features.documentSymbols(params)
        case "workspace/symbol": return features.workspaceSymbols(params)
        case "textDocument/documentLink": return try features.documentLinks(params)
        case "textDocument/prepareRename": return try features.prepareRename(params)
        case "textDocument/rename": return try features.rename(params)
        case "textDocument/codeAction": return try features.codeActions(params)
        case "workspace/willRenameFiles": return features.willRenameFiles(params)
        default: throw RPC.Failure(.methodNotFound, "syllabus lsp does not answer \(method)")
        }
    }

    mutating func initialize(_ params: JSON) -> JSON {
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        encoding = .negotiated(offered: offered)
        clientPullsDiagnostics = params["capabilities"]?["textDocument"]?["diagnostic"] != nil
        let location = settings.content ?? Self.contentFolder(opening: params)
        workspace = Workspace(location: location, options: settings.options, strict: settings.strict)
        return .object([
            "capabilities": Self.capabilities(encoding: encoding),
            "serverInfo": .object(["name": .string("syllabus"), "version": .string(CompilerIdentity.version)]),
        ])
    }

    /// The content folder of the folder the editor opens: its `Content/` when it has one (the
    /// project's layout), else the folder itself (a folder of notes).
    static func contentFolder(opening params: JSON) -> ContentLocation {
        let uri = params["workspaceFolders"]?.arrayValue?.first?["uri"]?.stringValue ?? params["rootUri"]?.stringValue
        let folder = uri.flatMap { URL(string: $0) }.map(\.path) ?? params["rootPath"]?.stringValue ?? FileManager.default.currentDirectoryPath
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/Content", isDirectory: &isFolder), isFolder.boolValue {
            return ContentLocation(directory: folder + "/Content", displayName: folder + "/Content")
        }
        return ContentLocation(directory: folder, displayName: folder)
    }

    static func capabilities(encoding: PositionEncoding) -> JSON {
        let pages: JSON = .object(["filters": .array([.object(["pattern": .object(["glob": .string("**/*.{md,markdown,mdx}")])])])])
        return .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": .object(["openClose": .bool(true), "change": .int(2), "save": .object(["includeText": .bool(false)])]),
            "completionProvider": .object(["triggerCharacters": .array(["\"", "@", "[", "(", "#", "|", "!", " ", "/"].map { .string($0) })]),
            "hoverProvider": .bool(true),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "documentSymbolProvider": .bool(true),
            "workspaceSymbolProvider": .bool(true),
            "documentLinkProvider": .object(["resolveProvider": .bool(false)]),
            "renameProvider": .object(["prepareProvider": .bool(true)]),
            "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix"), .string("refactor")])]),
            "diagnosticProvider": .object(["interFileDependencies": .bool(true), "workspaceDiagnostics": .bool(true)]),
            "workspace": .object(["fileOperations": .object(["willRename": pages])]),
        ])
    }

    // MARK: Notifications

    mutating func notification(_ method: String, _ params: JSON) async -> [JSON] {
        if method == "exit" {
            exitStatus = shutdownRequested ? 0 : 1
            return []
        }
        guard workspace != nil else { return [] }
        do throws(RPC.Failure) {
            switch method {
            case "initialized":
                // The folder is read once the input pauses after `initialize` (a new workspace
                // is stale): nothing more to do.
                break
            case "textDocument/didOpen":
                let item = params["textDocument"]
                guard let uri = item?["uri"]?.stringValue, let text = item?["text"]?.stringValue else {
                    throw RPC.Failure(.invalidParams, "didOpen without a document")
                }
                workspace?.open(TextDocument(uri: uri, version: item?["version"]?.intValue ?? 0, text: text))
            case "textDocument/didChange":
                guard let uri = params["textDocument"]?["uri"]?.stringValue, let changes = params["contentChanges"]?.arrayValue else {
                    throw RPC.Failure(.invalidParams, "didChange without a document or changes")
                }
                try workspace?.change(uri, version: params["textDocument"]?["version"]?.intValue, changes: changes, encoding: encoding)
            case "textDocument/didClose":
                if let uri = params["textDocument"]?["uri"]?.stringValue { workspace?.close(uri) }
            case "textDocument/didSave":
                if let uri = params["textDocument"]?["uri"]?.stringValue { workspace?.noteChange(of: uri) }
            case "workspace/didChangeWatchedFiles":
                for change in params["changes"]?.arrayValue ?? [] {
                    guard let uri = change["uri"]?.stringValue, workspace?.documents[uri] == nil else { continue }
                    // Created (1) and deleted (3) files change what the folder holds.
                    if change["type"]?.intValue == 2 { workspace?.noteChange(of: uri) } else { workspace?.noteFolderChanged() }
                }
            case "workspace/didRenameFiles", "workspace/didCreateFiles", "workspace/didDeleteFiles":
                workspace?.noteFolderChanged()
            default:
                // `$/cancelRequest`, `$/setTrace` and notifications of newer protocol versions ask
                // nothing of this server.
                return []
            }
        } catch {
            return [RPC.log("syllabus lsp: \(method): \(error.message)", type: 1)]
        }
        return []
    }

    // MARK: Judging and publishing

    /// Judges the course again if anything changed, and notes which files' findings changed.
    mutating func refresh() async throws(RPC.Failure) {
        guard workspace?.isStale == true else { return }
        if !preloadTaken, let preload = settings.preload {
            preloadTaken = true
            if let check = await preload.value { workspace?.adopt(check) }
        }
        // (The preloaded course needs judging again only if a buffer changed since it was read.)
        if workspace?.isStale == true {
            do {
                try await workspace?.refresh()
            } catch {
                throw RPC.Failure(.requestFailed, error.description)
            }
        }
        generation += 1
        let current = currentDiagnostics()
        for uri in Set(current.keys).union(published.keys) where published[uri] != current[uri] {
            published[uri] = current[uri]
            resultIDs[uri] = "\(generation)"
            unsent.insert(uri)
        }
    }

    /// After a batch: judges the course again if anything changed, and sends the diagnostics of
    /// every file whose findings changed (an empty list for a file that has none now). A client
    /// that pulls diagnostics is asked to pull again instead.
    public mutating func publishIfChanged() async -> [JSON] {
        do {
            try await refresh()
        } catch {
            return [RPC.log("syllabus lsp: \(error.message)", type: 1)]
        }
        guard !unsent.isEmpty else { return [] }
        defer { unsent = [] }
        // The pages open in the editor first: the author is looking at them.
        let ordered = unsent.sorted { (workspace?.documents[$0] == nil ? 1 : 0, $0) < (workspace?.documents[$1] == nil ? 1 : 0, $1) }
        var out = ordered.filter(isPushed).map(pushed)
        if clientPullsDiagnostics { out.append(RPC.request(id: nextID(), "workspace/diagnostic/refresh", .null)) }
        return out
    }

    /// Whether a file's findings are pushed: always to a client that does not pull; to one that
    /// pulls, only those of closed files, and those only until it pulls the workspace's
    /// (Neovim pulls open buffers alone, VS Code the whole workspace).
    func isPushed(_ uri: String) -> Bool {
        !clientPullsDiagnostics || (!workspacePulled && workspace?.documents[uri] == nil)
    }

    func pushed(_ uri: String) -> JSON {
        var params: [String: JSON] = ["uri": .string(uri), "diagnostics": published[uri] ?? .array([])]
        if let version = workspace?.documents[uri]?.version { params["version"] = .int(version) }
        return RPC.notification("textDocument/publishDiagnostics", .object(params))
    }

    mutating func nextID() -> Int {
        defer { nextRequestID += 1 }
        return nextRequestID
    }

    /// Every file's findings, as LSP diagnostics, by URI.
    func currentDiagnostics() -> [String: JSON] {
        guard let workspace, let check = workspace.check else { return [:] }
        let converter = diagnosticConverter(workspace: workspace, check: check)
        var byFile: [String: [JSON]] = [:]
        for diagnostic in check.diagnostics {
            let relative = workspace.relativePath(ofDisplayed: diagnostic.file)
            byFile[workspace.uri(ofRelativePath: relative), default: []].append(converter.json(diagnostic, relative: relative))
        }
        return byFile.mapValues { .array($0) }
    }

    func diagnosticConverter(workspace: Workspace, check: CourseCheck) -> ProtocolDiagnostics {
        let pages = Dictionary(check.course.pages.enumerated().map { ($1.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        return ProtocolDiagnostics(encoding: encoding, rulesURL: settings.rulesURL, lineText: { relative, line in
            if let index = pages[relative] { return check.course.pages[index].lines[line].map { Substring($0) } }
            return workspace.text(ofRelativePath: relative).map { TextDocument.line(line - 1, in: $0) }
        }, related: { diagnostic in
            RelatedPages.of(diagnostic, in: check.graph, workspace: workspace, encoding: encoding)
        })
    }

    // MARK: Pull diagnostics

    func documentDiagnostics(_ params: JSON) -> JSON {
        let uri = params["textDocument"]?["uri"]?.stringValue ?? ""
        let resultID = resultIDs[uri] ?? "0"
        if params["previousResultId"]?.stringValue == resultID {
            return .object(["kind": .string("unchanged"), "resultId": .string(resultID)])
        }
        return .object(["kind": .string("full"), "resultId": .string(resultID), "items": published[uri] ?? .array([])])
    }

    func workspaceDiagnostics(_ params: JSON) -> JSON {
        var previous: [String: String] = [:]
        for item in params["previousResultIds"]?.arrayValue ?? [] {
            if let uri = item["uri"]?.stringValue, let value = item["value"]?.stringValue { previous[uri] = value }
        }
        let reports: [JSON] = resultIDs.keys.sorted().map { uri in
            let resultID = resultIDs[uri] ?? "0"
            var report: [String: JSON] = ["uri": .string(uri), "resultId": .string(resultID), "version": .null]
            if let version = workspace?.documents[uri]?.version { report["version"] = .int(version) }
            if previous[uri] == resultID {
                report["kind"] = .string("unchanged")
            } else {
                report["kind"] = .string("full")
                report["items"] = published[uri] ?? .array([])
            }
            return .object(report)
        }
        return .object(["items": .array(reports)])
    }
}
