import Build
import Check
import Course
import Foundation
import Linking
import Markdown
import Site
import Support

/// The quick rebuild's writing half: the body of each changed page put in place in its
/// written file, graph.json's edges moved, and the snapshot a full build leaves.
extension QuickRebuild {
    /// The outcome of a quick rebuild, or why this change needs the full build.
    static func attempt(_ pipeline: Pipeline, survey: Survey, cache: BuildCache) -> Result<Pipeline.Outcome, Declined> {
        let start = ContinuousClock.now
        let snapshotPath = BuildSnapshot.path(in: cache, output: pipeline.output)
        var snapshot: BuildSnapshot, changed: [String]
        switch changes(since: snapshotPath, survey: survey, run: "build", environment: "the compiler, theme, output or options") {
        case .success(let found): (snapshot, changed) = found
        case .failure(let declined): return .failure(declined)
        }
        // The site must be the one the last build wrote: no file added, removed or renamed
        // in any of its folders (each replaced page's own stamp is checked below).
        let outputPath = URL(fileURLWithPath: pipeline.output).standardizedFileURL.path
        guard snapshot.outputFolders.allSatisfy({ FileStamp(folder: RelativeURL.joined(outputPath, $0.key)) == $0.value }) else {
            return .failure(Declined("the site was changed since the last build"))
        }
        let changes: [Change]
        switch compile(changed, against: snapshot, pipeline: pipeline, contentFiles: survey.content.files.keys, renderHTML: true) {
        case .success(let compiled): changes = compiled
        case .failure(let declined): return .failure(declined)
        }
        var replacements: [(path: String, bytes: [UInt8])] = []
        var updated: [(source: String, record: BuildSnapshot.PageRecord)] = []
        /// graph.json, once an edit moved a page's edges.
        var graph: [UInt8]?
        for var change in changes {
            if change.placesMoved {
                let moved = movedEdges(change.record.edges, in: change.page)
                if moved != change.record.edges {
                    if graph == nil { graph = WholeFile.read(outputPath + "/graph.json") }
                    guard let replaced = replaceEdges(of: change.record.slug, change.record.edges, with: moved, in: graph ?? []) else {
                        return .failure(Declined("graph.json was changed since the last build"))
                    }
                    graph = replaced
                }
                change.record.edges = moved
            }
            var record = change.record
            let old = WholeFile.read(outputPath + "/" + record.outputPath) ?? []
            guard FileStamp(path: outputPath + "/" + record.outputPath) == record.output, old.count == record.output.size,
                  record.body.upperBound <= old.count else {
                return .failure(Declined("\(record.outputPath) was changed since the last build"))
            }
            let body = Array(Placeholder.fill(change.page.body.html, slots: record.slots).utf8)
            replacements.append((record.outputPath, Array(old[..<record.body.lowerBound]) + body + old[record.body.upperBound...]))
            record.body = record.body.lowerBound..<(record.body.lowerBound + body.count)
            updated.append((change.path, record))
        }
        if let graph { replacements.append(("graph.json", graph)) }
        if !replacements.isEmpty {
            guard let stamps = try? SiteWriter.replace(replacements, in: pipeline.output),
                  let folders = BuildSnapshot.stamps(ofFolders: snapshot.outputFolders.keys, under: outputPath) else {
                // Pages may be half replaced: the snapshot no longer describes the site.
                unlink(snapshotPath)
                unlink(BuildSnapshot.amendmentsPath(of: snapshotPath))
                return .failure(Declined("the pages could not be written in place"))
            }
            var amended: [(path: String, fingerprint: UInt64, stamp: FileStamp)] = []
            for (source, var record) in updated {
                record.output = stamps[record.outputPath] ?? record.output
                snapshot.setPage(source, record)
                amended.append((record.outputPath, SiteRenderer.pageFingerprint(context: record.contextFingerprint, sourceKey: record.sourceKey,
                                                                                slots: record.slots), record.output))
            }
            snapshot.outputFolders = folders
            // The next full build keeps these pages instead of rendering them again.
            OutputCache.amend(amended, at: OutputCache.path(in: cache, output: pipeline.output))
        }
        if !changed.isEmpty {
            snapshot.replaceContent(with: survey.content, at: survey.takenAt)
            BuildCache.replace(BuildSnapshot.amendmentsPath(of: snapshotPath), with: snapshot.encodedAmendments())
        }
        return .success(Pipeline.Outcome(graph: nil, diagnostics: snapshot.diagnostics, summary: snapshot.summary, failed: false,
                                         filesWritten: snapshot.filesWritten, timings: [("quick rebuild", ContinuousClock.now - start)],
                                         rendered: replacements.map(\.path).filter { $0.hasSuffix(".html") }.sorted(), quick: true))
    }

    /// `edges` with the lines their references and links have in `page` now, in graph.json's
    /// order (kind, line, target), which a move can change when two shared a line.
    static func movedEdges(_ edges: [BuildSnapshot.PageEdge], in page: Page) -> [BuildSnapshot.PageEdge] {
        let references = page.body.references, links = page.body.links
        return edges.map { edge in
            var edge = edge
            switch edge.origin {
            case .reference(let index) where references.indices.contains(index): edge.line = references[index].span.line
            case .link(let index) where links.indices.contains(index): edge.line = links[index].span.line
            default: break
            }
            return edge
        }.sorted { ($0.kind.sortRank, $0.line ?? 0, $0.to) < ($1.kind.sortRank, $1.line ?? 0, $1.to) }
    }

    /// graph.json with the run of `slug`'s edges written anew, or nil when the run as the last
    /// build wrote it is not there exactly once.
    static func replaceEdges(of slug: String, _ old: [BuildSnapshot.PageEdge], with new: [BuildSnapshot.PageEdge], in graph: [UInt8]) -> [UInt8]? {
        func run(_ edges: [BuildSnapshot.PageEdge], startingTheArray: Bool) -> [UInt8] {
            GraphExport.edgeRun(edges.map { (kind: $0.kind.rawValue, from: slug, to: $0.toSlug, line: $0.line) }, startingTheArray: startingTheArray)
        }
        for first in [false, true] {
            guard let range = ByteSearch.onlyRange(of: run(old, startingTheArray: first), in: graph) else { continue }
            return Array(graph[..<range.lowerBound]) + run(new, startingTheArray: first) + graph[range.upperBound...]
        }
        return nil
    }

    /// Leaves the snapshot of a full build that just wrote the site. Pages kept from the site
    /// before keep the body places the last snapshot recorded.
    static func record(_ pipeline: Pipeline, survey: Survey, cache: BuildCache, graph: CourseGraph, rendering: SiteRenderer.Rendering,
                       stamps: [String: FileStamp], outcome: Pipeline.Outcome) {
        let snapshotPath = BuildSnapshot.path(in: cache, output: pipeline.output)
        let outputPath = URL(fileURLWithPath: pipeline.output).standardizedFileURL.path
        guard let folders = BuildSnapshot.folderStamps(of: stamps.keys, under: outputPath) else {
            unlink(snapshotPath)
            unlink(BuildSnapshot.amendmentsPath(of: snapshotPath))
            return
        }
        let previous = BuildSnapshot(contentsOf: snapshotPath).flatMap { $0.environment == survey.environment ? $0.summaries() : nil }
        let rendered = Set(rendering.rendered)
        let pages = graph.pages
        let keys = factsKeys(of: pages, previous: previous, jobs: pipeline.load.jobs)
        // Edges of graph.json name pages by their graph ids (`GraphExport.ids`).
        let ids = GraphExport.ids(pages)
        var edges = [[BuildSnapshot.PageEdge]](repeating: [], count: pages.count)
        for edge in graph.edges {
            edges[edge.from].append(BuildSnapshot.PageEdge(kind: edge.kind, to: edge.to, toSlug: ids[edge.to], line: edge.line, origin: edge.origin))
        }
        var records: [String: BuildSnapshot.PageRecord] = [:]
        for (index, page) in pages.enumerated() where !page.isHomeIntro {
            guard let stamp = stamps[page.outputPath] else { continue }
            guard let contextFingerprint = rendering.contextFingerprints[page.outputPath] else { continue }
            let body: Range<Int>
            if let range = rendering.bodies[page.outputPath] {
                body = range
            } else if !rendered.contains(page.outputPath), let kept = previous?[page.sourcePath], kept.outputPath == page.outputPath,
                      kept.output == stamp {
                // The very file the last snapshot described (kept pages are linked, so they
                // keep their stamps): its body is where it was.
                body = kept.body
            } else {
                continue
            }
            records[page.sourcePath] = BuildSnapshot.PageRecord(sourceKey: page.sourceKey, factsKey: keys[index].facts, placesKey: keys[index].places,
                                                                slug: ids[index], edges: edges[index],
                                                                contextFingerprint: contextFingerprint, outputPath: page.outputPath,
                                                                output: stamp, body: body, slots: graph.slots[index])
        }
        let snapshot = BuildSnapshot(environment: survey.environment, surveyedAt: survey.takenAt, content: survey.content,
                                     unsafeHTML: graph.course.config.unsafeHTML, pages: records, outputFolders: folders,
                                     diagnostics: outcome.diagnostics, summary: outcome.summary, filesWritten: outcome.filesWritten)
        BuildCache.replace(snapshotPath, with: snapshot.encoded())
        unlink(BuildSnapshot.amendmentsPath(of: snapshotPath))
    }
}
