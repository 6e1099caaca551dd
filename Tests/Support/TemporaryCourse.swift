import Build
import Publish
import Course
import Linking
import Foundation
import Site

/// A course written into a fresh temporary folder, for tests that run real stages on real files.
public struct TemporaryCourse {
    public let root: URL
    public var content: URL { root.appendingPathComponent("Content") }
    public var output: URL { root.appendingPathComponent("site") }

    /// `files` maps paths under Content/ to their text.
    public init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("syllabus-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    public func write(_ path: String, _ text: String) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A file of the content folder, or nil when there is none.
    public func read(_ path: String) -> String? {
        try? String(contentsOf: content.appendingPathComponent(path), encoding: .utf8)
    }

    /// `cached` keeps the build cache in `.syllabus-cache/` beside Content/, as the command line does.
    /// A check is handed what the site's layer hands it on the command line (the built-in theme's).
    public func pipeline(templates: String? = nil, strict: Bool = false, jobs: Int = 2, cached: Bool = false) -> Pipeline {
        var load = LoadOptions(jobs: jobs, cacheDirectory: cached ? root.appendingPathComponent(".syllabus-cache").path : nil)
        if let theme = try? Theme.load(authorDirectory: nil) { load = SiteLayout.loadOptions(load, theme: theme) }
        return Pipeline(content: ContentLocation(directory: content.path, displayName: "Content"), templates: templates,
                        output: output.path, load: load, strict: strict)
    }

    public func build(jobs: Int = 2) async throws -> Pipeline.Outcome {
        try await pipeline(jobs: jobs).build()
    }

    public func check() async throws -> Pipeline.Outcome {
        try await pipeline().check()
    }

    public func graph() async throws -> CourseGraph {
        let (course, _) = try await Course.load(ContentLocation(directory: content.path, displayName: "Content"))
        return CourseGraph.link(course)
    }

    /// A written file of the site.
    public func site(_ path: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under `folder` with its bytes, for comparing two builds.
    public static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return result
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

extension Pipeline.Outcome {
    /// `rule@line:column` of each diagnostic, for compact assertions.
    public var findings: [String] {
        diagnostics.map { "\($0.rule.rawValue)@\($0.span.map { "\($0.line):\($0.column)" } ?? "-")" }
    }
}
