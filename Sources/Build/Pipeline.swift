import Markdown
import Support
import Check
import Course
import Site
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
        var unread: (any Sendable)?
    }

    /// Input that cannot be used at all: exit status 2.
    public struct Unusable: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// Whether `description` starts with `file:line:column: error:` itself.
        public var isLocated = false

        /// The line to print: a compiler's `file:line:column: error: …`, else the message
        /// after `syllabus: error:`.
        public var report: String { isLocated ? description : "syllabus: error: \(description)" }
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
        if let survey, let directory = load.cacheDirectory {
            QuickRebuild.recordCheck(self, survey: survey, cacheDirectory: directory, graph: graph, outcome: outcome)
            clock.lap("snapshot")
        }
        outcome.timings = clock.laps
        return outcome
    }

    /// Checks, renders, proves the output and replaces the site when all of it succeeded.
    public func build() async throws(Unusable) -> Outcome {
        var clock = Stopwatch()
        try refuseDangerousOutput()
        let theme: Theme
        do {
            theme = try Theme.load(authorDirectory: templates)
        } catch {
            throw Unusable(description: error.description, isLocated: error.isLocated)
        }
        let quick = quickly(theme: theme, attempting: true, QuickRebuild.attempt)
        if let outcome = quick.outcome { return outcome }
        if load.cacheDirectory != nil { clock.lap("quick rebuild?") }
        let survey = quick.survey
        var (graph, diagnostics, policy) = try await linkAndCheck(&clock)
        if policy.fails(diagnostics) {
            return Outcome(graph: graph, diagnostics: diagnostics, summary: CheckSummary(graph: graph, diagnostics: diagnostics),
                           failed: true, filesWritten: 0, timings: clock.laps)
        }
        let cache = load.cacheDirectory.map { OutputCache(directory: $0, content: content, output: output) }
        let outputFolder = output
        var reusable: (@Sendable (String, UInt64) -> FileStamp?)?
        if let cache {
            reusable = { path, fingerprint in cache.reusable(path, fingerprint: fingerprint, in: outputFolder)?.stamp }
        }
        // The new site is written beside the output while it is rendered, each file as soon as
        // it is made, keeping only what verification needs of it; it replaces the output only
        // when verification finds nothing, and is removed otherwise.
        let staging: SiteWriter.Staging
        do {
            staging = try SiteWriter.Staging(output: output)
        } catch {
            throw Unusable(description: error.description)
        }
        let rendering = await SiteRenderer.render(graph, theme: theme, options: RenderOptions(jobs: load.jobs, liveReloadURL: liveReloadURL),
                                                  reusable: reusable) { file in
            var extract: OutputVerifier.Extract?
            if case .bytes(let bytes) = file.content, file.path.hasSuffix(".html") { extract = OutputVerifier.extract(bytes) }
            let stamp = staging.place(file)
            if case .previous = file.content { return SiteRenderer.Staged(file: file, stamp: stamp) }
            return SiteRenderer.Staged(file: OutputFile(path: file.path, content: .staged), stamp: stamp, extract: extract)
        }
        let files = rendering.files
        clock.lap("render")
        // Problems are named as the files the reader opens: under the output folder given.
        let (problems, extracts) = await OutputVerifier.verify(files, staged: rendering.extracts, previous: cache?.previousSite,
                                                               naming: .init(output: output, templates: templates ?? "the built-in theme"),
                                                               jobs: load.jobs)
        diagnostics = policy.apply(diagnostics + problems)
        clock.lap("verify output")
        let summary = CheckSummary(graph: graph, diagnostics: diagnostics)
        if policy.fails(diagnostics) {
            staging.discard()
            return Outcome(graph: graph, diagnostics: diagnostics, summary: summary, failed: true, filesWritten: 0, timings: clock.laps,
                           rendered: rendering.rendered)
        }
        let stamps = rendering.stamps
        do {
            try staging.commit(jobs: load.jobs)
        } catch {
            throw Unusable(description: error.description)
        }
        if let cache {
            var records: [String: OutputCache.Record] = [:]
            for (path, stamp) in stamps {
                records[path] = OutputCache.Record(fingerprint: rendering.fingerprints[path] ?? 0, stamp: stamp, extract: extracts[path])
            }
            OutputCache.store(records, verifiedClean: problems.isEmpty, at: cache.path)
        }
        clock.lap("write")
        var outcome = Outcome(graph: graph, diagnostics: diagnostics, summary: summary, failed: false, filesWritten: files.count,
                              rendered: rendering.rendered)
        outcome.unread = (rendering, extracts)
        outcome.fullBuildReason = quick.reason
        if let survey, let directory = load.cacheDirectory {
            QuickRebuild.record(self, survey: survey, cacheDirectory: directory, graph: graph, rendering: rendering, stamps: stamps,
                                outcome: outcome)
            clock.lap("snapshot")
        }
        outcome.timings = clock.laps
        return outcome
    }

    /// With the cache: the content surveyed before anything is read, and, when `attempting`,
    /// the quick outcome if the change allows one, or why it does not.
    func quickly(theme: Theme?, attempting: Bool,
                 _ attempt: (Pipeline, QuickRebuild.Survey, String) -> Result<Outcome, QuickRebuild.Declined>)
        -> (survey: QuickRebuild.Survey?, outcome: Outcome?, reason: String?) {
        guard let directory = load.cacheDirectory else { return (nil, nil, nil) }
        guard let survey = QuickRebuild.survey(self, theme: theme) else {
            return (nil, nil, "the content folder holds links or special files")
        }
        guard attempting else { return (survey, nil, nil) }
        switch attempt(self, survey, directory) {
        case .success(let outcome): return (survey, outcome, nil)
        case .failure(let declined): return (survey, nil, declined.description)
        }
    }

    func linkAndCheck(_ clock: inout Stopwatch, rendering: Bool = true) async throws(Unusable) -> (CourseGraph, [Diagnostic], CheckPolicy) {
        let (course, loadDiagnostics): (Course, [Diagnostic])
        var options = load
        options.renderHTML = rendering
        do {
            (course, loadDiagnostics) = try await Course.load(content, options: options)
        } catch {
            throw Unusable(description: error.description)
        }
        clock.lap("load and parse")
        let graph = CourseGraph.link(course, forRendering: rendering, cacheDirectory: load.cacheDirectory, jobs: load.jobs)
        let policy = CheckPolicy(overrides: course.config.checks, strict: strict)
        let diagnostics = policy.apply(loadDiagnostics + graph.diagnostics + CheckRules.judge(graph))
        clock.lap("link and check")
        return (graph, diagnostics, policy)
    }

    /// The output must not be the content folder, lie inside it, or contain it.
    func refuseDangerousOutput() throws(Unusable) {
        let contentPath = Self.absolute(content.directory)
        let outputPath = Self.absolute(output)
        if outputPath == contentPath {
            throw Unusable(description: "the output folder '\(output)' is the content folder; building would replace your content. Choose another --output")
        }
        if Self.isInside(outputPath, contentPath) {
            throw Unusable(description: "the output folder '\(output)' is inside the content folder '\(content.displayName)'; choose another --output")
        }
        if Self.isInside(contentPath, outputPath) {
            throw Unusable(description: "the output folder '\(output)' contains the content folder; building would replace your content")
        }
        if let templates {
            let templatesPath = Self.absolute(templates)
            if templatesPath == outputPath || Self.isInside(templatesPath, outputPath) {
                throw Unusable(description: "the output folder '\(output)' contains the templates; choose another --output")
            }
        }
        try refuseMisplacedCache()
        if let cache = load.cacheDirectory, case let cachePath = Self.absolute(cache), cachePath == outputPath || Self.isInside(cachePath, outputPath) {
            throw Unusable(description: "the cache folder '\(cache)' is inside the output folder '\(output)', which a build replaces; choose another --cache")
        }
        // A build replaces the whole folder: one that a build did not make (it has no
        // graph.json, which every build writes) may hold someone's work. Hidden entries at its
        // top (`.git` of a gh-pages checkout) are kept in any case (`SiteWriter.swapIn`).
        if !force, let foreign = SiteWriter.foreignEntries(of: outputPath), !foreign.isEmpty {
            let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", …" : "")
            throw Unusable(description: "the output folder '\(output)' holds files that no build wrote (\(shown)), and a build replaces the whole folder; choose an empty or new --output, or pass --force to replace it")
        }
    }

    /// The cache must not lie inside the content folder, where its files would be read as
    /// content and published with the site.
    func refuseMisplacedCache() throws(Unusable) {
        guard let cache = load.cacheDirectory else { return }
        let cachePath = Self.absolute(cache), contentPath = Self.absolute(content.directory)
        if cachePath == contentPath || Self.isInside(cachePath, contentPath) {
            throw Unusable(description: "the cache folder '\(cache)' is inside the content folder '\(content.displayName)', where its files would be published; choose another --cache")
        }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Whether `path` lies below `folder` (both absolute); everything lies below `/`.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }
}

/// Time between named points of a run.
struct Stopwatch {
    private var last = ContinuousClock.now
    private(set) var laps: [(step: String, duration: Duration)] = []

    mutating func lap(_ step: String) {
        let now = ContinuousClock.now
        laps.append((step, now - last))
        last = now
    }
}
