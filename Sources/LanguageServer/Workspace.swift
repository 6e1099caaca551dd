import Build
import Course
import Foundation
import Linking
import Support

/// The course the server checks: the content folder, the files the editor holds open, and the
/// course as `check` would judge it with those buffers in place of the files.
public struct Workspace: Sendable {
    public let location: ContentLocation
    /// The content folder, absolute and with links resolved, as file URIs are compared with it.
    public let root: String
    public var options: LoadOptions
    public var strict: Bool
    public private(set) var documents: [String: TextDocument] = [:]
    public private(set) var check: CourseCheck?
    /// Pages changed since the course was last judged; `wholeFolder` when that needs a load.
    private var changedPages: Set<String> = []
    private var wholeFolder = true

    public init(location: ContentLocation, options: LoadOptions, strict: Bool = false) {
        self.location = location
        root = URL(fileURLWithPath: location.directory).standardizedFileURL.resolvingSymlinksInPath().path
        self.options = options
        self.strict = strict
    }

    public var isStale: Bool { wholeFolder || !changedPages.isEmpty }

    /// Takes a course read from disk before any buffer was known (`Settings.preload`): the
    /// buffers opened since are then pages changed since that reading.
    public mutating func adopt(_ preloaded: CourseCheck) {
        guard check == nil, preloaded.course.location == location else { return }
        check = preloaded
        wholeFolder = false
        changedPages = []
        for uri in documents.keys { noteChange(of: uri) }
    }

    // MARK: Files and URIs

    /// The path under the content folder of a `file:` URI, or nil for a file outside it.
    public func relativePath(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        var path = url.standardizedFileURL.path
        if !path.hasPrefix(root + "/") { path = url.standardizedFileURL.resolvingSymlinksInPath().path }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    public func uri(ofRelativePath relative: String) -> String {
        URL(fileURLWithPath: root + "/" + relative).absoluteString
    }

    /// The path under the content folder of a file as diagnostics name it (`Content/x.md`).
    public func relativePath(ofDisplayed file: String) -> String {
        let name = location.displayName
        if name.isEmpty || name == "." { return file }
        let prefix = name.trimmingSuffix("/") + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    /// The text of a file under the content folder: the editor's buffer, else the file on disk.
    public func text(ofRelativePath relative: String) -> String? {
        if let document = documents[uri(ofRelativePath: relative)] { return document.text }
        return try? String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    // MARK: Buffers

    public mutating func open(_ document: TextDocument) {
        documents[document.uri] = document
        noteChange(of: document.uri)
    }

    public mutating func change(_ uri: String, version: Int?, changes: [JSON], encoding: PositionEncoding) throws(RPC.Failure) {
        guard var document = documents[uri] else { throw RPC.Failure(.invalidParams, "\(uri) is not open") }
        for change in changes { try document.apply(change, encoding: encoding) }
        if let version { document.version = version }
        documents[uri] = document
        noteChange(of: uri)
    }

    public mutating func close(_ uri: String) {
        documents[uri] = nil
        noteChange(of: uri)
    }

    /// A file changed, appeared or went away on disk (or its buffer changed): pages are
    /// compiled again, anything else loads the folder again.
    public mutating func noteChange(of uri: String) {
        guard let relative = relativePath(ofURI: uri) else { return }
        if Course.isMarkdown(relative), check?.course.pages.contains(where: { $0.sourcePath == relative }) == true {
            changedPages.insert(relative)
        } else {
            wholeFolder = true
        }
    }

    public mutating func noteFolderChanged() { wholeFolder = true }

    // MARK: Judging

    /// Judges the course again if anything changed: the changed pages alone when they can be,
    /// else the whole folder, with the open buffers in place of their files.
    public mutating func refresh() async throws(Pipeline.Unusable) {
        if !wholeFolder, var check {
            var texts: [String: String] = [:]
            for relative in changedPages {
                guard let text = text(ofRelativePath: relative) else { break }
                texts[relative] = text
            }
            if texts.count == changedPages.count, check.replacePages(texts) {
                self.check = check
                changedPages = []
                return
            }
        }
        var options = options
        options.overrides = [:]
        for document in documents.values {
            if let relative = relativePath(ofURI: document.uri) { options.overrides[relative] = document.text }
        }
        check = try await CourseCheck.load(location, options: options, strict: strict)
        wholeFolder = false
        changedPages = []
    }
}
