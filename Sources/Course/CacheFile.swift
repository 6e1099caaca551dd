import Support
import Foundation
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// The files of `.syllabus-cache/`: named per content folder, read whole, replaced whole.
/// Failing to read or write one is never an error: the cache is only ever a shortcut.
public enum CacheFile {
    /// `directory/kind-HASH.bin`, the hash naming the content folder (and `output`, for what
    /// depends on where the site is written).
    public static func path(_ kind: String, in directory: String, for content: ContentLocation, output: String? = nil) -> String {
        var name = StableHasher()
        name.combine(URL(fileURLWithPath: content.directory).standardizedFileURL.path)
        if let output { name.combine(URL(fileURLWithPath: output).standardizedFileURL.path) }
        return directory + "/" + kind + "-" + String(name.finalize(), radix: 16) + ".bin"
    }

    /// Every file of `kind` in `directory` (`path` names them), for any content and output.
    public static func paths(_ kind: String, in directory: String) -> [String] {
        let prefix = kind + "-"
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
