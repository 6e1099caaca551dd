import Foundation
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// Where a build reads from, and how it names the files in messages.
public struct ContentLocation: Sendable, Hashable {
    /// The content folder on disk.
    public var directory: String
    /// How messages name the folder: the path as the user gave it (`Content`).
    public var displayName: String

    public init(directory: String, displayName: String? = nil) {
        self.directory = directory
        self.displayName = displayName ?? directory
    }

    public func display(_ relativePath: String) -> String {
        displayName.isEmpty || displayName == "." ? relativePath : displayName.trimmingSuffix("/") + "/" + relativePath
    }

    /// That the folder does not exist, and where the content may be instead, beside it: the
    /// folder an mdBook's book.toml names (`src`), or a folder whose name is close (`content`,
    /// as Hugo and Zola call it). Every command that reads the content says it so.
    public var missingFolderMessage: String {
        "the content folder '\(displayName)' does not exist" + missingFolderHint
    }

    private var missingFolderHint: String {
        let missing = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = missing.deletingLastPathComponent().path
        let written = displayName.trimmingSuffix("/")
        let writtenParent = written.contains("/") ? String(written[...(written.lastIndex(of: "/") ?? written.startIndex)]) : ""
        let isFolder = { (name: String) -> Bool in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: parent + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let source = BookSettings(inFolder: parent)?.sourceFolder, isFolder(source) {
            return "; did you mean '\(writtenParent)\(source)'? (\(BookSettings.fileName) keeps the book there)"
        }
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [])
            .filter { !$0.hasPrefix(".") && isFolder($0) }.sorted()
        let name = missing.lastPathComponent
        guard let close = siblings.first(where: { $0.lowercased() == name.lowercased() })
                ?? Suggestion.closest(to: name, among: siblings) else { return "" }
        return "; did you mean '\(writtenParent)\(close)'?"
    }
}

/// The files of a content folder, read: course.yml, Markdown sources, and everything else.
struct LoadedContent: Sendable {
    var config: CourseConfig
    var hasCourseFile: Bool
    var sources: [(path: String, text: String)]
    /// Files that are not Markdown, copied as they are.
    var files: [String]
    var directories: Set<String>
    var diagnostics: [Diagnostic]
}

/// Thrown when the content cannot be read at all (exit status 2).
public struct UnusableInput: Error, Sendable, CustomStringConvertible {
    public var description: String
}

enum ContentLoader {
    static func load(_ location: ContentLocation, jobs: Int = 1) throws(UnusableInput) -> LoadedContent {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: location.directory, isDirectory: &isDirectory) else {
            throw UnusableInput(description: location.missingFolderMessage)
        }
        guard isDirectory.boolValue else {
            throw UnusableInput(description: "'\(location.displayName)' is a file; the content must be a folder of Markdown files")
        }
        var diagnostics: [Diagnostic] = []
        var sources: [(path: String, text: String)] = []
        var files: [String] = []
        var directories: Set<String>
        var config = CourseConfig()
        var hasCourseFile = false

        let root = URL(fileURLWithPath: location.directory).standardizedFileURL.resolvingSymlinksInPath()
        let listing = FolderListing(root, leavingOut: .hiddenAndPrivate)
        directories = listing.directories
        let unreadableFolders = listing.unreadable
        // Reading and validating thousands of pages is worth both cores; the results keep
        // the listing's order.
        let markdown = listing.files.filter(Course.isMarkdown)
        let rootPath = root.path
        // Pages are opened relative to the folder: the kernel walks two or three names, not the
        // whole path, for each of thousands of files.
        let folder = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        var readMarkdown = Parallel.blockingMap(markdown.count, jobs: jobs, lane: { ReadBuffer() }) { buffer, index -> (text: String?, diagnostics: [Diagnostic]) in
            var found: [Diagnostic] = []
            let relative = markdown[index]
            let text = readText(folder >= 0 ? relative : rootPath + "/" + relative, relativeTo: folder >= 0 ? folder : AT_FDCWD,
                                relative, location, &found, using: buffer)
            return (text, found)
        }
        var nextMarkdown = 0
        for relative in listing.files {
            if relative == "course.yml" {
                hasCourseFile = true
                guard let text = readText(rootPath + "/" + relative, relative, location, &diagnostics) else { continue }
                do {
                    config = try CourseConfig.decode(text)
                    config.outlineLines = SourceLines(text)
                } catch {
                    let lines = SourceLines(text)
                    for problem in error.all {
                        diagnostics.append(Diagnostic(rule: .invalidCourseFile, file: location.display(relative),
                                                      span: SourceSpan(line: problem.line, column: problem.column, endColumn: problem.column + 1),
                                                      message: problem.message, suggestion: problem.suggestion, lineText: lines[problem.line]))
                    }
                }
            } else if nextMarkdown < markdown.count, markdown[nextMarkdown] == relative {
                let (text, found) = readMarkdown[nextMarkdown]
                readMarkdown[nextMarkdown] = (nil, [])
                nextMarkdown += 1
                diagnostics += found
                guard let text else { continue }
                sources.append((relative, text))
            } else {
                files.append(relative)
            }
        }
        for folder in unreadableFolders {
            diagnostics.append(Diagnostic(rule: .unreadableFile, file: location.display(folder), span: nil,
                                          message: "cannot read this folder; its pages are left out. Check its permissions"))
        }
        return LoadedContent(config: config, hasCourseFile: hasCourseFile, sources: sources, files: files,
                             directories: directories, diagnostics: diagnostics)
    }

    /// The file as text: UTF-8 (a BOM is dropped), line endings made `\n`, and control
    /// characters (which HTML forbids) made U+FFFD.
    static func readText(_ path: String, _ relative: String, _ location: ContentLocation, _ diagnostics: inout [Diagnostic]) -> String? {
        readText(path, relativeTo: AT_FDCWD, relative, location, &diagnostics, using: ReadBuffer())
    }

    /// `readText` of `path` relative to the open folder `folder`, read into `buffer`.
    static func readText(_ path: String, relativeTo folder: Int32, _ relative: String, _ location: ContentLocation,
                         _ diagnostics: inout [Diagnostic], using buffer: ReadBuffer) -> String? {
        guard let data = buffer.read(path, relativeTo: folder) else {
            diagnostics.append(Diagnostic(rule: .unreadableFile, file: location.display(relative), span: nil,
                                          message: "cannot read this file; check its permissions"))
            return nil
        }
        guard var text = String.validatingUTF8(data) else {
            // The first line that is not UTF-8 (a multi-byte character never contains a newline byte).
            let line = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .firstIndex(where: { String(validating: $0, as: UTF8.self) == nil }).map { $0 + 1 }
            diagnostics.append(Diagnostic(rule: .unreadableFile, file: location.display(relative),
                                          span: line.map { SourceSpan(line: $0, column: 1, endColumn: 2) },
                                          message: "this file is not valid UTF-8 text; save it as UTF-8"))
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let needsCleaning = text.withUTF8 { $0.containsControlBytesBesidesNewlineAndTab }
        guard needsCleaning else { return text }
        if text.utf8.contains(UInt8(ascii: "\r")) { text = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n") }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            text = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
                scalar.value < 0x20 && scalar != "\n" && scalar != "\t" ? "\u{FFFD}" : scalar
            }))
        }
        return text
    }
}

extension String {
    public func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix), text.count > suffix.count { text.removeLast(suffix.count) }
        return text
    }
}

/// Memory a reading lane keeps from file to file: a page's bytes land in memory that is
/// already mapped instead of a new array each (10,000 pages had faulted in 45 MB twice).
final class ReadBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private var capacity = 1

    deinit { storage.deallocate() }

    /// The bytes of the file at `path` (relative to the open folder `folder`, or `AT_FDCWD`),
    /// valid until the next read, or nil when it cannot be opened or read completely.
    func read(_ path: String, relativeTo folder: Int32) -> UnsafeBufferPointer<UInt8>? {
        WholeFile.withOpenFile(path, relativeTo: folder) { descriptor, size in
            if size > capacity {
                storage.deallocate()
                capacity = max(size, capacity * 2)
                storage = .allocate(capacity: capacity)
            }
            guard WholeFile.readAll(descriptor, size, into: storage) else { return nil }
            return UnsafeBufferPointer(start: storage, count: size)
        }
    }
}

/// Reading a file whole with `open` and `read`: every page of a course is read this way, and
/// `FileManager.contents(atPath:)` costs several times as much around the same system calls.
public enum WholeFile {
    /// The file's bytes (empty for an empty file), or nil when it cannot be opened or read
    /// completely.
    public static func read(_ path: String) -> [UInt8]? {
        withOpenFile(path) { descriptor, size in
            guard size > 0 else { return [] }
            var complete = false
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                complete = readAll(descriptor, size, into: buffer.baseAddress!)
                count = complete ? size : 0
            }
            return complete ? bytes : nil
        }
    }

    /// `body` with the file at `path` (relative to the open folder `folder`) open for reading
    /// and its size, or nil when it cannot be opened; the file is closed after.
    static func withOpenFile<Result>(_ path: String, relativeTo folder: Int32 = AT_FDCWD,
                                     _ body: (_ descriptor: Int32, _ size: Int) -> Result?) -> Result? {
        let descriptor = openat(folder, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return body(descriptor, Int(info.st_size))
    }

    /// Reads `size` bytes of `descriptor` into `destination`; false when the file ends early
    /// or a read fails.
    static func readAll(_ descriptor: Int32, _ size: Int, into destination: UnsafeMutablePointer<UInt8>) -> Bool {
        var count = 0
        while count < size {
            let got = Glibc.read(descriptor, destination + count, size - count)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            count += got
        }
        return true
    }

    /// Writes all of `bytes` to a new (or emptied) file at `path`; false, with `errno` set,
    /// when it cannot.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// `write` through a temporary file beside `path` and a rename, so a reader sees the old
    /// file or the new one, never half of one.
    public static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        guard bytes.withUnsafeBytes({ write($0, to: temporary) }), rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            errno = error
            return false
        }
        return true
    }
}

extension Course {
    /// Whether the build reads the file at `path` as a page.
    public static func isMarkdown(_ path: String) -> Bool {
        if path.isASCIIText {
            // Every file of the content is asked: only A-Z change when ASCII is lowercased.
            var path = path
            return path.withUTF8 { $0.endsWithASCIIIgnoringCase(oneOf: [".md", ".markdown"]) }
        }
        let lowered = path.lowercased()
        return lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown")
    }
}

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

    static let keptPrivateNames: Set<String> = ["_index.md", "_index.markdown", "_posts", "_drafts"]
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
