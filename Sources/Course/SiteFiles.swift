/// The files a site writes itself, as the layer that writes them describes them (`Site`'s
/// `SiteLayout.files`), handed to loading and linking through `LoadOptions`: a page or a
/// copied file written there would collide with one, and a link to one is not broken.
public struct SiteFiles: Sendable, Hashable {
    /// Written by every build.
    public var always: Set<String>
    /// Written only when the course has a `base_url` (the sitemap needs absolute URLs).
    public var withBaseURL: Set<String>
    /// Written only when some page needs them (the tag index, when there are tags): never
    /// overwritten, but a link to one is left to the build's check of its output.
    public var whenUsed: Set<String>
    /// Folders whose every file is the site's (the theme's own files).
    public var folders: Set<String>
    /// Pages written per name, as a prefix and suffix around the name (`tags/NAME/index.html`).
    public var perName: [Pattern]
    /// Written by every build unless the author's own page or file is there, which replaces
    /// it (the not-found page: an author's `404.md` or `404.html`).
    public var replaceable: Set<String>

    public struct Pattern: Sendable, Hashable {
        public var prefix: String
        public var suffix: String

        public init(prefix: String, suffix: String) {
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    public init(always: Set<String> = [], withBaseURL: Set<String> = [], whenUsed: Set<String> = [], folders: Set<String> = [],
                perName: [Pattern] = [], replaceable: Set<String> = []) {
        self.always = always
        self.withBaseURL = withBaseURL
        self.whenUsed = whenUsed
        self.folders = folders
        self.perName = perName
        self.replaceable = replaceable
    }

    /// Whether the site may write `path` itself: a page or a copied file there would replace
    /// it, or be replaced.
    public func isSiteFile(_ path: String) -> Bool {
        always.contains(path) || withBaseURL.contains(path) || whenUsed.contains(path)
            || folders.contains { path.hasPrefix($0 + "/") }
            || perName.contains { path.hasPrefix($0.prefix) && path.hasSuffix($0.suffix) }
    }

    /// Whether every build of a course with (or without) a base URL writes `path`: a link to
    /// it is not broken.
    public func isAlwaysWritten(_ path: String, hasBaseURL: Bool) -> Bool {
        always.contains(path) || replaceable.contains(path) || (hasBaseURL && withBaseURL.contains(path))
    }
}
