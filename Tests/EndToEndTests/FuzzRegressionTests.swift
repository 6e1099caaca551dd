import Foundation
import Testing

/// Inputs the fuzzer (scripts/fuzz.sh) once crashed on, replayed by the plain build of the
/// fuzz target: each must now pass without a trap.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static var inputs: [String] {
        ["regressions", "corpus"].flatMap { sub in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.map { "\(sub)/\($0)" }
        }.sorted()
    }

    @Test(arguments: inputs)
    func replaysWithoutCrashing(_ input: String) throws {
        let replay = CommandLineTests.binary.deletingLastPathComponent().appendingPathComponent("syllabus-fuzz")
        let process = Process()
        process.executableURL = replay
        process.arguments = [Self.folder.appendingPathComponent(input).path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(input) still fails")
    }
}
