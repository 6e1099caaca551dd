import Foundation
import Support

/// The site of another tool that holds the content folder, as far as its settings change how
/// pages are written and what their links mean: a Hugo project whose `content/` (or
/// `content/<language>/`) is the folder, an MkDocs project whose `docs_dir` it is, a Jekyll site
/// it is, or a Docusaurus site whose docs it is. Only the tool's own settings files are read
/// (and, for Docusaurus, the listing of its static folders); nothing a link names outside the
/// content folder is.
public struct HostSite: Sendable, Hashable {
    public enum Tool: String, Sendable, Hashable { case hugo = "Hugo", docusaurus = "Docusaurus", mkDocs = "MkDocs", jekyll = "Jekyll" }

    public var tool: Tool
    /// The project's folder (where hugo.toml, mkdocs.yml, _config.yml or docusaurus.config.js is).
    public var root: String
    /// Hugo: the project's own link render hook, shown as a path from the project
    /// (`layouts/_markup/render-link.html`). It decides what a destination means, in template
    /// code that is not run here.
    public var linkRenderHook: String?
    /// Hugo: `markup.goldmark.parser.autoDefinitionTermID`, which gives each term of a
    /// definition list an id, as headings have.
    public var definitionTermIDs = false
    /// Docusaurus: the folders served at the site's root (`static/`, or `staticDirectories`),
    /// as absolute paths.
    public var staticFolders: [String] = []
    /// Whether the tool writes each page as its own folder's index (`setup/index.html`):
    /// Hugo unless `uglyURLs`, Docusaurus always.
    public var prettyURLs = true
    /// MkDocs: `hooks:` in mkdocs.yml, Python run on each page's Markdown before it is read;
    /// the hooks of Material for MkDocs' own docs read shortcodes written as HTML comments.
    public var markdownHooks = false

    static let hugoSettings = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml"]
    static let docusaurusSettings = ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs"]
    static let renderHooks = ["layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html"]

    /// The site that holds `folder`, when one of the tools' settings are found: Hugo's in the
    /// folder's parent or grandparent (when the folder is `content` or one below it); MkDocs' in
    /// its parent; Jekyll's `_config.yml` in the folder; Docusaurus' in the folder, its parent,
    /// or a `website/` beside it.
    public static func enclosing(_ folder: String) -> HostSite? {
        let url = URL(fileURLWithPath: folder).standardizedFileURL
        let parent = url.deletingLastPathComponent()
        let grandparent = parent.deletingLastPathComponent()
        let hugoRoots = url.lastPathComponent.lowercased() == "content" ? [parent] : parent.lastPathComponent.lowercased() == "content" ? [grandparent] : []
        for root in hugoRoots {
            // `config.toml` alone names many tools' settings: with a `layouts/` or `themes/`
            // folder beside it, it is Hugo's.
            let isHugo = hugoSettings.prefix(4).contains { exists(root.path + "/" + $0) }
                || (exists(root.path + "/layouts") || exists(root.path + "/themes"))
            if isHugo, let settings = hugoSettings.lazy.compactMap({ WholeFile.read(root.path + "/" + $0) }).first {
                return hugo(root: root.path, settings: String(decoding: settings, as: UTF8.self))
            }
        }
        // MkDocs: mkdocs.yml beside the docs folder it names (`docs` unless `docs_dir` says).
        if let settings = WholeFile.read(parent.path + "/mkdocs.yml").map({ String(decoding: $0, as: UTF8.self) }),
           (Self.value(of: "docs_dir", in: settings) ?? "docs") == url.lastPathComponent {
            var site = HostSite(tool: .mkDocs, root: parent.path)
            site.prettyURLs = Self.value(of: "use_directory_urls", in: settings)?.lowercased() != "false"
            site.markdownHooks = Self.value(of: "hooks", in: settings) != nil
            return site
        }
        // Jekyll: _config.yml in the folder; pages keep `.html` unless `permalink: pretty`.
        if let settings = WholeFile.read(url.path + "/_config.yml").map({ String(decoding: $0, as: UTF8.self) }) {
            var site = HostSite(tool: .jekyll, root: url.path)
            site.prettyURLs = Self.value(of: "permalink", in: settings) == "pretty"
            return site
        }
        for root in [url, parent, parent.appendingPathComponent("website")] {
            if let settings = docusaurusSettings.lazy.compactMap({ WholeFile.read(root.path + "/" + $0) }).first {
                return docusaurus(root: root.path, settings: String(decoding: settings, as: UTF8.self))
            }
        }
        return nil
    }

    static func hugo(root: String, settings: String) -> HostSite {
        var site = HostSite(tool: .hugo, root: root)
        site.linkRenderHook = renderHooks.first { exists(root + "/" + $0) }
        site.definitionTermIDs = Self.setsTrue("autoDefinitionTermID", in: settings)
        site.prettyURLs = !Self.setsTrue("uglyURLs", in: settings)
        return site
    }

    static func docusaurus(root: String, settings: String) -> HostSite {
        var site = HostSite(tool: .docusaurus, root: root)
        let named = Self.stringList(after: "staticDirectories", in: settings) ?? ["static"]
        site.staticFolders = named.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.path }
            .filter(exists)
        return site
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Whether `key` is set to true in TOML, YAML or JSON (`key = true`, `key: true`, `"key": true`).
    static func setsTrue(_ key: String, in settings: String) -> Bool {
        settings.split(whereSeparator: \.isNewline).contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let unquoted = trimmed.hasPrefix("\"") ? String(trimmed.dropFirst()) : trimmed
            guard unquoted.lowercased().hasPrefix(key.lowercased()) else { return false }
            let rest = unquoted.dropFirst(key.count).drop { $0 == "\"" || $0 == " " || $0 == "\t" }
            guard let separator = rest.first, separator == "=" || separator == ":" else { return false }
            return rest.dropFirst().trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("true")
        }
    }

    /// The value of a top-level `key: value` line of YAML, unquoted.
    static func value(of key: String, in yaml: String) -> String? {
        for line in yaml.split(whereSeparator: \.isNewline) where line.hasPrefix(key + ":") {
            let value = line.dropFirst(key.count + 1).prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            return value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        return nil
    }

    /// The quoted strings of the array after `key:` in a JavaScript object (`staticDirectories:
    /// ['static', 'public']`), or nil when the key is not written.
    static func stringList(after key: String, in source: String) -> [String]? {
        guard let keyRange = source.range(of: key + ":") ?? source.range(of: key + " :"),
              let open = source[keyRange.upperBound...].firstIndex(of: "["),
              let close = source[open...].firstIndex(of: "]") else { return nil }
        var strings: [String] = []
        var current: String?
        var quote: Character = "'"
        for character in source[source.index(after: open)..<close] {
            if var text = current {
                if character == quote { strings.append(text); current = nil } else { text.append(character); current = text }
            } else if character == "'" || character == "\"" || character == "`" {
                quote = character
                current = ""
            }
        }
        return strings
    }

    /// The files of the static folders, by the path they are served at (the first folder that
    /// holds a path wins, as Docusaurus copies them in order), each with its file on disk.
    public func servedFiles() -> [String: String] {
        var served: [String: String] = [:]
        for folder in staticFolders {
            let listing = FolderListing(URL(fileURLWithPath: folder), leavingOut: .hidden)
            for file in listing.files where served[file] == nil { served[file] = folder + "/" + file }
        }
        return served
    }
}
