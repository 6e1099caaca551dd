import Markdown

/// One Markdown file of the course, compiled.
public struct Page: Sendable, Hashable {
    /// Path under the content folder, with `/`: `articles/x.md`.
    public var sourcePath: String
    /// The path as the user sees it: `Content/articles/x.md`.
    public var displayPath: String
    public var kind: PageKind
    public var title: String
    public var slug: String
    /// Path of the written page under the output folder: `articles/x.html`.
    public var outputPath: String
    public var frontMatter: FrontMatter
    public var summary: String
    public var body: CompiledMarkdown
    public var lines: SourceLines

    /// Every id a link may name with `#`: headings, quotes, and raw HTML ids when kept.
    public var anchors: Set<String>
    /// A hash of everything the page was compiled from (its bytes, path, options and the
    /// compiler): equal keys, equal pages. The build cache and incremental rendering use it.
    public var sourceKey: UInt64 = 0

    /// The root `index.md`: its body introduces the home page instead of being a page.
    public var isHomeIntro: Bool { sourcePath == "index.md" }
    public var date: String? { frontMatter.date }
}

/// Relative URLs between files of the output, so the site works from disk and any sub-path.
public enum RelativeURL {
    /// The URL of `target` as seen from a page written at `from` (both output paths).
    public static func from(_ from: String, to target: String) -> String {
        let fromParts = from.split(separator: "/").dropLast()
        let targetParts = target.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < targetParts.count - 1,
              fromParts[fromParts.startIndex + common] == targetParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + targetParts[common...].map(String.init)).joined(separator: "/")
    }

    /// The path from a page at `from` to the site root: `""`, `"../"`, `"../../"`.
    public static func root(from: String) -> String {
        String(repeating: "../", count: max(0, from.split(separator: "/").count - 1))
    }

    /// Resolves `relative` against the folder `base` (both with `/`), or nil when it climbs
    /// above the root.
    public static func resolve(_ relative: String, against base: String) -> String? {
        var parts: [Substring] = relative.hasPrefix("/") ? [] : base.split(separator: "/")
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
