import Support
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

    /// Whether `relativePath` (a path made by `RelativeURL.resolve`, which never climbs
    /// above the folder) is a regular file in the folder, not a symbolic link.
    public func holdsFile(_ relativePath: String) -> Bool {
        var status = stat()
        return lstat(directory + "/" + relativePath, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
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
    static func load(_ location: ContentLocation, jobs: Int = 1, overrides: [String: String] = [:]) throws(UnusableInput) -> LoadedContent {
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
        // A page open in an editor and not on disk (not saved yet, or deleted under its buffer)
        // is read from its buffer as if it were there.
        var allFiles = listing.files
        let unsaved = overrides.keys.filter { Course.isMarkdown($0) && !$0.hasPrefix("/") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        if !unsaved.isEmpty {
            allFiles = Array(Set(allFiles).union(unsaved)).sorted()
            for path in unsaved { directories.formUnion(RelativeURL.folders(holding: [path])) }
        }
        let markdown = allFiles.filter(Course.isMarkdown)
        let rootPath = root.path
        // Pages are opened relative to the folder: the kernel walks two or three names, not the
        // whole path, for each of thousands of files.
        let folder = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        var readMarkdown = Parallel.blockingMap(markdown.count, jobs: jobs, lane: { ReadBuffer() }) { buffer, index -> (text: String?, diagnostics: [Diagnostic]) in
            var found: [Diagnostic] = []
            let relative = markdown[index]
            if let text = overrides[relative] { return (cleaned(text), []) }
            let text = readText(folder >= 0 ? relative : rootPath + "/" + relative, relativeTo: folder >= 0 ? folder : AT_FDCWD,
                                relative, location, &found, using: buffer)
            return (text, found)
        }
        var nextMarkdown = 0
        for relative in allFiles {
            if relative == "course.yml" {
                hasCourseFile = true
                guard let text = overrides[relative].map(cleaned) ?? readText(rootPath + "/" + relative, relative, location, &diagnostics) else { continue }
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
        guard let text = String.validatingUTF8(data) else {
            // The first line that is not UTF-8 (a multi-byte character never contains a newline byte).
            let line = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .firstIndex(where: { String(validating: $0, as: UTF8.self) == nil }).map { $0 + 1 }
            diagnostics.append(Diagnostic(rule: .unreadableFile, file: location.display(relative),
                                          span: line.map { SourceSpan(line: $0, column: 1, endColumn: 2) },
                                          message: "this file is not valid UTF-8 text; save it as UTF-8"))
            return nil
        }
        return cleaned(text)
    }

    /// The text with a BOM dropped, line endings made `\n`, and control characters (which HTML
    /// forbids) made U+FFFD: as every page is read, from a file or an editor's buffer.
    static func cleaned(_ text: String) -> String {
        var text = text
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


extension Course {
    /// Whether the build reads the file at `path` as a page: Markdown, or MDX (Docusaurus'
    /// Markdown with JSX, read as Markdown: its imports and JSX are left out and reported).
    public static func isMarkdown(_ path: String) -> Bool {
        if path.isASCIIText {
            // Every file of the content is asked: only A-Z change when ASCII is lowercased.
            var path = path
            return path.withUTF8 { $0.endsWithASCIIIgnoringCase(oneOf: pageSuffixes) }
        }
        let lowered = path.lowercased()
        return pageSuffixes.contains { lowered.hasSuffix($0) }
    }

    /// The endings of the files that are pages.
    public static let pageSuffixes = LinkTarget.pageSuffixes
}

