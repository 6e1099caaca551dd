import Support
import Course
import Linking
import Markdown

/// A file of the built site: written from memory, or copied from a source file.
public struct OutputFile: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// UTF-8, as the theme and the JSON writers make it.
        case bytes([UInt8])
        case copy(from: String)
        /// The same bytes as the file at this path in the site being replaced, whose stamp
        /// is given: linked, not read or written (incremental builds).
        case previous(FileStamp)
        /// Already written into the new site as it was made (see `SiteRenderer.render(…stage:)`):
        /// nothing of it is kept here.
        case staged

        public static func text(_ text: String) -> Content { .bytes(Array(text.utf8)) }
    }

    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }
}

public struct RenderOptions: Sendable {
    public var jobs: Int
    /// Extra markup for `<head>`, e.g. the dev server's live-reload hook.
    public var liveReloadURL: String?

    public init(jobs: Int = 2, liveReloadURL: String? = nil) {
        self.jobs = jobs
        self.liveReloadURL = liveReloadURL
    }
}

/// Renders every file of the site from the linked course: pages, home, tags, quotes, 404,
/// feed, sitemap, search index and graph. The result depends only on the input.
public enum SiteRenderer {
    /// The files of the site, and what an incremental build needs to know about them.
    public struct Rendering: Sendable {
        public var files: [OutputFile]
        /// Fingerprint of every file rendered through the theme (or reused): a hash of its
        /// whole context, template and theme. Equal fingerprints, equal bytes.
        public var fingerprints: [String: UInt64]
        /// Pages rendered in this run; the others are `.previous`.
        public var rendered: [String]
        /// Where each page rendered in this run shows its body, in bytes, when it shows it
        /// exactly once (kept only with a cache, for quick rebuilds).
        public var bodies: [String: Range<Int>] = [:]
        /// The fingerprint of each theme page's context without its body.
        public var contextFingerprints: [String: UInt64] = [:]
        /// When the files were staged as they were made: the stamp of each, and the extract of
        /// each page made through the theme.
        public var stamps: [String: FileStamp] = [:]
        public var extracts: [String: OutputVerifier.Extract] = [:]
    }

    /// What `stage` kept of a file: the file (its bytes dropped), its stamp in the new site and,
    /// for a page the theme made, what verification needs of it.
    public struct Staged: Sendable {
        var file: OutputFile
        var stamp: FileStamp?
        var extract: OutputVerifier.Extract?

        public init(file: OutputFile, stamp: FileStamp?, extract: OutputVerifier.Extract? = nil) {
            self.file = file
            self.stamp = stamp
            self.extract = extract
        }
    }

    /// A page's fingerprint: its context without the body, and what the body is made of
    /// (its compiled source and the values of its placeholders): filling in 40 MB of bodies
    /// only to learn they did not change would cost more than the rest.
    public static func pageFingerprint(context: UInt64, sourceKey: UInt64, slots: [Int: SlotValue]) -> UInt64 {
        var hasher = StableHasher(seed: context)
        hasher.combine(sourceKey)
        for (slot, value) in slots.sorted(by: { $0.key < $1.key }) {
            hasher.combine(slot)
            hasher.combine(value.href)
            hasher.combine(value.title)
        }
        return hasher.finalize()
    }

    /// Renders every file of the site, giving each file to `stage` on the thread that made it,
    /// as soon as it is made, and keeping only what `stage` keeps: the site is written while
    /// its bytes are fresh, and never held whole in memory. When `reusable` is given, it is
    /// asked for each theme page with its fingerprint whether the previous site holds that
    /// very page: if it answers with the file's stamp, the page is not rendered and the file
    /// is kept.
    public static func render(_ graph: CourseGraph, theme: Theme, options: RenderOptions, reusable: (@Sendable (String, UInt64) -> FileStamp?)?,
                       stage: @escaping @Sendable (OutputFile) -> Staged) async -> Rendering {
        let model = SiteModel(graph: graph, liveReloadURL: options.liveReloadURL, jobs: options.jobs)
        // One parallel pass over everything, the two longest jobs (the search index and the
        // graph, each a single large JSON) first, so each takes one lane while pages fill both.
        enum Job: Sendable {
            case search, graph, home, tags, quotes, notFound, contents, navigation, feed, sitemap, robots, tag(Int), page(Int), copy(Int), podcast(Int), chapters(Int)
            case listing(Int)
        }
        struct Made: Sendable {
            var file: OutputFile
            var fingerprint: UInt64?
            var rendered = false
            var body: Range<Int>?
            /// A page's fingerprint without its body (`pageFingerprint` adds that).
            var contextFingerprint: UInt64?
            var stamp: FileStamp?
            var extract: OutputVerifier.Extract?
        }
        // Files copied as they are: the course's own, then the theme's.
        let copies = graph.copiedFiles
            + theme.staticFiles.sorted(by: { $0.key < $1.key }).map { (path: SiteLayout.themeFolder + "/" + $0.key, source: $0.value) }
        let jobs: [Job] = [.search, .graph, .home, .tags, .quotes, .contents, .navigation, .feed, .sitemap, .robots]
            + (SiteLayout.hasOwnNotFound(graph.course) ? [] : [Job.notFound])
            + model.tags.indices.map { Job.tag($0) }
            + graph.pages.indices.filter { !graph.pages[$0].isHomeIntro }.map { Job.page($0) }
            + copies.indices.map { Job.copy($0) }
            + model.podcastFeeds.indices.map { Job.podcast($0) }
            + graph.pages.indices.filter { EpisodeFiles.hasChapters(graph.pages[$0]) }.map { Job.chapters($0) }
            + graph.listedFolders.indices.map { Job.listing($0) }
        let bodiesCanBeReplaced = theme.library.showsOnlyUnescaped("content")
        @Sendable func make(_ index: Int) -> [Made] {
            /// Files made together from inputs hashed by `fingerprint`: kept from the previous
            /// site when it holds all of them with that fingerprint, else made. Without a cache
            /// nothing is hashed.
            func kept(_ paths: [String], fingerprint: () -> UInt64, isPage: Bool, make: () -> [[UInt8]]) -> [Made] {
                guard let reusable else {
                    return zip(paths, make()).map { Made(file: OutputFile(path: $0, content: .bytes($1)), rendered: isPage) }
                }
                let value = fingerprint()
                let stamps = paths.compactMap { reusable($0, value) }
                if stamps.count == paths.count {
                    return zip(paths, stamps).map { Made(file: OutputFile(path: $0, content: .previous($1)), fingerprint: value) }
                }
                return zip(paths, make()).map { Made(file: OutputFile(path: $0, content: .bytes($1)), fingerprint: value, rendered: isPage) }
            }
            /// A theme page. `identity` turns the fingerprint of `context` into the file's,
            /// adding what the context leaves out (a page's body).
            func themed(_ path: String, _ template: String, _ context: () -> TemplateObject, identity: (UInt64) -> UInt64 = { $0 },
                        full: () -> TemplateObject) -> [Made] {
                var contextFingerprint: UInt64?
                var made = kept([path], fingerprint: {
                    var hasher = StableHasher(seed: theme.identity)
                    hasher.combine(template)
                    context().combine(into: &hasher)
                    let value = hasher.finalize()
                    contextFingerprint = value
                    return identity(value)
                }, isPage: true, make: { [theme.render(full(), template: template)] })
                made[0].contextFingerprint = contextFingerprint
                return made
            }
            func collection(_ path: String, _ template: String, _ context: TemplateObject) -> [Made] {
                themed(path, template, { context }, full: { context })
            }
            func data(_ path: String, _ text: String) -> Made { Made(file: OutputFile(path: path, content: .text(text))) }
            switch jobs[index] {
            case .page(let page):
                // Fields of the page, not a copy of it: a page is a large value, and copying it
                // retains every string it holds.
                var body = ""
                var made = themed(graph.pages[page].outputPath, graph.pages[page].kind.rawValue, { model.pageContext(page, content: "") },
                              identity: {
                                  SiteRenderer.pageFingerprint(context: $0, sourceKey: graph.pages[page].sourceKey, slots: graph.slots[page])
                              },
                              full: {
                                  body = Placeholder.fill(graph.pages[page].body.html, slots: graph.slots[page])
                                  return model.pageContext(page, content: body)
                              })
                if reusable != nil, bodiesCanBeReplaced, made[0].rendered, case .bytes(let text) = made[0].file.content {
                    made[0].body = ByteSearch.onlyRange(of: body, in: text)
                }
                return made
            case .home: return collection(SiteLayout.home, "home", model.homeContext())
            case .tags: return collection(SiteLayout.tags, "tags", model.tagsContext())
            case .tag(let number):
                let tag = model.tags[number]
                return collection(tag.path, "tag", model.tagContext(tag))
            case .quotes: return collection(SiteLayout.quotes, "quotes", model.quotesContext())
            case .notFound: return collection(SiteLayout.notFound, "404", model.notFoundContext())
            case .listing(let number):
                let folder = graph.listedFolders[number]
                return collection(RelativeURL.joined(folder, "index.html"), "folder", model.folderContext(folder))
            case .contents: return collection(model.contentsPath, "contents", model.contentsContext())
            case .navigation:
                // Rendered through the theme once, for every page to load (the sidebar).
                let context = model.navigationContext()
                return kept([SiteLayout.navigation], fingerprint: {
                    var hasher = StableHasher(seed: theme.identity)
                    context.combine(into: &hasher)
                    return hasher.finalize()
                }, isPage: false) {
                    [NavigationScript.bytes(html: theme.render(context, template: "navigation"))]
                }
            case .feed: return [data(SiteLayout.feed, Feeds.atom(model))]
            case .sitemap: return Feeds.sitemap(model).map { [data(SiteLayout.sitemap, $0)] } ?? []
            case .robots: return [data("robots.txt", Feeds.robots(model))]
            case .search:
                return kept(SiteLayout.searchIndex, fingerprint: { SearchIndex.fingerprint(model.pages, sections: model.navigationTree.sections, seed: theme.identity) },
                            isPage: false) {
                    let searchIndex = SearchIndex.json(model)
                    return [searchIndex + "\n".utf8, Array("window.SYLLABUS_SEARCH_INDEX = ".utf8) + searchIndex + ";\n".utf8]
                }
            case .graph:
                return kept([SiteLayout.graph], fingerprint: { GraphExport.fingerprint(graph, seed: theme.identity) }, isPage: false) {
                    [GraphExport.jsonBytes(graph) + "\n".utf8]
                }
            case .copy(let number):
                return [Made(file: OutputFile(path: copies[number].path, content: .copy(from: copies[number].source)))]
            case .podcast(let number):
                return [data(model.podcastFeeds[number].path, model.podcastFeeds[number].xml(model))]
            case .chapters(let page):
                let episode = graph.pages[page]
                return [data(EpisodeFiles.path(of: episode, EpisodeFiles.vttSuffix), EpisodeFiles.vtt(episode)),
                        Made(file: OutputFile(path: EpisodeFiles.path(of: episode, EpisodeFiles.jsonSuffix), content: .bytes(EpisodeFiles.json(episode))))]
            }
        }
        let made = await Parallel.map(jobs.count, jobs: options.jobs) { index -> [Made] in
            make(index).map { made in
                let staged = stage(made.file)
                var kept = made
                kept.file = staged.file
                kept.stamp = staged.stamp
                kept.extract = staged.extract
                return kept
            }
        }
        var files: [OutputFile] = []
        var fingerprints: [String: UInt64] = [:]
        var renderedPaths: [String] = []
        var bodies: [String: Range<Int>] = [:]
        var contextFingerprints: [String: UInt64] = [:]
        var stamps: [String: FileStamp] = [:]
        var extracts: [String: OutputVerifier.Extract] = [:]
        for item in made.joined() {
            files.append(item.file)
            if let stamp = item.stamp { stamps[item.file.path] = stamp }
            if let extract = item.extract { extracts[item.file.path] = extract }
            if let body = item.body { bodies[item.file.path] = body }
            if let context = item.contextFingerprint { contextFingerprints[item.file.path] = context }
            if let fingerprint = item.fingerprint { fingerprints[item.file.path] = fingerprint }
            if item.rendered { renderedPaths.append(item.file.path) }
        }
        return Rendering(files: files.sorted { $0.path < $1.path }, fingerprints: fingerprints, rendered: renderedPaths.sorted(),
                         bodies: bodies, contextFingerprints: contextFingerprints, stamps: stamps, extracts: extracts)
    }
}

/// The site's view of the course: URLs, dates, tags, and the template contexts
/// (documented in docs/templates.md).
struct SiteModel: Sendable {
    let graph: CourseGraph
    let liveReloadURL: String?
    let tags: [TagInfo]

    struct TagInfo: Sendable {
        var name: String
        var slug: String
        var pages: [Int]
        var path: String { "tags/\(slug)/index.html" }
    }

    /// Title, output path and fragment of each top navigation entry, the same on every page.
    let navigationEntries: [NavigationEntry]
    /// The pages as the sidebar and the contents page show them.
    let navigationTree: NavigationTree
    /// Where the contents page is written (`SiteLayout.contents`, unless a page is there).
    let contentsPath: String
    /// The titles more than one page has (folded): those pages' `<title>`s name their section.
    let sharedTitles: Set<String>
    /// `linkFields(of:in:)` of each page, by index.
    let linkFields: [TemplateObject]
    /// Index in `tags` by lowercased name: tags differing only in case are one tag.
    let tagIndices: [String: Int]
    /// `site` of every context.
    let site: TemplateValue
    /// The navigation of a page that is not itself in it, by folder: the same on every such
    /// page of a folder, so it is made once.
    let navigationByFolder: [String: TemplateValue]
    let navigationPaths: Set<String>
    /// `RelativeURL.root(from:)` of the pages of each folder, the same for all of them.
    let roots: [String: String]
    /// Whether a folder's name needs percent-encoding in a URL (a space, a letter beyond
    /// ASCII). Slugs, tag slugs and the site's own paths never do, so without such a folder
    /// no URL between pages does, and none is scanned.
    let encodesURLs: Bool
    /// The content's other files, copied as they are.
    let files: Set<String>
    let podcastFeeds: [PodcastFeed]
    /// The podcast feed of each episode with audio, by page.
    let podcastFeedOf: [Int: Int]
    /// What each folder the site lists holds.
    let folderListings: FolderListings

    init(graph: CourseGraph, liveReloadURL: String?, jobs: Int = 1) {
        self.graph = graph
        folderListings = FolderListings(graph)
        self.liveReloadURL = liveReloadURL
        var byKey: [String: TagInfo] = [:]
        var usedSlugs: [String: String] = [:]
        // By index, here and below: copying each page would retain every string it holds.
        for index in graph.pages.indices where !graph.pages[index].isHomeIntro {
            for tag in graph.pages[index].frontMatter.tags {
                let key = tag.lowercased()
                if byKey[key] == nil {
                    let slug = Slugger.tagSlug(tag)
                    var unique = slug, counter = 1
                    while let owner = usedSlugs[unique], owner != key { unique = "\(slug)-\(counter)"; counter += 1 }
                    usedSlugs[unique] = key
                    byKey[key] = TagInfo(name: tag, slug: unique, pages: [])
                }
                // Pages come in order, so a page that names a tag twice finds itself last.
                if byKey[key]!.pages.last != index { byKey[key]!.pages.append(index) }
            }
        }
        tags = byKey.values.sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }
        tagIndices = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1.name.lowercased(), $0) })
        let tree = NavigationTree(graph)
        navigationTree = tree
        let contentsPath = graph.pages.contains { $0.outputPath == SiteLayout.contents } ? SiteLayout.contentsBesideAPage : SiteLayout.contents
        self.contentsPath = contentsPath
        var titleCounts: [String: Int] = [:]
        for index in graph.pages.indices where !graph.pages[index].isHomeIntro {
            titleCounts[graph.pages[index].title.lowercased(), default: 0] += 1
        }
        sharedTitles = Set(titleCounts.filter { $0.value > 1 }.keys)
        // The top-level places only: however many pages there are, the header stays this size.
        var entries = [NavigationEntry(title: "Home", path: SiteLayout.home)]
        let top = tree.topSections
        if top.count <= NavigationEntry.mostSections {
            entries += top.map { section in
                section.page.map { NavigationEntry(title: section.title, path: graph.pages[$0].outputPath) }
                    ?? NavigationEntry(title: section.title, path: contentsPath, fragment: NavigationEntry.anchor(section.key))
            }
        }
        entries.append(NavigationEntry(title: "Contents", path: contentsPath))
        // (The quotes and tags pages are still written, so a link to them stays good.)
        let hasQuotes = graph.pages.indices.contains { !graph.pages[$0].body.quotes.isEmpty }
        if hasQuotes { entries.append(NavigationEntry(title: "Quotes", path: SiteLayout.quotes)) }
        if !tags.isEmpty { entries.append(NavigationEntry(title: "Tags", path: SiteLayout.tags)) }
        navigationEntries = entries
        let pages = graph.course.pages
        linkFields = Parallel.blockingMap(pages.count, jobs: jobs) { index in Self.linkFields(of: index, in: pages) }
        let config = graph.course.config
        var site: TemplateObject = ["title": .string(config.title), "language": .string(config.language)]
        site["description"] = config.description.map(TemplateValue.string)
        site["author"] = config.author.map(TemplateValue.string)
        site["base_url"] = config.baseURL.map(TemplateValue.string)
        // A folder of notes or docs is a site, not a course: the theme's words follow.
        let isCourse = !config.modules.isEmpty || graph.pages.indices.contains { graph.pages[$0].kind == .lesson }
        site["is_course"] = .bool(isCourse)
        site["noun"] = .string(isCourse ? "course" : "site")
        site["has_quotes"] = .bool(hasQuotes)
        site["has_tags"] = .bool(!tags.isEmpty)
        self.site = .object(site)
        navigationPaths = Set(entries.map(\.path))
        var roots: [String: String] = [:]
        for page in graph.pages.indices {
            let path = graph.pages[page].outputPath
            let folder = RelativeURL.folder(of: path)
            if roots[folder] == nil { roots[folder] = RelativeURL.root(from: path) }
        }
        self.roots = roots
        let encodesURLs = roots.keys.contains { Escape.url($0) != $0 }
        self.encodesURLs = encodesURLs
        var navigationByFolder: [String: TemplateValue] = [:]
        for index in graph.pages.indices where !navigationPaths.contains(graph.pages[index].outputPath) {
            let path = graph.pages[index].outputPath
            let folder = RelativeURL.folder(of: path)
            if navigationByFolder[folder] == nil {
                navigationByFolder[folder] = Self.navigation(entries, from: path, urlPrefix: "", encoding: encodesURLs)
            }
        }
        self.navigationByFolder = navigationByFolder
        files = Set(graph.copiedFiles.map(\.path))
        let feeds = PodcastFeed.feeds(of: graph.pages, courseTitle: config.title) { Self.newerFirst($0, $1, in: pages) }
        podcastFeeds = feeds
        podcastFeedOf = Dictionary(uniqueKeysWithValues: feeds.indices.flatMap { feed in feeds[feed].episodes.map { ($0, feed) } })
    }

    var pages: [Page] { graph.pages }
    var config: CourseConfig { graph.course.config }

    func tag(named name: String) -> TagInfo? {
        tagIndices[name.lowercased()].map { tags[$0] }
    }

    // MARK: - Shared pieces

    func absoluteURL(_ path: String) -> String? {
        config.baseURL.map { $0 + (path == "index.html" ? "" : url(path)) }
    }

    func common(outputPath: String, title: String?, kind: String, description: String?) -> TemplateObject {
        let folder = RelativeURL.folder(of: outputPath)
        var context: TemplateObject = [
            "root": .string(roots[folder] ?? RelativeURL.root(from: outputPath)),
            "path": .string(url(outputPath)),
            "site": site,
            "page_title": .string(title.map { "\($0) · \(config.title)" } ?? config.title),
            "page_kind": .string(kind),
            "nav": navigation(from: outputPath, in: folder),
            "sidebar": true,
        ]
        context["canonical"] = absoluteURL(outputPath).map(TemplateValue.string)
        context["meta_description"] = ((description?.isEmpty == false ? description : nil) ?? config.description).map(TemplateValue.string)
        context["live_reload"] = liveReloadURL.map(TemplateValue.string)
        return context
    }

    /// The top navigation as seen from `outputPath`; `urlPrefix` goes before each relative URL.
    func navigation(from outputPath: String, in folder: String? = nil, urlPrefix: String = "") -> TemplateValue {
        if urlPrefix.isEmpty, !navigationPaths.contains(outputPath),
           let shared = navigationByFolder[folder ?? RelativeURL.folder(of: outputPath)] {
            return shared
        }
        return Self.navigation(navigationEntries, from: outputPath, urlPrefix: urlPrefix, encoding: encodesURLs)
    }

    /// `path` (between pages of the site) as it may stand in a URL.
    func url(_ path: String) -> String {
        encodesURLs ? Escape.url(path) : path
    }

    static func navigation(_ entries: [NavigationEntry], from outputPath: String, urlPrefix: String, encoding: Bool) -> TemplateValue {
        .list(entries.map { entry in
            let relative = RelativeURL.from(outputPath, to: entry.path)
            let url = urlPrefix + (encoding ? Escape.url(relative) : relative) + (entry.fragment.map { "#" + $0 } ?? "")
            return .object(["title": .string(entry.title), "url": .string(url),
                            "current": .bool(entry.path == outputPath && entry.fragment == nil)])
        })
    }

    /// A page as an item of a list on another page: `linkFields(of:in:)` plus its URL from there.
    func link(_ page: Int, from outputPath: String) -> TemplateValue {
        .link(linkFields[page], url: url(RelativeURL.from(outputPath, to: pages[page].outputPath)))
    }

    /// What a link to a page shows wherever it is: made once per page, as a page is linked
    /// from a dozen others.
    /// (The page's fields are read in place: passing the page copied it.)
    static func linkFields(of index: Int, in pages: [Page]) -> TemplateObject {
        var item: TemplateObject = ["title": .string(pages[index].title), "kind": .string(pages[index].kind.rawValue),
                                    "slug": .string(pages[index].slug), "summary": .string(pages[index].summary)]
        if let date = pages[index].date {
            item["date"] = .string(date)
            item["date_display"] = .string(Dates.display(date))
        }
        if pages[index].kind == .episode {
            item["series"] = pages[index].frontMatter.series.map(TemplateValue.string)
            item["number"] = pages[index].frontMatter.number.map(TemplateValue.int)
        }
        return item
    }

    /// Sets `key` to the list, and `has_key`, only when the list is not empty.
    func put(_ items: [TemplateObject], _ key: String, into context: inout TemplateObject) {
        guard !items.isEmpty else { return }
        put(items.map(TemplateValue.object), key, into: &context)
    }

    func put(_ items: [TemplateValue], _ key: String, into context: inout TemplateObject) {
        guard !items.isEmpty else { return }
        context[key] = .list(items)
        context["has_" + key] = true
    }

    // MARK: - Pages

    /// The context of a page showing `content` as its body (empty for fingerprints). The page's
    /// fields are read in place, one by one: passing the page, even borrowed, copied it, and a
    /// copy retains every string it holds.
    func pageContext(_ index: Int, content: String) -> TemplateObject {
        let pages = graph.course.pages
        let path = pages[index].outputPath
        // Pages of one title are told apart in the browser's tabs and history by their section.
        var title = pages[index].title
        if sharedTitles.contains(title.lowercased()), let section = navigationTree.sections[index].last { title += " · " + section }
        var context = common(outputPath: path, title: title, kind: pages[index].kind.rawValue, description: pages[index].summary)
        var info: TemplateObject = [
            "title": .string(pages[index].title), "slug": .string(pages[index].slug), "kind": .string(pages[index].kind.rawValue),
            "url": .string(url(RelativeURL.from(path, to: path))), "summary": .string(pages[index].summary),
            "content": .string(content),
            "is_\(pages[index].kind.rawValue)": true,
        ]
        info.reserveCapacity(32)
        info["title_id"] = pages[index].body.titleAnchor.map(TemplateValue.string)
        if let date = pages[index].date {
            info["date"] = .string(date)
            // Made once per page, with its link fields.
            info["date_display"] = linkFields[index][TemplateKey("date_display")]
        }
        put(pages[index].frontMatter.tags.compactMap { name in
            tag(named: name).map { .object(["name": .string($0.name), "url": .string(url(RelativeURL.from(path, to: $0.path)))]) }
        }, "tags", into: &info)
        // A table of contents earns its place from three entries on.
        let toc: [TemplateValue] = pages[index].body.headings.compactMap { heading in
            guard heading.level == 2 || heading.level == 3 else { return nil }
            return .object(["id": .string(heading.id), "text": .string(heading.text), "level": .int(heading.level),
                            "is_h3": .bool(heading.level == 3)])
        }
        if toc.count >= 3 { put(toc, "toc", into: &info) }
        if let module = graph.moduleOf[index] {
            info["module"] = ["title": .string(graph.modules[module].title), "number": .int(graph.modules[module].number)]
        }
        put(graph.prerequisites[index].map { link($0, from: path) }, "prerequisites", into: &info)
        if let previous = graph.previous[index] { info["prev"] = link(previous, from: path) }
        if let next = graph.next[index] { info["next"] = link(next, from: path) }
        put(graph.related[index].map { link($0, from: path) }, "related", into: &info)
        put(graph.backlinks[index].map { link($0, from: path) }, "backlinks", into: &info)
        let matter = pages[index].frontMatter
        info["series"] = matter.series.map(TemplateValue.string)
        info["number"] = matter.number.map(TemplateValue.int)
        info["guest"] = matter.guest.map(TemplateValue.string)
        info["duration"] = matter.duration.map { .string($0.description) }
        info["audio"] = matter.audio.map { .string(frontMatterURL($0, of: pages[index])) }
        if matter.audio?.isEmpty == false { episodeContext(index, into: &info, context: &context) }
        put(pages[index].body.quotes.map {
            .object(["time": .string($0.time.description), "anchor": .string($0.time.anchor), "seconds": .int($0.time.seconds),
                     "text": .string($0.text)])
        }, "quotes", into: &info)
        context["page"] = .object(info)
        return context
    }

    /// What a page with audio adds: its chapters, transcript, podcast feed and JSON-LD. A
    /// page without audio has none of these keys, and its HTML does not change.
    func episodeContext(_ index: Int, into info: inout TemplateObject, context: inout TemplateObject) {
        let page = pages[index]
        let path = page.outputPath
        guard let audio = page.frontMatter.audio else { return }
        info["audio_type"] = .string(EpisodeMedia.mimeType(of: audio))
        if EpisodeFiles.hasChapters(page) {
            info["chapters_vtt"] = .string(url(RelativeURL.from(path, to: EpisodeFiles.path(of: page, EpisodeFiles.vttSuffix))))
            info["chapters_json"] = .string(url(RelativeURL.from(path, to: EpisodeFiles.path(of: page, EpisodeFiles.jsonSuffix))))
            let played = frontMatterURL(audio, of: page)
            let base = played.split(separator: "#", maxSplits: 1).first.map(String.init) ?? played
            put(page.chapters.map {
                .object(["time": .string($0.time.description), "seconds": .int($0.time.seconds), "title": .string($0.title),
                         "href": .string(base + "#t=\($0.time.seconds)")])
            }, "chapters", into: &info)
            // Chapters the notes list are shown where the notes list them.
            info["chapters_listed"] = .bool(!page.frontMatter.chapters.isEmpty)
        }
        if let transcript = EpisodeMedia.transcript(of: page, files: files) {
            info["transcript"] = .string(frontMatterURL(transcript, of: page))
            info["transcript_type"] = .string(EpisodeMedia.mimeType(of: transcript))
            // A browser's <track> reads WebVTT only; a SubRip file is for the feed.
            info["transcript_is_vtt"] = .bool(EpisodeMedia.mimeType(of: transcript) == "text/vtt")
        }
        guard let feed = podcastFeedOf[index] else { return }
        context["podcast_feeds"] = .list([feedLink(feed, from: path)])
        let pageURL = absoluteURL(path) ?? url(RelativeURL.from(path, to: path))
        let audioURL = EpisodeMedia.localPath(audio, from: page.sourcePath).map { local in
            config.baseURL.map { $0 + Escape.url(local) } ?? url(RelativeURL.from(path, to: local))
        } ?? audio
        info["json_ld"] = .string(StructuredData.episode(page, series: podcastFeeds[feed].title, pageURL: pageURL, audioURL: audioURL))
    }

    /// A file the front matter names (`audio:`, `transcript:`), written from the page's source
    /// folder or from the site's root, as a URL from where the page is written: a page that a
    /// permalink or pretty URLs write into another folder reaches it from there.
    func frontMatterURL(_ written: String, of page: Page) -> String {
        PageFacts(source: page.sourcePath, writtenAt: page.outputPath).written(written)
    }

    /// A podcast feed as `<link rel="alternate">` names it from `outputPath`.
    func feedLink(_ feed: Int, from outputPath: String) -> TemplateValue {
        .object(["title": .string(podcastFeeds[feed].title), "url": .string(url(RelativeURL.from(outputPath, to: podcastFeeds[feed].path)))])
    }

    // MARK: - Home and collections

    func homeContext() -> TemplateObject {
        let path = "index.html"
        var context = common(outputPath: path, title: nil, kind: "home", description: config.description)
        put(podcastFeeds.indices.map { feedLink($0, from: path) }, "podcast_feeds", into: &context)
        var course: TemplateObject = ["title": .string(config.title)]
        course["description"] = config.description.map(TemplateValue.string)
        if let intro = pages.firstIndex(where: \.isHomeIntro) {
            course["intro"] = .string(Placeholder.fill(pages[intro].body.html, slots: graph.slots[intro]))
        }
        context["course"] = .object(course)
        put(graph.modules.map { module in
            var item: TemplateObject = ["number": .int(module.number), "title": .string(module.title),
                                        "lessons": .list(module.lessons.map { link($0, from: path) })]
            item["summary"] = module.summary.map(TemplateValue.string)
            return item
        }, "modules", into: &context)
        put(graph.unlistedLessons.map { link($0, from: path) }, "unlisted_lessons", into: &context)
        put(newest(.episode).prefix(5).map { link($0, from: path) }, "latest_episodes", into: &context)
        put(newest(.article).prefix(5).map { link($0, from: path) }, "latest_articles", into: &context)
        // A site with no introduction and no outline would open on an empty page: it opens on
        // its contents, every page by folder, and the list of pages beside would repeat them.
        if course["intro"] == nil, graph.modules.isEmpty, graph.unlistedLessons.isEmpty {
            put(contents(from: path), "contents", into: &context)
        } else {
            put(pages.indices.filter { pages[$0].kind == .page && !pages[$0].isHomeIntro && !pages[$0].isNotFound }
                    .sorted { pages[$0].title < pages[$1].title }.map { link($0, from: path) }, "pages", into: &context)
        }
        context["lesson_count"] = .int(graph.outlineOrder.count + graph.unlistedLessons.count)
        return context
    }

    /// Every page but the home page's and the not-found page, by folder (the top first, then
    /// by path), in a folder by order, then title, then path: `[{folder, pages}]`.
    func contents(from path: String) -> [TemplateObject] {
        let listed = pages.indices.filter { !pages[$0].isHomeIntro && !pages[$0].isNotFound }
        let byFolder = Dictionary(grouping: listed) { RelativeURL.folder(of: pages[$0].sourcePath) }
        return byFolder.keys.sorted().map { folder in
            let inOrder = (byFolder[folder] ?? []).sorted {
                (pages[$0].frontMatter.order ?? .infinity, pages[$0].title, pages[$0].sourcePath)
                    < (pages[$1].frontMatter.order ?? .infinity, pages[$1].title, pages[$1].sourcePath)
            }
            var section: TemplateObject = ["pages": .list(inOrder.map { link($0, from: path) })]
            if !folder.isEmpty { section["folder"] = .string(folder) }
            return section
        }
    }

    /// Pages of a kind, newest first.
    func newest(_ kind: PageKind) -> [Int] {
        pages.indices.filter { pages[$0].kind == kind }.sorted(by: newerFirst)
    }

    /// The order of every dated list of the site (home, tag pages, feed): newer date first,
    /// then title, then file path, so equal dates never swap between runs.
    func newerFirst(_ a: Int, _ b: Int) -> Bool { Self.newerFirst(a, b, in: pages) }

    static func newerFirst(_ a: Int, _ b: Int, in pages: [Page]) -> Bool {
        let dateA = pages[a].date ?? "", dateB = pages[b].date ?? ""
        if dateA != dateB { return dateA > dateB }
        return (pages[a].title, pages[a].sourcePath) < (pages[b].title, pages[b].sourcePath)
    }

    func tagsContext() -> TemplateObject {
        let path = "tags/index.html"
        var context = common(outputPath: path, title: "Tags", kind: "tags", description: nil)
        put(tags.map { .object(["name": .string($0.name), "url": .string(url(RelativeURL.from(path, to: $0.path))), "count": .int($0.pages.count)]) },
            "tags", into: &context)
        return context
    }

    func tagContext(_ tag: TagInfo) -> TemplateObject {
        var context = common(outputPath: tag.path, title: "Tagged “\(tag.name)”", kind: "tag", description: nil)
        context["tag"] = ["name": .string(tag.name)]
        let ordered = tag.pages.sorted(by: newerFirst)
        put(ordered.map { link($0, from: tag.path) }, "pages", into: &context)
        return context
    }

    /// Pages with quotes: lessons in outline order, then the others by kind, date and title.
    func quotePages() -> [Int] {
        let outline = graph.outlineOrder
        let position = Dictionary(uniqueKeysWithValues: outline.enumerated().map { ($1, $0) })
        return pages.indices.filter { !pages[$0].body.quotes.isEmpty }.sorted { a, b in
            let rankA = position[a] ?? Int.max, rankB = position[b] ?? Int.max
            if rankA != rankB { return rankA < rankB }
            return (pages[a].kind, pages[a].date ?? "", pages[a].title, pages[a].sourcePath)
                < (pages[b].kind, pages[b].date ?? "", pages[b].title, pages[b].sourcePath)
        }
    }

    func quotesContext() -> TemplateObject {
        let path = "quotes/index.html"
        var context = common(outputPath: path, title: "Quotes", kind: "quotes", description: "Every timestamped quote of the course, by page and time.")
        put(quotePages().map { index in
            let pageURL = url(RelativeURL.from(path, to: pages[index].outputPath))
            var group = linkFields[index]
            group["url"] = .string(pageURL)
            group["quotes"] = .list(pages[index].body.quotes.map { quote in
                ["time": .string(quote.time.description), "url": .string(pageURL + "#" + quote.time.anchor), "text": .string(quote.text)]
            })
            return group
        }, "groups", into: &context)
        return context
    }

    /// `contents.html`: every page in the tree, for readers without script (the header links
    /// here) and anyone who wants the whole site on one page.
    func contentsContext() -> TemplateObject {
        var context = common(outputPath: contentsPath, title: "Contents", kind: "contents", description: nil)
        context["sidebar"] = false
        context["expanded"] = true
        context["children"] = treeValue(navigationTree.roots)
        return context
    }

    /// What `navigation.mustache` renders into `navigation.js`: the tree, its URLs from the
    /// site's root, every section closed (the sidebar's script opens the current page's).
    func navigationContext() -> TemplateObject {
        ["site": site, "children": treeValue(navigationTree.roots)]
    }

    /// The tree as template values, URLs from the site's root. Every key is set on every entry,
    /// so that a key an entry lacks is never looked up in the entry around it.
    func treeValue(_ nodes: [NavigationTree.Node]) -> TemplateValue {
        .list(nodes.map { node in
            var item: TemplateObject = ["title": .string(node.title), "is_section": .bool(node.isSection),
                                        "children": treeValue(node.children), "has_children": .bool(node.isSection),
                                        "has_url": .bool(node.page != nil),
                                        "anchor": .string(node.isSection ? NavigationEntry.anchor(node.key) : "")]
            if let page = node.page {
                item["url"] = .string(url(pages[page].outputPath))
                item["kind"] = .string(pages[page].kind.rawValue)
            }
            return .object(item)
        })
    }

    /// A folder without a page of its own, as GitHub lists one: its folders, its pages (by
    /// title) and its other files, each linked; a folder with neither a page nor a listing
    /// of its own is named, not linked.
    func folderContext(_ folder: String) -> TemplateObject {
        let path = RelativeURL.joined(folder, "index.html")
        let name = RelativeURL.fileName(of: folder)
        var context = common(outputPath: path, title: name, kind: "folder", description: nil)
        let entries: [TemplateValue] = (folderListings.entries[folder] ?? []).map { entry in
            var item: TemplateObject = ["name": .string(entry.name), "is_folder": .bool(entry.isFolder), "has_url": .bool(entry.target != nil)]
            if let target = entry.target {
                // A file's name as written; a page's or a folder's path is the site's own.
                item["url"] = .string(entry.isFile ? RelativeURL.toFile(from: path, target) : RelativeURL.from(path, to: target))
            }
            return .object(item)
        }
        context["entries"] = .list(entries)
        context["folder"] = .string(folder)
        context["folder_name"] = .string(name)
        return context
    }

    func notFoundContext() -> TemplateObject {
        var context = common(outputPath: "404.html", title: "Page not found", kind: "404", description: nil)
        // A host serves 404.html for any missing path, so its links must not be relative: they
        // start at base_url, or at the server's root under `syllabus serve`.
        let root = liveReloadURL != nil ? "/" : (config.baseURL ?? "")
        context["root"] = .string(root)
        context["nav"] = navigation(from: "404.html", urlPrefix: root)
        return context
    }
}

enum Dates {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// `2026-03-14` → `14 March 2026`.
    static func display(_ date: String) -> String {
        // The usual form, read as bytes: splitting and parsing costs more than the rest of a
        // page's link fields.
        let fast = date.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func digit(_ offset: Int) -> Int? {
                let byte = bytes[offset]
                return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
            }
            guard (0..<4).allSatisfy({ digit($0) != nil }), let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9)
            else { return nil }
            let month = m0 * 10 + m1
            guard (1...12).contains(month) else { return nil }
            return String(d0 * 10 + d1) + " " + months[month - 1] + " " + String(decoding: bytes[0..<4], as: UTF8.self)
        }
        if let fast = fast ?? nil { return fast }
        let parts = date.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return date }
        return "\(day) \(months[month - 1]) \(parts[0])"
    }
}
