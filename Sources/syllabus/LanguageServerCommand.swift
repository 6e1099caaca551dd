import ArgumentParser
import Course
import Foundation
import LanguageServer
import Support
import Synchronization

struct LanguageServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Speak the Language Server Protocol on standard input and output, for editors (docs/editors.md).")

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("Where the rules are documented; each diagnostic links to URL#rule-id (default: docs/checks.md of this checkout, when there is one).", valueName: "url"))
    var rulesURL: String?

    @Flag(name: .long, help: "Warnings count as errors, as `check --strict`.")
    var strict = false

    func run() async throws {
        // The folder named on the command line, else the one the editor opens.
        let named = source.folder ?? source.contentOption
        var options = source.checkOptions
        // The server keeps every page in memory; the page cache on disk is `check`'s and `build`'s.
        options.cacheDirectory = nil
        var settings = LanguageServer.Settings(content: named.map { ContentLocation(directory: $0, displayName: $0) },
                                               options: options, strict: strict, rulesURL: rulesURL ?? Self.localRulesURL)
        settings.startPreload()
        var server = LanguageServer(settings: settings)
        let input = StandardInput()
        input.start()
        var arrivals = input.arrivals.makeAsyncIterator()
        while true {
            let (bytes, ended) = input.take()
            if bytes.isEmpty {
                if ended { break }
                _ = await arrivals.next()
                continue
            }
            write(await server.handleMessages(in: bytes))
            if let status = server.exitStatus { Terminal.finish(status) }
            // Once no more input waits, the course is judged again and what changed published.
            if !input.hasPending { write(await server.publishIfChanged()) }
        }
        // The editor closed the pipe without `exit`.
        Terminal.finish(1)
    }

    func write(_ messages: [JSON]) {
        guard !messages.isEmpty else { return }
        var out: [UInt8] = []
        for message in messages { out += MessageFramer.frame(message) }
        FileHandle.standardOutput.write(Data(out))
    }

    /// docs/checks.md of the checkout this binary was built in, or of the working folder.
    static var localRulesURL: String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [executable.deletingLastPathComponent().appendingPathComponent("../../../docs/checks.md"),
                          URL(fileURLWithPath: "docs/checks.md")]
        return candidates.map(\.standardizedFileURL).first { FileManager.default.fileExists(atPath: $0.path) }?.absoluteString
    }
}

/// Standard input read on a thread of its own, handed on in chunks: whatever arrived while the
/// server was busy comes as one chunk, so a burst of edits is handled as one batch.
final class StandardInput: Sendable {
    private let pending = Mutex<(bytes: [UInt8], ended: Bool)>(([], false))
    private let signal: AsyncStream<Void>.Continuation
    /// A signal each time bytes arrive (or input ends).
    let arrivals: AsyncStream<Void>

    init() {
        (arrivals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func start() {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    pending.withLock { $0.ended = true }
                    signal.yield()
                    signal.finish()
                    return
                }
                pending.withLock { $0.bytes += buffer[..<count] }
                signal.yield()
            }
        }
        thread.start()
    }

    var hasPending: Bool { pending.withLock { !$0.bytes.isEmpty } }

    /// Everything read since it was last asked, and whether standard input has ended.
    func take() -> (bytes: [UInt8], ended: Bool) {
        pending.withLock { state in
            defer { state.bytes = [] }
            return (state.bytes, state.ended)
        }
    }
}
