import Support
import Course
import Foundation
import Markdown

/// The templates and static files of a theme. An author's `Templates/` folder is laid over
/// the built-in default theme, so it may override only the templates it cares about.
public struct Theme: Sendable {
    let library: TemplateLibrary
    /// Static files: path under `site/theme/` → file on disk.
    public let staticFiles: [String: String]
    /// A hash of the templates and the compiler: part of every page's fingerprint.
    public let identity: UInt64
    /// The markup the compiler adds to pages (`partials/markup/*.mustache`): for
    /// `MarkdownOptions.markup`.
    public let markup: MarkupTemplates
    /// The ids the templates give the theme's own elements (`id="syllabus-main"`): for
    /// `MarkdownOptions.reservedIDs`, so that no heading is given one.
    public let reservedIDs: [String]

    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// Whether `description` starts with `file:line:column: error:` itself.
        public var isLocated = false
    }

    static let requiredTemplates = ["layout", "lesson", "episode", "article", "page", "home", "tags", "tag", "quotes", "404", "contents",
                                     "navigation", "folder"]
    /// Where the pieces of the compiler's markup are, one file a piece: they are not templates
    /// of the site, and are read apart (`MarkupTemplates`).
    static let markupFolder = "partials/markup/"

    /// The built-in theme, shipped as package resources.
    public static func defaultThemeDirectory() -> String? {
        Bundle.module.url(forResource: "DefaultTheme", withExtension: nil)?.path
    }

    /// Loads the default theme and, when given, the author's folder over it.
    public static func load(authorDirectory: String?) throws(LoadError) -> Theme {
        // Later folders win: the author's template replaces the built-in one of the same name.
        var sources: [String: (path: String, text: String)] = [:]
        var markupFiles: [String: (path: String, text: String)] = [:]
        var staticFiles: [String: String] = [:]
        let folders = [defaultThemeDirectory(), authorDirectory].compactMap { $0 }
        for folder in folders {
            for relative in FolderListing(URL(fileURLWithPath: folder)).files {
                let path = folder + "/" + relative
                if relative.hasSuffix(".mustache") {
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                        throw LoadError(description: "\(path): cannot read this template")
                    }
                    let name = String(relative.dropLast(".mustache".count))
                    if name.hasPrefix(markupFolder) {
                        markupFiles[String(name.dropFirst(markupFolder.count))] = (path, text)
                    } else {
                        sources[name] = (path, text)
                    }
                } else {
                    staticFiles[relative] = path
                }
            }
        }
        for name in requiredTemplates where sources[name] == nil {
            throw LoadError(description: "the theme has no \(name).mustache (looked in \(folders.joined(separator: ", ")))")
        }
        var hasher = StableHasher(seed: CompilerIdentity.current())
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(source.text)
        }
        let markup = try loadMarkup(markupFiles)
        hasher.combine(markup.fingerprint)
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(sources: sources)
        } catch {
            throw LoadError(description: error.description, isLocated: true)
        }
        return Theme(library: library, staticFiles: staticFiles, identity: hasher.finalize(), markup: markup,
                     reservedIDs: literalIDs(in: sources.values.map(\.text)))
    }

    /// The markup pieces of the theme's files, over the compiler's own: a piece the theme has
    /// no file for is the built-in one. A file that is no piece, or that names a hole its piece
    /// does not have, is an error of that file.
    static func loadMarkup(_ files: [String: (path: String, text: String)]) throws(LoadError) -> MarkupTemplates {
        var markup = MarkupTemplates.default
        for (name, file) in files.sorted(by: { $0.key < $1.key }) {
            do throws(MarkupTemplateError) {
                guard let piece = MarkupTemplates.Piece(name: name) else { throw .unknownPiece(name) }
                try markup.set(piece, fileText: file.text)
            } catch {
                throw LoadError(description: "\(file.path): \(error.description)")
            }
        }
        return markup
    }

    /// The ids the templates write as they are (`id="syllabus-main"`, not `id="{{page.title_id}}"`).
    static func literalIDs(in templates: [String]) -> [String] {
        var ids: Set<String> = []
        let attribute = Array("id=\"".utf8)
        for text in templates {
            let bytes = Array(text.utf8)
            var index = 1
            while index + attribute.count <= bytes.count {
                defer { index += 1 }
                guard bytes[index..<(index + attribute.count)].elementsEqual(attribute),
                      [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index - 1]) else { continue }
                let start = index + attribute.count
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) ?? bytes.count
                let id = String(decoding: bytes[start..<end], as: UTF8.self)
                if !id.isEmpty, !id.contains("{{") { ids.insert(id) }
                index = end
            }
        }
        return ids.sorted()
    }

    func render(_ context: TemplateObject, template: String) -> [UInt8] {
        library.render(template, context: context)
    }
}
