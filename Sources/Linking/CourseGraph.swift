import Support
import Markdown
import Course

public enum EdgeKind: String, Sendable, Hashable, CaseIterable {
    case see, link, related, prerequisite, next

    /// Where edges of this kind come among a page's edges: the alphabetical order of the names,
    /// which the edges were sorted by before (comparing numbers is cheaper than comparing names).
    public var sortRank: Int {
        switch self {
        case .link: 0
        case .next: 1
        case .prerequisite: 2
        case .related: 3
        case .see: 4
        }
    }
}

/// A directed edge of the lesson graph, with the source line that made it (when one did).
public struct Edge: Sendable, Hashable {
    public var kind: EdgeKind
    public var from: Int
    public var to: Int
    public var line: Int?
    /// What in the source page made the edge, so its line can be found again after an edit
    /// that only moved it (a quick rebuild).
    public var origin: EdgeOrigin = .frontMatterOrOutline
}

extension Edge {
    /// graph.json's order: by page, then kind, line and target.
    static func comesBefore(_ left: Edge, _ right: Edge) -> Bool {
        (left.from, left.kind.sortRank, left.line ?? 0, left.to) < (right.from, right.kind.sortRank, right.line ?? 0, right.to)
    }
}

public enum EdgeOrigin: Sendable, Hashable {
    /// `body.references[index]`.
    case reference(Int)
    /// `body.links[index]`.
    case link(Int)
    case frontMatterOrOutline
}

/// A module of the outline with its lessons resolved to page indices.
public struct ResolvedModule: Sendable, Hashable {
    public var number: Int
    public var title: String
    public var summary: String?
    public var lessons: [Int]
}

/// The linked course: every reference resolved (or reported), the outline, the edges and
/// what comes from them (backlinks, related pages, previous/next).
public struct CourseGraph: Sendable {
    public var course: Course
    public var pages: [Page] { course.pages }
    public var modules: [ResolvedModule]
    /// Lessons in no module, by order then title.
    public var unlistedLessons: [Int]
    public var edges: [Edge]
    /// Per page: the value of each placeholder slot of its HTML.
    public var slots: [[Int: SlotValue]]
    public var related: [[Int]]
    public var backlinks: [[Int]]
    public var prerequisites: [[Int]]
    public var previous: [Int?]
    public var next: [Int?]
    /// Per page: the index of its module in `modules`.
    public var moduleOf: [Int?]
    /// What linking found: names and links that resolve to nothing, or to more than one thing.
    public var diagnostics: [Diagnostic]
    /// Per page: where its links lead that a rule has already reported (a path in the site,
    /// `path#fragment` for a fragment, or the path as written when it climbs above the root),
    /// at whatever severity the author chose. The output verifier does not report them
    /// again: it judges only what no rule could see (templates, kept raw HTML), so that what
    /// `check` passes, `build` builds.
    public var judgedLinks: [[String]] = []
    /// Folders without a page of their own that pages link to: the site writes a listing of
    /// what each holds as its `index.html`, as GitHub shows a folder.
    public var listedFolders: [String] = []
    /// Hidden files of the content folder (`.env.example`) that pages link to: only these of
    /// its hidden files are copied into the site, as others often hold settings or secrets.
    public var linkedHiddenFiles: [String] = []
    /// Pages by title, alias and slug, as references find them.
    public var index: PageIndex

    /// The files the site holds as they are, each with its file on disk: the content folder's
    /// own, the hidden ones pages link to, then those a host site serves (a Docusaurus static
    /// folder) where the content folder has none.
    public var copiedFiles: [(path: String, source: String)] {
        let folder = course.location.directory + "/"
        let own = (course.files + linkedHiddenFiles).map { (path: $0, source: folder + $0) }
        guard !course.servedFiles.isEmpty else { return own }
        let taken = Set(own.map(\.path)).union(pages.map(\.outputPath))
        return own + course.servedFiles.filter { !taken.contains($0.key) }.sorted { $0.key < $1.key }.map { (path: $0.key, source: $0.value) }
    }

    /// Lessons in outline order.
    public var outlineOrder: [Int] { modules.flatMap(\.lessons) }

    /// Links the course, its pages on `jobs` threads. `forRendering: false` leaves out what
    /// only the rendered site shows, related pages, backlinks and the values of placeholder slots
    /// (`syllabus check` needs every diagnostic, not them). With `cache`, related
    /// pages are kept there between runs.
    public static func link(_ course: Course, forRendering: Bool = true, cache: BuildCache? = nil, jobs: Int = 1) -> CourseGraph {
        var linker = Linker(course: course, forRendering: forRendering, jobs: jobs)
        return linker.run(relatedCache: cache?.path(of: .related), jobs: jobs)
    }
}
