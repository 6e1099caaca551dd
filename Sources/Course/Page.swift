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
    /// compiler): equal keys, equal pages. The build cache and incremental rendering use it;
    /// without a cache it is not computed and stays 0.
    public var sourceKey: UInt64 = 0

    /// The page written as the site's `index.html` (the root `index.md`, the README standing in
    /// for it, or a top-level page with `slug: index`): its body introduces the home page
    /// instead of being a page. (Inlinable: read in every filter over the pages, and a call
    /// into this module copied each page it was asked about.)
    @inlinable public var isHomeIntro: Bool { outputPath == "index.html" }
    public var date: String? { frontMatter.date }

    /// An episode's chapters: `chapters:` of its front matter when given, else those its notes
    /// list.
    public var chapters: [Chapter] { frontMatter.chapters.isEmpty ? body.chapters : frontMatter.chapters }

    /// The page written as the site's `404.html` (an author's `404.md`): the not-found page,
    /// in place of the generated one, and left out of the navigation, the home page's lists
    /// and the sitemap as that one is.
    public var isNotFound: Bool { outputPath == "404.html" }
}


extension Page {
    /// Where front matter writes `key` (its line, the key's columns): findings about a key's
    /// value point here.
    public func keySpan(_ key: String) -> SourceSpan {
        SourceSpan(line: frontMatter.keyLines[key] ?? 1, column: 1, endColumn: key.count + 1)
    }
}
