import Support
import Foundation
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// The build cache of one content folder (`.syllabus-cache/`, or `--cache`): the one value
/// through which every stage names, reads and replaces its cache files. It is made from the
/// run's options (`LoadOptions.cache(for:)`) and handed to the stages that keep files there;
/// a run without a cache hands none, and every stage then does the whole work. Failing to read
/// or write a file is never an error: the cache is only ever a shortcut.
public struct BuildCache: Sendable, Hashable {
    /// Every kind of file the cache holds, and the stage that keeps it.
    public enum File: String, Sendable, CaseIterable {
        /// Compiled pages (`Course.load`).
        case pages
        /// Related-page lists (`CourseGraph.link`).
        case related
        /// What each written file of the site was made from, for an incremental build.
        case outputs
        /// The last build's snapshot, for a quick rebuild.
        case snapshot
        /// The last check's snapshot, for a quick check.
        case checked
    }

    public let directory: String
    public let content: ContentLocation

    public init(directory: String, content: ContentLocation) {
        self.directory = directory
        self.content = content
    }

    /// `directory/kind-HASH.bin`, the hash naming the content folder (and `output`, for what
    /// depends on where the site is written).
    public func path(of file: File, output: String? = nil) -> String {
        var name = StableHasher()
        name.combine(URL(fileURLWithPath: content.directory).standardizedFileURL.path)
        if let output { name.combine(URL(fileURLWithPath: output).standardizedFileURL.path) }
        return directory + "/" + file.rawValue + "-" + String(name.finalize(), radix: 16) + ".bin"
    }

    /// Every file of `file`'s kind in the folder, for any content and output.
    public func paths(of file: File) -> [String] {
        let prefix = file.rawValue + "-"
        return FolderEntries.read(directory)?.list
            .filter { $0.type == DT_REG && $0.name.hasPrefix(prefix) && $0.name.hasSuffix(".bin") }
            .map { directory + "/" + $0.name } ?? []
    }

    /// The whole file, read straight into an array (no `Data` in between: it is tens of MB),
    /// or nothing when it cannot be read completely.
    public static func contents(of path: String) -> [UInt8] {
        WholeFile.read(path) ?? []
    }

    /// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees
    /// half a file.
    public static func replace(_ path: String, with bytes: [UInt8]) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = WholeFile.replace(path, with: bytes)
    }
}
