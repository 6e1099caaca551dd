import Build
import Check
import Course
import Foundation
import Linking
import Site
import Support

/// `syllabus build`: the checks, then the steps that make the site: render, verify the output,
/// write. Nothing is written when a check or the verification fails.
extension Pipeline {
    /// Checks, renders, proves the output and replaces the site when all of it succeeded.
    public func build() async throws(Unusable) -> Outcome {
        let clock = Stopwatch()
        try refuseDangerousOutput()
        let theme: Theme
        do {
            theme = try Theme.load(authorDirectory: templates)
        } catch {
            throw Unusable(description: error.description, isLocated: error.isLocated)
        }
        // What the site's layer hands loading and linking, whatever the caller said: the files
        // this build writes itself, and the theme's markup and ids.
        var pipeline = self
        pipeline.load = SiteLayout.loadOptions(load, theme: theme)
        return try await pipeline.build(with: theme, clock)
    }

    private func build(with theme: Theme, _ clock: Stopwatch) async throws(Unusable) -> Outcome {
        var clock = clock
        let quick = quickly(theme: QuickRebuild.ThemeState(identity: theme.identity, staticFiles: theme.staticFiles), attempting: true,
                            QuickRebuild.attempt)
        if let outcome = quick.outcome { return outcome }
        if load.cacheDirectory != nil { clock.lap("quick rebuild?") }
        let survey = quick.survey
        var (graph, diagnostics, policy) = try await linkAndCheck(&clock)
        if policy.fails(diagnostics) {
            return Outcome(graph: graph, diagnostics: diagnostics, summary: CheckSummary(graph: graph, diagnostics: diagnostics),
                           failed: true, filesWritten: 0, timings: clock.laps)
        }
        let outputCache = cache.map { OutputCache(cache: $0, output: output) }
        let outputFolder = output
        var reusable: (@Sendable (String, UInt64) -> FileStamp?)?
        if let outputCache {
            reusable = { path, fingerprint in outputCache.reusable(path, fingerprint: fingerprint, in: outputFolder)?.stamp }
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
        var judged: [String: Set<String>] = [:]
        for (page, targets) in graph.judgedLinks.enumerated() where !targets.isEmpty {
            judged[graph.pages[page].outputPath] = Set(targets)
        }
        let (problems, extracts) = await OutputVerifier.verify(files, staged: rendering.extracts, previous: outputCache?.previousSite,
                                                               naming: .init(output: output, templates: templates ?? "the built-in theme"),
                                                               judged: judged, jobs: load.jobs)
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
        if let outputCache {
            var records: [String: OutputCache.Record] = [:]
            for (path, stamp) in stamps {
                records[path] = OutputCache.Record(fingerprint: rendering.fingerprints[path] ?? 0, stamp: stamp, extract: extracts[path])
            }
            OutputCache.store(records, verifiedClean: problems.isEmpty, at: outputCache.path)
        }
        clock.lap("write")
        var outcome = Outcome(graph: graph, diagnostics: diagnostics, summary: summary, failed: false, filesWritten: files.count,
                              rendered: rendering.rendered)
        outcome.unread = (rendering, extracts)
        outcome.fullBuildReason = quick.reason
        if let survey, let cache {
            QuickRebuild.record(self, survey: survey, cache: cache, graph: graph, rendering: rendering, stamps: stamps,
                                outcome: outcome)
            clock.lap("snapshot")
        }
        outcome.timings = clock.laps
        return outcome
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
}
