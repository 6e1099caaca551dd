import Support
import Check
import Course
import Linking
import Foundation
import Markdown

/// The rebuild after an edit that changed only what pages say, not what they are: typing in
/// a paragraph. It reads and compiles only the Markdown files whose stamps changed, and when
/// each still has the same facts (title, front matter, summary, headings, quotes, references
/// and links, all in the same places), no other file of the site can change and neither can
/// the diagnostics. So it puts the new body into the page's written file in place of the old
/// one, with the placeholder values the last build used, and replays that build's report.
///
/// Anything else — a new, deleted or renamed file, a changed heading or reference, a page
/// with diagnostics, a changed theme, course.yml or asset, a site someone touched — and it
/// declines; the full (cached) build runs and leaves a new snapshot.
package enum QuickRebuild {
    /// What of the theme a build depends on, as the quick path compares it: its identity and
    /// the files it copies into the site.
    package struct ThemeState: Sendable {
        package var identity: UInt64
        package var staticFiles: [String: String]

        package init(identity: UInt64, staticFiles: [String: String]) {
            self.identity = identity
            self.staticFiles = staticFiles
        }
    }

    /// The state of the content and of everything else a build depends on, taken before
    /// anything is read, so an edit made while a build runs is seen by the next one.
    package struct Survey: Sendable {
        package var environment: UInt64
        package var content: FolderSurvey
        package var contentPath: String
        package var takenAt: Int
    }

    /// `theme` is nil for `check`, which renders nothing.
    package static func survey(_ pipeline: Pipeline, theme: ThemeState?) -> Survey? {
        let contentPath = URL(fileURLWithPath: pipeline.content.directory).standardizedFileURL.resolvingSymlinksInPath().path
        guard var content = FolderSurvey(contentPath, leavingOut: .hiddenAndPrivate) else { return nil }
        let takenAt = Int(Date().timeIntervalSince1970)
        for (path, stamp) in content.files where max(stamp.modified, stamp.changed) >= takenAt - 1 {
            content.contentHashes[path] = FolderSurvey.contentHash(of: contentPath + "/" + path)
        }
        var hasher = StableHasher(seed: 0x5155_4943)
        hasher.combine(theme == nil ? "check" : "build")
        hasher.combine(theme?.identity ?? CompilerIdentity.current())
        for (relative, source) in (theme?.staticFiles ?? [:]).sorted(by: { $0.key < $1.key }) {
            hasher.combine(relative)
            hasher.combine(source)
            let stamp = FileStamp(path: source)
            for field in [stamp?.size ?? -1, stamp?.seconds ?? -1, stamp?.nanoseconds ?? -1, stamp?.inode ?? -1] { hasher.combine(field) }
        }
        // A folder's `_category_.json` is private (no page, not copied), so the survey leaves it
        // out; it arranges the sidebar of every page, so any change to one declines.
        for folder in [""] + content.folders.sorted() {
            for name in FolderCategory.fileNames {
                guard let stamp = FileStamp(path: contentPath + "/" + (folder.isEmpty ? "" : folder + "/") + name) else { continue }
                hasher.combine(folder + "/" + name)
                for field in [stamp.size, stamp.seconds, stamp.nanoseconds, stamp.inode] { hasher.combine(field) }
            }
        }
        hasher.combine(contentPath)
        hasher.combine(URL(fileURLWithPath: pipeline.output).standardizedFileURL.path)
        hasher.combine(pipeline.load.includeDrafts)
        hasher.combine(pipeline.strict)
        hasher.combine(pipeline.liveReloadURL ?? "")
        return Survey(environment: hasher.finalize(), content: content, contentPath: contentPath, takenAt: takenAt)
    }

    /// Why the full build runs instead (`syllabus build --timings` says it).
    package struct Declined: Error, Sendable, CustomStringConvertible {
        package var description: String
        package init(_ description: String) { self.description = description }
    }

    /// The snapshot at `path` and the content files changed since, when the last `run` was
    /// made in the same `environment` and no file was added, removed or renamed.
    package static func changes(since path: String, survey: Survey, run: String, environment: String) -> Result<(BuildSnapshot, [String]), Declined> {
        guard let snapshot = BuildSnapshot(contentsOf: path) else { return .failure(Declined("no earlier \(run) to start from")) }
        guard snapshot.environment == survey.environment else { return .failure(Declined("\(environment) changed")) }
        guard !snapshot.unsafeHTML else { return .failure(Declined("unsafe_html is on: raw HTML may hold links")) }
        guard let changed = snapshot.changedFiles(comparedWith: survey.content,
                                                  hash: { FolderSurvey.contentHash(of: survey.contentPath + "/" + $0) }) else {
            return .failure(Declined("files or folders were added, removed or renamed"))
        }
        return .success((snapshot, changed))
    }

    /// A changed page whose facts are the same: its new compilation, and its record with the
    /// new keys (whether lines moved, its edges still name the old ones).
    package struct Change {
        package var path: String
        package var page: Page
        package var record: BuildSnapshot.PageRecord
        package var placesMoved: Bool
    }

    /// Compiles the changed files; declines unless each is a page whose words alone changed.
    /// Files whose bytes are back to what the snapshot knows need nothing.
    /// `contentFiles`: every file of the content folder, which decide whether a README opens
    /// its folder (they are the files of the snapshot: none was added, removed or renamed).
    package static func compile(_ changed: [String], against snapshot: BuildSnapshot, pipeline: Pipeline, contentFiles: some Sequence<String>,
                        renderHTML: Bool) -> Result<[Change], Declined> {
        var changes: [Change] = []
        var load = pipeline.load
        load.renderHTML = renderHTML
        var options = Course.pageOptions(at: pipeline.content, load: load)
        options.unsafeHTML = false
        for path in changed {
            guard Course.isMarkdown(path) else { return .failure(Declined("\(path) changed")) }
            guard var record = snapshot.page(path) else { return .failure(Declined("\(path) has no page of its own to update")) }
            let (compiled, diagnostics) = Course.compilePage(path, in: pipeline.content, options: options, siteFiles: load.siteFiles,
                                                             opensFolder: Course.opensFolder(path, among: contentFiles))
            guard let page = compiled, diagnostics.isEmpty else { return .failure(Declined("\(path) has problems of its own")) }
            if page.sourceKey == record.sourceKey { continue }
            guard page.factsKey == record.factsKey, page.outputPath == record.outputPath else {
                return .failure(Declined("more than the words of \(path) changed (its title, front matter, headings, quotes, references or links)"))
            }
            // With the same facts everywhere, the findings are the same; those in this page
            // quote its lines, which must still read the same.
            let display = pipeline.content.display(path)
            let placesMoved = page.placesKey != record.placesKey
            if placesMoved {
                // Lines moved: the page's findings would move too (and its edges in graph.json).
                guard !snapshot.diagnostics.contains(where: { $0.file == display }) else {
                    return .failure(Declined("lines of \(path) moved, and the last run reported problems there"))
                }
            } else {
                let quotedLineChanged = snapshot.diagnostics.contains { diagnostic in
                    guard diagnostic.file == display, let span = diagnostic.span else { return false }
                    return page.lines[span.line] != diagnostic.lineText
                }
                if quotedLineChanged {
                    return .failure(Declined("a line of \(path) that a finding quotes changed"))
                }
            }
            record.sourceKey = page.sourceKey
            record.placesKey = page.placesKey
            changes.append(Change(path: path, page: page, record: record, placesMoved: placesMoved))
        }
        return .success(changes)
    }

    // MARK: - check

    /// `syllabus check` with the cache: when only words changed since the last check, its
    /// findings are the same, so they are given again without loading the course.
    package static func attemptCheck(_ pipeline: Pipeline, survey: Survey, cache: BuildCache) -> Result<Pipeline.Outcome, Declined> {
        let start = ContinuousClock.now
        let snapshotPath = checkSnapshotPath(cache)
        var snapshot: BuildSnapshot, changed: [String]
        switch changes(since: snapshotPath, survey: survey, run: "check", environment: "the compiler or options") {
        case .success(let found): (snapshot, changed) = found
        case .failure(let declined): return .failure(declined)
        }
        switch compile(changed, against: snapshot, pipeline: pipeline, contentFiles: survey.content.files.keys, renderHTML: false) {
        case .failure(let declined): return .failure(declined)
        case .success(let changes):
            for change in changes { snapshot.setPage(change.path, change.record) }
        }
        if !changed.isEmpty {
            snapshot.replaceContent(with: survey.content, at: survey.takenAt)
            BuildCache.replace(BuildSnapshot.amendmentsPath(of: snapshotPath), with: snapshot.encodedAmendments())
        }
        return .success(Pipeline.Outcome(graph: nil, diagnostics: snapshot.diagnostics, summary: snapshot.summary, failed: snapshot.failed,
                                         filesWritten: 0, timings: [("quick check", ContinuousClock.now - start)], quick: true))
    }

    package static func checkSnapshotPath(_ cache: BuildCache) -> String {
        cache.path(of: .checked)
    }

    /// Each page's facts and places keys. A page compiled from the key `previous` knows has
    /// the facts it knew: only the others are encoded and hashed.
    package static func factsKeys(of pages: [Page], previous: [String: BuildSnapshot.PageRecord.Summary]?, jobs: Int) -> [(facts: UInt64, places: UInt64)] {
        Parallel.blockingMap(pages.count, jobs: jobs) { index in
            if let known = previous?[pages[index].sourcePath], known.sourceKey == pages[index].sourceKey {
                return (known.factsKey, known.placesKey)
            }
            return (pages[index].factsKey, pages[index].placesKey)
        }
    }

    /// Leaves the snapshot of a check: the content's stamps, each page's keys, the findings.
    package static func recordCheck(_ pipeline: Pipeline, survey: Survey, cache: BuildCache, graph: CourseGraph, outcome: Pipeline.Outcome) {
        let pages = graph.pages
        let path = checkSnapshotPath(cache)
        // Without an earlier check, the newest build's records: a page this check took from the
        // build's cache has the build's source key, so the keys the build recorded for it.
        let previous = BuildSnapshot(contentsOf: path).flatMap { $0.environment == survey.environment ? $0.summaries() : nil }
            ?? BuildSnapshot.newest(in: cache)?.summaries()
        let keys = factsKeys(of: pages, previous: previous, jobs: pipeline.load.jobs)
        let ids = GraphExport.ids(pages)
        var records: [String: BuildSnapshot.PageRecord] = [:]
        for (index, page) in pages.enumerated() {
            records[page.sourcePath] = BuildSnapshot.PageRecord(
                sourceKey: page.sourceKey, factsKey: keys[index].facts, placesKey: keys[index].places, slug: ids[index], edges: [],
                contextFingerprint: 0, outputPath: page.outputPath, output: FileStamp(size: 0, seconds: 0, nanoseconds: 0, inode: 0),
                body: 0..<0, slots: [:])
        }
        var snapshot = BuildSnapshot(environment: survey.environment, surveyedAt: survey.takenAt, content: survey.content,
                                     unsafeHTML: graph.course.config.unsafeHTML, pages: records, outputFolders: [:],
                                     diagnostics: outcome.diagnostics, summary: outcome.summary, filesWritten: 0)
        snapshot.failed = outcome.failed
        BuildCache.replace(path, with: snapshot.encoded())
        unlink(BuildSnapshot.amendmentsPath(of: path))
    }

}
