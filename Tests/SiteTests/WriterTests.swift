import Support
import Build
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

    func inode(of url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int) ?? -1
    }

    @Test func aSiteEqualToTheOneInPlaceLeavesTheOutputAsItIs() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        let site = files("one") + [OutputFile(path: "a/deeper/c.txt", content: .text("c"))]
        try SiteWriter.write(site, to: course.output.path)
        let folderBefore = try inode(of: course.output), fileBefore = try inode(of: course.output.appendingPathComponent("a/deeper/c.txt"))
        let stamps = try SiteWriter.write(site, to: course.output.path, jobs: 2)
        #expect(try inode(of: course.output) == folderBefore, "no new folder was swapped in")
        #expect(try inode(of: course.output.appendingPathComponent("a/deeper/c.txt")) == fileBefore)
        #expect(stamps["a/deeper/c.txt"] == FileStamp(path: course.output.appendingPathComponent("a/deeper/c.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: course.root.path).sorted() == ["Content", "site"])
        #expect(TemporaryCourse.snapshot(course.output).count == 3)
    }

    @Test func whatTheNewSiteLacksIsRemovedEvenWhenEveryFileIsUnchanged() throws {
        let manager = FileManager.default
        for stray in ["stray.txt", "a/stray.txt", "empty-folder/"] {
            let course = try TemporaryCourse([:])
            defer { course.remove() }
            try SiteWriter.write(files("one"), to: course.output.path)
            let strayURL = course.output.appendingPathComponent(stray)
            if stray.hasSuffix("/") {
                try manager.createDirectory(at: strayURL, withIntermediateDirectories: true)
            } else {
                try Data("x".utf8).write(to: strayURL)
            }
            let unchangedBefore = try inode(of: course.output.appendingPathComponent("a/b.html"))
            try SiteWriter.write(files("one"), to: course.output.path)
            #expect(!manager.fileExists(atPath: strayURL.path), "\(stray) was removed")
            #expect(try inode(of: course.output.appendingPathComponent("a/b.html")) == unchangedBefore)
            #expect(Set(TemporaryCourse.snapshot(course.output).keys) == ["index.html", "a/b.html"])
            #expect(try manager.contentsOfDirectory(atPath: course.root.path).sorted() == ["Content", "site"])
        }
        // A file of the previous site the new one no longer has.
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try SiteWriter.write(files("one") + [OutputFile(path: "gone.txt", content: .text("g"))], to: course.output.path)
        try SiteWriter.write(files("one"), to: course.output.path)
        #expect(Set(TemporaryCourse.snapshot(course.output).keys) == ["index.html", "a/b.html"])
    }

    /// The `.git` of a gh-pages checkout or a `.nojekyll` at the top of the output is the
    /// owner's: a new site replaces everything else and keeps those, and a site otherwise
    /// unchanged is still left in place.
    @Test func hiddenEntriesAtTheTopOfTheOutputAreKept() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        try SiteWriter.write(files("one"), to: course.output.path)
        let git = course.output.appendingPathComponent(".git")
        try FileManager.default.createDirectory(at: git, withIntermediateDirectories: true)
        try Data("[core]".utf8).write(to: git.appendingPathComponent("config"))
        try Data().write(to: course.output.appendingPathComponent(".nojekyll"))
        try SiteWriter.write(files("two"), to: course.output.path)
        var written = TemporaryCourse.snapshot(course.output)
        #expect(written["index.html"] == Data("two".utf8))
        #expect(written[".git/config"] == Data("[core]".utf8))
        #expect(written[".nojekyll"] == Data())
        let inode = try FileManager.default.attributesOfItem(atPath: course.output.appendingPathComponent("index.html").path)[.systemFileNumber] as? Int
        try SiteWriter.write(files("two"), to: course.output.path)
        #expect(try FileManager.default.attributesOfItem(atPath: course.output.appendingPathComponent("index.html").path)[.systemFileNumber] as? Int == inode)
        written = TemporaryCourse.snapshot(course.output)
        #expect(Set(written.keys) == ["index.html", "a/b.html", ".git/config", ".nojekyll"])
    }

    /// Everything lies inside `/`; a folder does not lie inside itself or a sibling that
    /// shares the start of its name.
    @Test func insideIsByWholeNamesAndEverythingIsInsideRoot() {
        #expect(Pipeline.isInside("/course/Content", "/"))
        #expect(!Pipeline.isInside("/", "/"))
        #expect(Pipeline.isInside("/a/b/c", "/a/b"))
        #expect(!Pipeline.isInside("/a/b", "/a/b"))
        #expect(!Pipeline.isInside("/a/bc", "/a/b"))
    }

    /// A folder with a graph.json was written by a build; one with other files was not;
    /// hidden entries alone do not count.
    @Test func aFolderNoBuildWroteIsRecognised() throws {
        let course = try TemporaryCourse([:])
        defer { course.remove() }
        let folder = course.root.appendingPathComponent("out")
        #expect(SiteWriter.foreignEntries(of: folder.path) == nil)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        #expect(SiteWriter.foreignEntries(of: folder.path) == [])
        try Data("x".utf8).write(to: folder.appendingPathComponent("thesis.txt"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("notes.md"))
        #expect(SiteWriter.foreignEntries(of: folder.path) == ["notes.md", "thesis.txt"])
        try Data("{}".utf8).write(to: folder.appendingPathComponent("graph.json"))
        #expect(SiteWriter.foreignEntries(of: folder.path) == [])
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
