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

    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// Whether `description` starts with `file:line:column: error:` itself.
        public var isLocated = false
    }

    static let requiredTemplates = ["layout", "lesson", "episode", "article", "page", "home", "tags", "tag", "quotes", "404"]

    /// The built-in theme, shipped as package resources.
    public static func defaultThemeDirectory() -> String? {
        Bundle.module.url(forResource: "DefaultTheme", withExtension: nil)?.path
    }

    /// Loads the default theme and, when given, the author's folder over it.
    public static func load(authorDirectory: String?) throws(LoadError) -> Theme {
        // Later folders win: the author's template replaces the built-in one of the same name.
        var sources: [String: (path: String, text: String)] = [:]
        var staticFiles: [String: String] = [:]
        let folders = [defaultThemeDirectory(), authorDirectory].compactMap { $0 }
        for folder in folders {
            for relative in FolderListing(URL(fileURLWithPath: folder)).files {
                let path = folder + "/" + relative
                if relative.hasSuffix(".mustache") {
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                        throw LoadError(description: "\(path): cannot read this template")
                    }
                    sources[String(relative.dropLast(".mustache".count))] = (path, text)
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
        do {
            return Theme(library: try TemplateLibrary(sources: sources), staticFiles: staticFiles, identity: hasher.finalize())
        } catch {
            throw LoadError(description: error.description, isLocated: true)
        }
    }

    func render(_ context: TemplateObject, template: String) -> [UInt8] {
        library.render(template, context: context)
    }
}
