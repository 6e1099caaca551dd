import Build
import Course
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Site
import Testing
import TestSupport

/// A full disk and a read-only output, on a real tiny file system (tmpfs; needs root, as CI
/// runs; skipped where mounting is not allowed).
@Suite(.serialized) struct DiskFailureTests {
    static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/" + arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("syllabus-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]) == 0 else { return false }
        _ = run(["umount", probe.path])
        return true
    }()

    @Test(.enabled(if: canMount, "needs permission to mount a tmpfs"))
    func fullDiskAndReadOnlyOutputFailCleanlyAndKeepTheOldSite() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n\nSmall.\n"])
        defer { course.remove() }
        let disk = course.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        #expect(Self.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.path]) == 0)
        defer { _ = Self.run(["umount", disk.path]) }
        let output = disk.appendingPathComponent("site").path
        let pipeline = Pipeline(content: ContentLocation(directory: course.content.path), templates: nil, output: output)
        #expect(try await pipeline.build().failed == false)
        let before = TemporaryCourse.snapshot(URL(fileURLWithPath: output))
        #expect(!before.isEmpty)

        // The next build no longer fits on the disk.
        let big = String(repeating: "Many words fill the disk. ", count: 4000)
        for index in 0..<40 { try course.write("p\(index).md", "# P\(index)\n\n\(big)\n") }
        await #expect(throws: Pipeline.Unusable.self) { try await pipeline.build() }
        #expect(TemporaryCourse.snapshot(URL(fileURLWithPath: output)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["site"], "no staging folder left")

        // A read-only output.
        for index in 0..<40 { try FileManager.default.removeItem(at: course.content.appendingPathComponent("p\(index).md")) }
        try course.write("a.md", "# A\n\nChanged.\n")
        #expect(Self.run(["mount", "-o", "remount,ro", disk.path]) == 0)
        await #expect(throws: Pipeline.Unusable.self) { try await pipeline.build() }
        #expect(TemporaryCourse.snapshot(URL(fileURLWithPath: output)) == before)
    }
}

/// Unreadable files and folders, seen by an unprivileged user (root reads everything, so the
/// binary runs as `nobody` through setpriv; skipped where that is not possible).
@Suite struct PermissionTests {
    static let canDropPrivileges = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: canDropPrivileges, "needs root and setpriv"))
    func unreadableFilesAndFoldersAreReportedNotSkipped() throws {
        let root = URL(fileURLWithPath: "/tmp/syllabus-permissions-\(UUID().uuidString)")
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("secret"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("# A\n".utf8).write(to: content.appendingPathComponent("a.md"))
        try Data("# B\n".utf8).write(to: content.appendingPathComponent("b.md"))
        try Data("# S\n".utf8).write(to: content.appendingPathComponent("secret/s.md"))
        for path in [root.path, content.path] { chmod(path, 0o755) }
        chmod(content.appendingPathComponent("a.md").path, 0o644)
        chmod(content.appendingPathComponent("b.md").path, 0o000)
        chmod(content.appendingPathComponent("secret").path, 0o000)
        defer { chmod(content.appendingPathComponent("secret").path, 0o755) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", CommandLineTests.binary.path,
                             "check", "--content", content.path, "--format", "json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"file\": \"\(content.path)/b.md\""), "\(text)")
        #expect(text.contains("\"file\": \"\(content.path)/secret\""), "\(text)")
        #expect(text.contains("unreadable-file"))
    }
}
