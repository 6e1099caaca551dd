import Course

/// The files the site writes besides the pages, named once: the renderer writes them by
/// these names, and loading and linking are handed `files` (through `LoadOptions`) so that a
/// page or a copied file does not land on one and a link to one is not broken.
/// `robots.txt` is not among them: an author's own replaces the generated one, as a static
/// file does in Hugo or Zola; nor is `contents.html` (`contents`). The not-found page is
/// `replaceable`: an author's `404.md` (or any page written at `404.html`) or `404.html` file
/// is the site's not-found page.
public enum SiteLayout {
    public static let home = "index.html"
    public static let notFound = "404.html"
    public static let feed = "feed.xml"
    public static let sitemap = "sitemap.xml"
    public static let graph = "graph.json"
    public static let searchIndex = ["search-index.json", "search-index.js"]
    public static let quotes = "quotes/index.html"
    public static let tags = "tags/index.html"
    /// Every page in the tree, for readers without script; and the sidebar's markup, which
    /// every page loads. An author's own page at `contents.html` (a book's `contents.md`)
    /// keeps it, as an author's robots.txt does, and the tree goes to `contentsBesideAPage`.
    public static let contents = "contents.html"
    public static let contentsBesideAPage = "syllabus-contents.html"
    public static let navigation = "navigation.js"
    /// The theme's own files are copied under this folder.
    public static let themeFolder = "theme"

    /// `options` with what the site hands the stages before it: the files it writes itself,
    /// and the theme's markup and the ids its templates give their own elements.
    public static func loadOptions(_ options: LoadOptions, theme: Theme) -> LoadOptions {
        var options = options
        options.siteFiles = files
        options.markup = theme.markup
        options.reservedIDs = theme.reservedIDs
        return options
    }

    public static let files = SiteFiles(
        always: Set([home, feed, graph, quotes, contentsBesideAPage, navigation] + searchIndex),
        withBaseURL: [sitemap],
        whenUsed: [tags, PodcastFeed.single],
        folders: [themeFolder],
        perName: [SiteFiles.Pattern(prefix: "tags/", suffix: "/index.html"), SiteFiles.Pattern(prefix: PodcastFeed.prefix, suffix: ".xml"),
                  SiteFiles.Pattern(prefix: "", suffix: EpisodeFiles.vttSuffix), SiteFiles.Pattern(prefix: "", suffix: EpisodeFiles.jsonSuffix)],
        replaceable: [notFound])

    /// Whether the course brings its own not-found page, a page or a file at `404.html`,
    /// which the site writes instead of its own.
    static func hasOwnNotFound(_ course: Course) -> Bool {
        course.files.contains(notFound) || course.pages.contains(where: \.isNotFound)
    }
}
