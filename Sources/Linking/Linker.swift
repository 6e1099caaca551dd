import Course
import Markdown
import Support

/// What linking one page found: the part of the graph that depends on that page alone.
struct PageLinks: Sendable {
    var diagnostics: [Diagnostic] = []
    var edges: [Edge] = []
    var slots: [Int: SlotValue] = [:]
    var judged: [String] = []
    var listed: [String] = []
    var hiddenFiles: [String] = []
    var related: [Int] = []
    var prerequisites: [Int] = []
}

/// Resolves the references, links and front-matter lists of every page against the course, and
/// reports what does not resolve. One value per lane: its suggestion candidates are made when
/// the lane first needs them.
struct Linker: Sendable {
    let course: Course
    let pages: [Page]
    /// Finds the page a name means, for every syntax.
    var resolver: Resolver
    var index: PageIndex { resolver.index }
    let forRendering: Bool
    /// The content's other files (`course.files`), for lookups.
    let files: Set<String>
    var urls: PageURLs
    var diagnostics: [Diagnostic] = []
    /// Whether findings are about the page `linkPage` is linking (their lines are read at its end).
    var linkingPage = false
    /// "Did you mean" candidates, made when a lane first needs them and kept for its other
    /// findings: titles, page paths, other files, and each target page's anchors.
    var pathCandidates: Suggestion.Candidates?
    var fileCandidates: Suggestion.Candidates?
    var anchorCandidates: [Int: Suggestion.Candidates] = [:]
    /// The content's other files by their name in lowercase, for `![[photo.png]]`; made when
    /// a lane first meets an embed.
    var filesByName: [String: [String]]?
    /// Pages by the URL they are served at, in lowercase, for site URLs written in another
    /// case (Hugo finds pages in any case); made when a lane first needs it.
    var pagesByLowercasedURL: [String: [Int]]?
    /// The content's other files by name (not path), for "did you mean ![[name]]".
    var fileNameCandidates: Suggestion.Candidates?
    var edges: [Edge] = []
    /// Where the links of the page being linked that a rule reported lead (see
    /// `CourseGraph.judgedLinks`).
    var judged: [String] = []
    /// The folders without a page of their own that the page being linked links to.
    var listed: [String] = []
    /// The destinations left to a Hugo render hook that the page being linked has (each is
    /// reported once a page).
    var renderHookWords: Set<String> = []
    /// The hidden files of the content folder the page being linked links to.
    var hiddenFiles: [String] = []
    var slots: [[Int: SlotValue]]
    var explicitRelated: [[Int]]
    var prerequisites: [[Int]]

    init(course: Course, forRendering: Bool, jobs: Int) {
        self.course = course
        self.pages = course.pages
        self.resolver = Resolver(course: course, jobs: jobs)
        // URLs are only written into the rendered pages: a check makes none.
        self.urls = PageURLs(forRendering ? course.pages : [])
        self.forRendering = forRendering
        self.files = Set(course.files).union(course.servedFiles.keys)
        self.slots = Array(repeating: [:], count: course.pages.count)
        self.explicitRelated = Array(repeating: [], count: course.pages.count)
        self.prerequisites = Array(repeating: [], count: course.pages.count)
    }

    /// Everything about `page` that needs only the index of the course, not other pages' links.
    mutating func linkPage(_ page: Int) -> PageLinks {
        diagnostics = []
        edges = []
        judged = []
        listed = []
        renderHookWords = []
        hiddenFiles = []
        linkingPage = true
        defer { linkingPage = false }
        resolveReferences(of: page)
        resolveLinks(of: page)
        resolveRelated(of: page)
        resolvePrerequisites(of: page)
        checkMedia(of: page)
        // Every finding here is about `page`: its lines are read in one pass.
        pages[page].lines.fillLineTexts(of: &diagnostics)
        // In graph.json's order, here in the lanes: the pages' edges then only need putting together.
        edges.sort(by: Edge.comesBefore)
        return PageLinks(diagnostics: diagnostics, edges: edges, slots: slots[page], judged: judged, listed: listed, hiddenFiles: hiddenFiles, related: explicitRelated[page],
                         prerequisites: prerequisites[page])
    }

    mutating func run(relatedCache: String?, jobs: Int) -> CourseGraph {
        // Pages link independently, so they are linked in parallel, each lane with its own
        // memory of URLs; the findings are put together in page order, as one lane would.
        let start = self
        let found = Parallel.blockingMap(pages.count, jobs: jobs, lane: { start }) { linker, page in linker.linkPage(page) }
        edges.reserveCapacity(found.reduce(pages.count) { $0 + $1.edges.count })
        var judgedLinks = [[String]](repeating: [], count: pages.count)
        var listedFolders = Set<String>()
        var hiddenFiles = Set<String>()
        for page in pages.indices {
            let links = found[page]
            judgedLinks[page] = links.judged
            listedFolders.formUnion(links.listed)
            hiddenFiles.formUnion(links.hiddenFiles)
            diagnostics += links.diagnostics
            edges += links.edges
            slots[page] = links.slots
            explicitRelated[page] = links.related
            prerequisites[page] = links.prerequisites
        }
        let (modules, unlisted) = resolveOutline()
        var moduleOf = [Int?](repeating: nil, count: pages.count)
        for (number, module) in modules.enumerated() {
            for lesson in module.lessons { moduleOf[lesson] = number }
        }
        let order = modules.flatMap(\.lessons)
        var previous = [Int?](repeating: nil, count: pages.count)
        var next = [Int?](repeating: nil, count: pages.count)
        for (position, lesson) in order.enumerated() {
            if position > 0 { previous[lesson] = order[position - 1] }
            if position + 1 < order.count { next[lesson] = order[position + 1] }
        }
        edges = Self.inserting(next, into: edges)
        let backlinks = forRendering ? computeBacklinks() : Array(repeating: [], count: pages.count)
        let related = forRendering
            ? RelatedPages.compute(pages: pages, explicit: explicitRelated, edges: edges, moduleOf: moduleOf,
                                   count: course.config.relatedCount, cacheFile: relatedCache, jobs: jobs)
            : explicitRelated
        return CourseGraph(course: course, modules: modules, unlistedLessons: unlisted, edges: edges, slots: slots,
                           related: related, backlinks: backlinks, prerequisites: prerequisites, previous: previous,
                           next: next, moduleOf: moduleOf, diagnostics: diagnostics, judgedLinks: judgedLinks,
                           listedFolders: listedFolders.sorted(), linkedHiddenFiles: hiddenFiles.sorted(), index: index)
    }

    /// `edges`, sorted page by page, with each lesson's edge to the next lesson in its place:
    /// after the page's other edges that sort the same, as a stable sort of all would put it.
    static func inserting(_ next: [Int?], into edges: [Edge]) -> [Edge] {
        var merged: [Edge] = []
        merged.reserveCapacity(edges.count + next.count)
        var position = 0
        for page in next.indices {
            let end = edges[position...].firstIndex { $0.from != page } ?? edges.endIndex
            if let target = next[page] {
                let edge = Edge(kind: .next, from: page, to: target, line: nil)
                let cut = edges[position..<end].firstIndex { Edge.comesBefore(edge, $0) } ?? end
                merged += edges[position..<cut]
                merged.append(edge)
                merged += edges[cut..<end]
            } else {
                merged += edges[position..<end]
            }
            position = end
        }
        return merged
    }

    // MARK: - Diagnostics

    mutating func report(_ rule: Rule, _ page: Int, _ span: SourceSpan?, _ message: String,
                         suggestion: String? = nil, notes: [String] = []) {
        // Within `linkPage` the line's text is left to one pass over the page at its end.
        diagnostics.append(Diagnostic(rule: rule, file: pages[page].displayPath, span: span, message: message,
                                      suggestion: suggestion, notes: notes,
                                      lineText: linkingPage ? nil : span.flatMap { pages[page].lines[$0.line] }))
    }

    /// Notes that a link whose finding was just reported leads to `target` (a path in the
    /// site, `path#fragment` for a fragment): what the site writes for it is not judged again.
    mutating func judge(_ target: String) {
        if forRendering { judged.append(target) }
    }

    func keySpan(_ page: Int, _ key: String) -> SourceSpan {
        pages[page].keySpan(key)
    }

    mutating func url(from page: Int, to target: Int, fragment: String? = nil, query: Substring? = nil) -> String {
        var url = urls.url(from: page, to: target)
        if let query { url += query }
        guard let fragment, !fragment.isEmpty else { return url }
        return url + "#" + fragment
    }

    // MARK: - [see: …]

    func computeBacklinks() -> [[Int]] {
        // The edges come page by page, so each list grows in page order and a second edge
        // between the same two pages finds its page at the end of the list.
        var lists = [[Int]](repeating: [], count: pages.count)
        for edge in edges where (edge.kind == .see || edge.kind == .link) && edge.from != edge.to && lists[edge.to].last != edge.from {
            lists[edge.to].append(edge.from)
        }
        // Every list is in the order of (kind, title, path): the pages are sorted so once, and
        // each list by position in that order, instead of comparing titles in every list.
        let order = pages.indices.sorted {
            (pages[$0].kind, pages[$0].title, pages[$0].sourcePath) < (pages[$1].kind, pages[$1].title, pages[$1].sourcePath)
        }
        var rank = [Int](repeating: 0, count: pages.count)
        for (position, page) in order.enumerated() { rank[page] = position }
        return lists.map { list in list.sorted { rank[$0] < rank[$1] } }
    }
}
