import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files below a folder, as the build sees them: sorted relative paths, hidden files and
/// folders (`.git`, `.DS_Store`) left out, and symbolic links followed only while they stay
/// inside the folder (never in a loop). Content and themes are read through it.
/// The names a walk of a folder passes over.
public enum NamesLeftOut: Sendable {
    case none
    /// Names starting with `.` (`.git`).
    case hidden
    /// What a course leaves out: hidden names, and those starting with `_`, which Jekyll, Hugo
    /// and Zola keep private (`_config.yml`, `_layouts/`, `_includes/`), except a folder's
    /// `_index.md` and Jekyll's `_posts/` (articles) and `_drafts/` (drafts).
    case hiddenAndPrivate

    public func contains(_ name: String) -> Bool {
        guard self != .none else { return false }
        guard let first = name.utf8.first else { return true }
        if first == UInt8(ascii: ".") { return true }
        return self == .hiddenAndPrivate && first == UInt8(ascii: "_") && !Self.keptPrivateNames.contains(name.lowercased())
    }

    static let keptPrivateNames: Set<String> = ["_index.md", "_index.markdown", "_index.mdx", "_posts", "_drafts"]
}

public struct FolderListing: Sendable {
    public private(set) var files: [String] = []
    /// Every folder, `""` for the root itself.
    public private(set) var directories: Set<String> = [""]
    /// Folders that could not be read.
    public private(set) var unreadable: [String] = []

    public init(_ root: URL, leavingOut left: NamesLeftOut = .hidden) {
        let fileManager = FileManager.default
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var pending = [""]
        var visited = Set<String>([rootPath])
        while let folder = pending.popLast() {
            let folderPath = RelativeURL.joined(rootPath, folder)
            guard let entries = FolderEntries.read(folderPath) else {
                unreadable.append(folder.isEmpty ? "." : folder)
                continue
            }
            for (name, type) in entries.list where !left.contains(name) {
                let relative = RelativeURL.joined(folder, name)
                // The folder's own listing tells a plain file or folder from a link: only
                // links, and file systems that do not say, cost a call more (a course has
                // thousands of files, and a `stat` of each was a tenth of a check's reading).
                var isDirectory = ObjCBool(type == DT_DIR)
                var isLink = type == DT_LNK
                if type != DT_REG && type != DT_DIR && type != DT_LNK {
                    var info = stat()
                    guard fstatat(entries.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                    isDirectory = ObjCBool(info.st_mode & S_IFMT == S_IFDIR)
                    isLink = info.st_mode & S_IFMT == S_IFLNK
                }
                if isLink {
                    let path = rootPath + "/" + relative
                    guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory),
                          let destination = try? fileManager.destinationOfSymbolicLink(atPath: path) else { continue }
                    // A link that leaves the folder, or loops, is never followed.
                    let resolved = URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: folderPath + "/"))
                        .standardizedFileURL.resolvingSymlinksInPath().path
                    guard resolved.hasPrefix(rootPath + "/"), !(isDirectory.boolValue && !visited.insert(resolved).inserted) else { continue }
                }
                if isDirectory.boolValue {
                    directories.insert(relative)
                    pending.append(relative)
                } else {
                    files.append(relative)
                }
            }
        }
        files.sort()
    }
}

/// The names in one folder and their types as the folder records them (`DT_REG`, `DT_DIR`,
/// `DT_LNK`, or `DT_UNKNOWN` where the file system does not say), without `.` and `..`, read
/// with `readdir`. The folder stays open while the value lives, for `fstatat` on its names.
public final class FolderEntries {
    public let list: [(name: String, type: Int32)]
    public let descriptor: Int32
    private let directory: OpaquePointer

    private init(list: [(name: String, type: Int32)], descriptor: Int32, directory: OpaquePointer) {
        self.list = list
        self.descriptor = descriptor
        self.directory = directory
    }

    deinit { closedir(directory) }

    /// The entries of the folder at `path`, or nil when it cannot be read.
    public static func read(_ path: String) -> FolderEntries? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return nil
        }
        var list: [(name: String, type: Int32)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            list.append((name, Int32(entry.pointee.d_type)))
        }
        return FolderEntries(list: list, descriptor: descriptor, directory: directory)
    }
}
