import Markdown
import Support
import Check
import Course
import Linking
import Foundation

/// The whole pipeline, as the command line runs it: load → parse → link → check → render →
/// verify → write. `check` stops before rendering; `build` writes only when nothing failed.
public struct Pipeline: Sendable {
    public var content: ContentLocation
    /// The author's templates folder, or nil for the built-in theme.
    public var templates: String?
    public var output: String
    public var load: LoadOptions
    public var strict: Bool
    public var liveReloadURL: String?
    /// Replace an output folder that a build did not make (`--force`).
    public var force = false

    public init(content: ContentLocation, templates: String?, output: String, load: LoadOptions = LoadOptions(),
                strict: Bool = false, liveReloadURL: String? = nil) {
        self.content = content
        self.templates = templates
        self.output = output
        self.load = load
        self.strict = strict
        self.liveReloadURL = liveReloadURL
    }

    /// The build cache of this run's content, when it keeps one: the one value every stage
    /// that keeps files there is handed.
    public var cache: BuildCache? { load.cache(for: content) }

    public struct Outcome: Sendable {
        public var graph: CourseGraph?
        public var diagnostics: [Diagnostic]
        public var summary: CheckSummary
        public var failed: Bool
        public var filesWritten: Int
        /// How long each step took, in order: `syllabus build --timings` prints them.
        public var timings: [(step: String, duration: Duration)] = []
        /// Output paths of the pages rendered through the theme in this run; the others were
        /// unchanged and came from the previous site.
        public var rendered: [String] = []
        /// The quick rebuild did the work: only bodies changed (see `QuickRebuild`).
        public var quick = false
        /// Why a build with the cache could not be a quick rebuild.
        public var fullBuildReason: String?
        /// What the build made that no caller reads (the rendering, the verification
        /// extracts), kept with the outcome so it is not freed piece by piece as `build`
        /// returns: the command line exits without freeing anything (no teardown).
        package var unread: (any Sendable)?

        package init(graph: CourseGraph?, diagnostics: [Diagnostic], summary: CheckSummary, failed: Bool, filesWritten: Int,
                     timings: [(step: String, duration: Duration)] = [], rendered: [String] = [], quick: Bool = false) {
            self.graph = graph
            self.diagnostics = diagnostics
            self.summary = summary
            self.failed = failed
            self.filesWritten = filesWritten
            self.timings = timings
            self.rendered = rendered
            self.quick = quick
        }
    }

    /// Input that cannot be used at all: exit status 2.
    public struct Unusable: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// Whether `description` starts with `file:line:column: error:` itself.
        public var isLocated = false

        /// The line to print: a compiler's `file:line:column: error: …`, else the message
        /// after `syllabus: error:`.
        public var report: String { isLocated ? description : "syllabus: error: \(description)" }

        package init(description: String, isLocated: Bool = false) {
            self.description = description
            self.isLocated = isLocated
        }
    }

    /// Loads, links and checks; writes nothing. Pages are compiled without their HTML and
    /// linked without what only the rendered site shows: the graph of a check cannot be rendered.
    /// With the cache, and unless the caller needs the graph, a change of words only is a
    /// quick check: the last check's findings, given again (see `QuickRebuild`).
    public func check(graphNeeded: Bool = false) async throws(Unusable) -> Outcome {
        var clock = Stopwatch()
        try refuseMisplacedCache()
        let quick = quickly(theme: nil, attempting: !graphNeeded, QuickRebuild.attemptCheck)
        if let outcome = quick.outcome { return outcome }
        if load.cacheDirectory != nil { clock.lap("quick check?") }
        let survey = quick.survey
        let (graph, diagnostics, policy) = try await linkAndCheck(&clock, rendering: false)
        let summary = CheckSummary(graph: graph, diagnostics: diagnostics)
        var outcome = Outcome(graph: graph, diagnostics: diagnostics, summary: summary, failed: policy.fails(diagnostics), filesWritten: 0)
        outcome.fullBuildReason = quick.reason
        if let survey, let cache {
            QuickRebuild.recordCheck(self, survey: survey, cache: cache, graph: graph, outcome: outcome)
            clock.lap("snapshot")
        }
        outcome.timings = clock.laps
        return outcome
    }

    /// With the cache: the content surveyed before anything is read, and, when `attempting`,
    /// the quick outcome if the change allows one, or why it does not.
    package func quickly(theme: QuickRebuild.ThemeState?, attempting: Bool,
                 _ attempt: (Pipeline, QuickRebuild.Survey, BuildCache) -> Result<Outcome, QuickRebuild.Declined>)
        -> (survey: QuickRebuild.Survey?, outcome: Outcome?, reason: String?) {
        guard let cache else { return (nil, nil, nil) }
        guard let survey = QuickRebuild.survey(self, theme: theme) else {
            return (nil, nil, "the content folder holds links or special files")
        }
        guard attempting else { return (survey, nil, nil) }
        switch attempt(self, survey, cache) {
        case .success(let outcome): return (survey, outcome, nil)
        case .failure(let declined): return (survey, nil, declined.description)
        }
    }

    package func linkAndCheck(_ clock: inout Stopwatch, rendering: Bool = true) async throws(Unusable) -> (CourseGraph, [Diagnostic], CheckPolicy) {
        let (course, loadDiagnostics): (Course, [Diagnostic])
        var options = load
        options.renderHTML = rendering
        do {
            (course, loadDiagnostics) = try await Course.load(content, options: options)
        } catch {
            throw Unusable(description: error.description)
        }
        clock.lap("load and parse")
        let (graph, diagnostics, policy) = CourseCheck.judge(course, loadDiagnostics: loadDiagnostics, strict: strict, forRendering: rendering,
                                                             cache: cache, jobs: load.jobs)
        clock.lap("link and check")
        return (graph, diagnostics, policy)
    }

    /// The cache must not lie inside the content folder, where its files would be read as
    /// content and published with the site.
    package func refuseMisplacedCache() throws(Unusable) {
        guard let cache = load.cacheDirectory else { return }
        let cachePath = Self.absolute(cache), contentPath = Self.absolute(content.directory)
        if cachePath == contentPath || Self.isInside(cachePath, contentPath) {
            throw Unusable(description: "the cache folder '\(cache)' is inside the content folder '\(content.displayName)', where its files would be published; choose another --cache")
        }
    }

    package static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` lies below `folder` (both absolute); everything lies below `/`.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }
}

/// Time between named points of a run.
package struct Stopwatch {
    private var last = ContinuousClock.now
    package private(set) var laps: [(step: String, duration: Duration)] = []

    package init() {}

    package mutating func lap(_ step: String) {
        let now = ContinuousClock.now
        laps.append((step, now - last))
        last = now
    }
}
