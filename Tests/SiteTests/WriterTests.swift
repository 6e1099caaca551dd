import Foundation
@testable import Site
import Testing
import TestSupport

@Suite struct WriterTests {
    func files(_ marker: String) -> [OutputFile] {
        [OutputFile(path: "index.html", content: .text(marker)), OutputFile(path: "a/b.html", content: .text(marker))]
    }

    @Test func replacesTheSiteAndLeavesNothingBeside() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try SiteWriter.write(files("one"), to: course.output.path)
        try SiteWriter.write(files("two") + [OutputFile(path: "c.txt", content: .text("x"))], to: course.output.path)
        let written = TemporaryCourse.snapshot(course.output)
        #expect(Set(written.keys) == ["index.html", "a/b.html", "c.txt"])
        #expect(written["index.html"] == Data("two".utf8))
        let beside = try FileManager.default.contentsOfDirectory(atPath: course.root.path).sorted()
        #expect(beside == ["Content", "site"])
    }

    @Test func unchangedFilesAreKeptAsTheyWereAndChangedOnesReplaced() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try SiteWriter.write(files("one") + [OutputFile(path: "same.txt", content: .text("same"))], to: course.output.path)
        func inode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: course.output.appendingPathComponent(path).path)[.systemFileNumber] as? Int) ?? -1
        }
        let sameBefore = try inode("same.txt"), changedBefore = try inode("index.html")
        try SiteWriter.write(files("two") + [OutputFile(path: "same.txt", content: .text("same"))], to: course.output.path, jobs: 2)
        #expect(try inode("same.txt") == sameBefore, "an unchanged file is the same file")
        #expect(try inode("index.html") != changedBefore)
        #expect(TemporaryCourse.snapshot(course.output)["index.html"] == Data("two".utf8))
    }

    @Test func leftoversOfAKilledBuildAreRemoved() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try FileManager.default.createDirectory(at: course.root.appendingPathComponent(".site.building-999/x"), withIntermediateDirectories: true)
        try SiteWriter.write(files("one"), to: course.output.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: course.root.path).sorted() == ["Content", "site"])
    }

    @Test func aSecondBuildIntoTheSameFolderIsRefusedWhileOneRuns() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        let held = try SiteWriter.Lock(folder: course.root.path, output: course.output.path)
        defer { held.release() }
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter.write(files("one"), to: course.output.path) }
        #expect(!FileManager.default.fileExists(atPath: course.output.path))
    }

    @Test func outputThatIsAFileIsRefused() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try Data("x".utf8).write(to: course.output)
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter.write(files("one"), to: course.output.path) }
    }
}
