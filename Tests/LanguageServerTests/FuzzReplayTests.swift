import Foundation
import Testing

/// The seeds of the language server's fuzzer and the inputs it once crashed on
/// (scripts/fuzz.sh --lsp), replayed by the plain build of its target: each must pass.
@Suite struct LanguageServerFuzzReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static var inputs: [String] {
        ["lsp-regressions", "lsp-corpus"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.map { "\(sub)/\($0)" }
        }.sorted()
    }

    static var replay: URL {
        var bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: bin.appendingPathComponent("syllabus-lsp-fuzz").path), bin.path != "/" {
            bin = bin.deletingLastPathComponent()
        }
        return bin.appendingPathComponent("syllabus-lsp-fuzz")
    }

    @Test(arguments: inputs)
    func replaysWithoutCrashing(_ input: String) throws {
        let process = Process()
        process.executableURL = Self.replay
        process.arguments = [Self.folder.appendingPathComponent(input).path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // An input that once made the target loop must fail the test, not stop the suite.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(input) still fails")
    }
}
