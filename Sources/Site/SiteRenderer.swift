import Course
import Markdown

/// A file of the built site: written from memory, or copied from a source file.
public struct OutputFile: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case text(String)
        case copy(from: String)
        /// The same bytes as the file at this path in the site being replaced, whose stamp
        /// is given: linked, not read or written (incremental builds).
        case previous(FileStamp)
    }

    public var path: String
    public var content: Content
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
    }

    /// Renders every file of the site. `reusable` is asked, for each page with its
    /// fingerprint, whether the previous site holds that very page: if it answers with the
    /// file's stamp, the page is not rendered and the file is kept.
    public static func render(_ graph: CourseGraph, theme: Theme, options: RenderOptions = RenderOptions(),
                              reusable: @escaping @Sendable (String, UInt64) -> FileStamp? = { _, _ in nil }) async -> Rendering {
        let model = SiteModel(graph: graph, liveReloadURL: options.liveReloadURL)
        let pageIndices = graph.pages.indices.filter { !graph.pages[$0].isHomeIntro }
        // A page's fingerprint covers its context without the body, plus what the body is
        // made of (the compiled source and the values of its placeholders): filling in 40 MB
        // of bodies only to learn they did not change would cost more than the rest.
        let pageFiles = await Parallel.map(pageIndices.count, jobs: options.jobs) { position -> (OutputFile, UInt64, Bool) in
            let page = pageIndices[position]
            let template = graph.pages[page].kind.rawValue
            var hasher = StableHasher(seed: theme.identity)
            hasher.combine(template)
            Fingerprint.combine(model.pageContext(page, withContent: false), into: &hasher)
            hasher.combine(graph.pages[page].sourceKey)
            for (slot, value) in graph.slots[page].sorted(by: { $0.key < $1.key }) {
                hasher.combine(slot)
                hasher.combine(value.href)
                hasher.combine(value.title)
            }
            let fingerprint = hasher.finalize()
            let path = graph.pages[page].outputPath
            if let stamp = reusable(path, fingerprint) {
                return (OutputFile(path: path, content: .previous(stamp)), fingerprint, false)
            }
            return (OutputFile(path: path, content: .text(theme.render(model.pageContext(page), template: template))), fingerprint, true)
        }
        // The site's own pages and files, also rendered in parallel: on a large course the tag
        // and quote lists are long.
        enum Extra: Sendable {
            case home, tags, tag(Int), quotes, notFound, feed, sitemap, robots, search, graph
        }
        let extras: [Extra] = [.home, .tags, .quotes, .notFound, .feed, .sitemap, .robots, .search, .graph]
            + model.tags.indices.map { Extra.tag($0) }
        let rendered = await Parallel.map(extras.count, jobs: options.jobs) { index -> [(OutputFile, UInt64?, Bool)] in
            /// A theme page, kept from the previous site when its fingerprint is unchanged.
            func themed(_ path: String, _ template: String, _ context: [String: Any]) -> [(OutputFile, UInt64?, Bool)] {
                var hasher = StableHasher(seed: theme.identity)
                hasher.combine(template)
                Fingerprint.combine(context, into: &hasher)
                let fingerprint = hasher.finalize()
                if let stamp = reusable(path, fingerprint) { return [(OutputFile(path: path, content: .previous(stamp)), fingerprint, false)] }
                return [(OutputFile(path: path, content: .text(theme.render(context, template: template))), fingerprint, true)]
            }
            func data(_ path: String, _ text: String) -> (OutputFile, UInt64?, Bool) { (OutputFile(path: path, content: .text(text)), nil, false) }
            switch extras[index] {
            case .home: return themed("index.html", "home", model.homeContext())
            case .tags: return themed("tags/index.html", "tags", model.tagsContext())
            case .tag(let number):
                let tag = model.tags[number]
                return themed(tag.path, "tag", model.tagContext(tag))
            case .quotes: return themed("quotes/index.html", "quotes", model.quotesContext())
            case .notFound: return themed("404.html", "404", model.notFoundContext())
            case .feed: return [data("feed.xml", Feeds.atom(model))]
            case .sitemap: return [data("sitemap.xml", Feeds.sitemap(model))]
            case .robots: return [data("robots.txt", Feeds.robots(model))]
            case .search:
                let searchIndex = SearchIndex.json(model)
                return [data("search-index.json", searchIndex + "\n"), data("search-index.js", "window.SYLLABUS_SEARCH_INDEX = \(searchIndex);\n")]
            case .graph: return [data("graph.json", GraphExport.json(graph) + "\n")]
            }
        }
        var files: [OutputFile] = []
        var fingerprints: [String: UInt64] = [:]
        var renderedPaths: [String] = []
        for (file, fingerprint, isRendered) in pageFiles + rendered.flatMap({ $0 }) {
            files.append(file)
            if let fingerprint { fingerprints[file.path] = fingerprint }
            if isRendered { renderedPaths.append(file.path) }
        }
        for relative in graph.course.files {
            files.append(OutputFile(path: relative, content: .copy(from: graph.course.location.directory + "/" + relative)))
        }
        for (relative, source) in theme.staticFiles.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: "theme/" + relative, content: .copy(from: source)))
        }
        return Rendering(files: files.sorted { $0.path < $1.path }, fingerprints: fingerprints, rendered: renderedPaths.sorted())
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

    /// Title and output path of each top navigation entry, the same on every page.
    let navigationEntries: [(title: String, path: String)]

    init(graph: CourseGraph, liveReloadURL: String?) {
        self.graph = graph
        self.liveReloadURL = liveReloadURL
        var byKey: [String: TagInfo] = [:]
        var usedSlugs: [String: String] = [:]
        for (index, page) in graph.pages.enumerated() where !page.isHomeIntro {
            for tag in page.frontMatter.tags {
                let key = tag.lowercased()
                if byKey[key] == nil {
                    var slug = Slugger.baseSlug(tag)
                    if slug.isEmpty || slug.contains(where: { $0 == "." }) { slug = Slugger.fileSlug(tag) }
                    var unique = slug, counter = 1
                    while let owner = usedSlugs[unique], owner != key { unique = "\(slug)-\(counter)"; counter += 1 }
                    usedSlugs[unique] = key
                    byKey[key] = TagInfo(name: tag, slug: unique, pages: [])
                }
                if !(byKey[key]!.pages.contains(index)) { byKey[key]!.pages.append(index) }
            }
        }
        tags = byKey.values.sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }
        var entries: [(title: String, path: String)] = [("Home", "index.html")]
        entries += graph.pages.filter { $0.kind == .page && !$0.isHomeIntro }
            .map { (title: $0.title, path: $0.outputPath) }
            .sorted { ($0.title, $0.path) < ($1.title, $1.path) }
        entries.append(("Quotes", "quotes/index.html"))
        if !tags.isEmpty { entries.append(("Tags", "tags/index.html")) }
        navigationEntries = entries
    }

    var pages: [Page] { graph.pages }
    var config: CourseConfig { graph.course.config }

    func tag(named name: String) -> TagInfo? {
        tags.first { $0.name.lowercased() == name.lowercased() }
    }

    // MARK: - Shared pieces

    func absoluteURL(_ path: String) -> String? {
        config.baseURL.map { $0 + (path == "index.html" ? "" : path) }
    }

    func common(outputPath: String, title: String?, kind: String, description: String?) -> [String: Any] {
        let root = RelativeURL.root(from: outputPath)
        var site: [String: Any] = ["title": config.title, "language": config.language]
        site["description"] = config.description
        site["author"] = config.author
        site["base_url"] = config.baseURL
        var context: [String: Any] = [
            "root": root,
            "site": site,
            "page_title": title.map { "\($0) · \(config.title)" } ?? config.title,
            "page_kind": kind,
            "nav": navigation(from: outputPath),
        ]
        context["canonical"] = absoluteURL(outputPath)
        context["meta_description"] = (description?.isEmpty == false ? description : nil) ?? config.description
        context["live_reload"] = liveReloadURL
        return context
    }

    func navigation(from outputPath: String) -> [[String: Any]] {
        navigationEntries.map { title, path in
            ["title": title, "url": RelativeURL.from(outputPath, to: path), "current": path == outputPath]
        }
    }

    func link(_ page: Int, from outputPath: String) -> [String: Any] {
        let target = pages[page]
        var item: [String: Any] = ["title": target.title, "url": RelativeURL.from(outputPath, to: target.outputPath),
                                   "kind": target.kind.rawValue, "slug": target.slug, "summary": target.summary]
        if let date = target.date {
            item["date"] = date
            item["date_display"] = Dates.display(date)
        }
        if target.kind == .episode {
            item["series"] = target.frontMatter.series
            item["number"] = target.frontMatter.number
        }
        return item
    }

    /// Sets `key` to the list, and `has_key`, only when the list is not empty.
    func put(_ items: [[String: Any]], _ key: String, into context: inout [String: Any]) {
        guard !items.isEmpty else { return }
        context[key] = items
        context["has_" + key] = true
    }

    // MARK: - Pages

    /// `withContent: false` leaves out the body (for fingerprints).
    func pageContext(_ index: Int, withContent: Bool = true) -> [String: Any] {
        let page = pages[index]
        let path = page.outputPath
        var context = common(outputPath: path, title: page.title, kind: page.kind.rawValue, description: page.summary)
        var info: [String: Any] = [
            "title": page.title, "slug": page.slug, "kind": page.kind.rawValue,
            "url": RelativeURL.from(path, to: path), "summary": page.summary,
            "content": withContent ? Placeholder.fill(page.body.html, slots: graph.slots[index]) : "",
            "is_\(page.kind.rawValue)": true,
        ]
        info["title_id"] = page.body.titleAnchor
        if let date = page.date {
            info["date"] = date
            info["date_display"] = Dates.display(date)
        }
        put(page.frontMatter.tags.compactMap { name in
            tag(named: name).map { ["name": $0.name, "url": RelativeURL.from(path, to: $0.path)] }
        }, "tags", into: &info)
        // A table of contents earns its place from three entries on.
        let toc = page.body.headings.filter { $0.level == 2 || $0.level == 3 }
        if toc.count >= 3 {
            put(toc.map { ["id": $0.id, "text": $0.text, "level": $0.level, "is_h3": $0.level == 3] }, "toc", into: &info)
        }
        if let module = graph.moduleOf[index] {
            info["module"] = ["title": graph.modules[module].title, "number": graph.modules[module].number]
        }
        put(graph.prerequisites[index].map { link($0, from: path) }, "prerequisites", into: &info)
        if let previous = graph.previous[index] { info["prev"] = link(previous, from: path) }
        if let next = graph.next[index] { info["next"] = link(next, from: path) }
        put(graph.related[index].map { link($0, from: path) }, "related", into: &info)
        put(graph.backlinks[index].map { link($0, from: path) }, "backlinks", into: &info)
        let matter = page.frontMatter
        info["series"] = matter.series
        info["number"] = matter.number
        info["guest"] = matter.guest
        info["duration"] = matter.duration?.description
        if let audio = matter.audio { info["audio"] = audio }
        put(page.body.quotes.map {
            ["time": $0.time.description, "anchor": $0.time.anchor, "seconds": $0.time.seconds, "text": $0.text]
        }, "quotes", into: &info)
        context["page"] = info
        return context
    }

    // MARK: - Home and collections

    func homeContext() -> [String: Any] {
        let path = "index.html"
        var context = common(outputPath: path, title: nil, kind: "home", description: config.description)
        var course: [String: Any] = ["title": config.title]
        course["description"] = config.description
        if let intro = pages.firstIndex(where: \.isHomeIntro) {
            course["intro"] = Placeholder.fill(pages[intro].body.html, slots: graph.slots[intro])
        }
        context["course"] = course
        put(graph.modules.map { module in
            var item: [String: Any] = ["number": module.number, "title": module.title,
                                       "lessons": module.lessons.map { link($0, from: path) }]
            item["summary"] = module.summary
            return item
        }, "modules", into: &context)
        put(graph.unlistedLessons.map { link($0, from: path) }, "unlisted_lessons", into: &context)
        put(newest(.episode).prefix(5).map { link($0, from: path) }, "latest_episodes", into: &context)
        put(newest(.article).prefix(5).map { link($0, from: path) }, "latest_articles", into: &context)
        put(pages.indices.filter { pages[$0].kind == .page && !pages[$0].isHomeIntro }
                .sorted { pages[$0].title < pages[$1].title }.map { link($0, from: path) }, "pages", into: &context)
        context["lesson_count"] = graph.outlineOrder.count + graph.unlistedLessons.count
        return context
    }

    /// Pages of a kind, newest first.
    func newest(_ kind: PageKind) -> [Int] {
        pages.indices.filter { pages[$0].kind == kind }.sorted(by: newerFirst)
    }

    /// The order of every dated list of the site (home, tag pages, feed): newer date first,
    /// then title, then file path, so equal dates never swap between runs.
    func newerFirst(_ a: Int, _ b: Int) -> Bool {
        let dateA = pages[a].date ?? "", dateB = pages[b].date ?? ""
        if dateA != dateB { return dateA > dateB }
        return (pages[a].title, pages[a].sourcePath) < (pages[b].title, pages[b].sourcePath)
    }

    func tagsContext() -> [String: Any] {
        let path = "tags/index.html"
        var context = common(outputPath: path, title: "Tags", kind: "tags", description: nil)
        put(tags.map { ["name": $0.name, "url": RelativeURL.from(path, to: $0.path), "count": $0.pages.count] }, "tags", into: &context)
        return context
    }

    func tagContext(_ tag: TagInfo) -> [String: Any] {
        var context = common(outputPath: tag.path, title: "Tagged “\(tag.name)”", kind: "tag", description: nil)
        context["tag"] = ["name": tag.name]
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

    func quotesContext() -> [String: Any] {
        let path = "quotes/index.html"
        var context = common(outputPath: path, title: "Quotes", kind: "quotes", description: "Every timestamped quote of the course, by page and time.")
        put(quotePages().map { index in
            var group = link(index, from: path)
            let url = RelativeURL.from(path, to: pages[index].outputPath)
            group["quotes"] = pages[index].body.quotes.map { quote -> [String: Any] in
                ["time": quote.time.description, "url": url + "#" + quote.time.anchor, "text": quote.text]
            }
            return group
        }, "groups", into: &context)
        return context
    }

    func notFoundContext() -> [String: Any] {
        var context = common(outputPath: "404.html", title: "Page not found", kind: "404", description: nil)
        // A host serves 404.html for any missing path, so its links must not be relative: they
        // start at base_url, or at the server's root under `syllabus serve`.
        let root = liveReloadURL != nil ? "/" : (config.baseURL ?? "")
        context["root"] = root
        context["nav"] = navigation(from: "404.html").map { item -> [String: Any] in
            var absolute = item
            absolute["url"] = root + (item["url"] as? String ?? "")
            return absolute
        }
        return context
    }
}

enum Dates {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// `2026-03-14` → `14 March 2026`.
    static func display(_ date: String) -> String {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return date }
        return "\(day) \(months[month - 1]) \(parts[0])"
    }
}
