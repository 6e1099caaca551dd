import Support
import Check
import Course
import Linking
import Markdown

/// What a successful build with the cache leaves for a quick rebuild: the stamps of every
/// content file and of every folder of the site it wrote, and for each page the hash of its
/// facts, the place of its body in its file and the values of its placeholders. Together
/// with the build's diagnostics and counts, that is all a rebuild needs when an edit changed
/// only the body of pages (see `QuickRebuild`).
///
/// A quick rebuild reads it in a few milliseconds for ten thousand pages because it decodes
/// almost nothing: the content stamps are compared in place with a fresh survey, and a page's
/// record is decoded only when its file changed.
package struct BuildSnapshot: Sendable {
    /// An edge from a page as graph.json shows it, and where its line comes from.
    package struct PageEdge: Sendable, Equatable {
        package var kind: EdgeKind
        package var to: Int
        /// The target's name in graph.json (`GraphExport.ids`).
        package var toSlug: String
        package var line: Int?
        package var origin: EdgeOrigin

        package init(kind: EdgeKind, to: Int, toSlug: String, line: Int?, origin: EdgeOrigin) {
            self.kind = kind
            self.to = to
            self.toSlug = toSlug
            self.line = line
            self.origin = origin
        }
    }

    package struct PageRecord: Sendable, Equatable {
        package var sourceKey: UInt64
        package var factsKey: UInt64
        package var placesKey: UInt64
        /// The page's name in graph.json (`GraphExport.ids`): its slug unless another page shares it.
        package var slug: String
        /// The page's edges in graph.json, in their order there.
        package var edges: [PageEdge]
        /// `SiteRenderer.pageFingerprint`'s `context`: with the body, the file's fingerprint.
        package var contextFingerprint: UInt64
        package var outputPath: String
        /// The page's file as written, and the bytes of the filled-in body in it.
        package var output: FileStamp
        package var body: Range<Int>
        package var slots: [Int: SlotValue]

        package init(sourceKey: UInt64, factsKey: UInt64, placesKey: UInt64, slug: String, edges: [PageEdge], contextFingerprint: UInt64,
                     outputPath: String, output: FileStamp, body: Range<Int>, slots: [Int: SlotValue]) {
            self.sourceKey = sourceKey
            self.factsKey = factsKey
            self.placesKey = placesKey
            self.slug = slug
            self.edges = edges
            self.contextFingerprint = contextFingerprint
            self.outputPath = outputPath
            self.output = output
            self.body = body
            self.slots = slots
        }

        package func encode(into writer: inout ByteWriter) {
            // The keys and the file's place first: `summaries` reads only that far.
            writer.write(sourceKey)
            writer.write(factsKey)
            writer.write(placesKey)
            writer.write(outputPath)
            output.encode(into: &writer)
            writer.write(body.lowerBound)
            writer.write(body.upperBound)
            writer.write(slug)
            writer.write(edges) { writer, edge in
                writer.write(edge.kind.rawValue)
                writer.write(edge.to)
                writer.write(edge.toSlug)
                writer.write(edge.line)
                switch edge.origin {
                case .reference(let index): writer.write(1); writer.write(index)
                case .link(let index): writer.write(2); writer.write(index)
                case .frontMatterOrOutline: writer.write(0)
                }
            }
            writer.write(contextFingerprint)
            writer.write(slots.sorted { $0.key < $1.key }) { writer, slot in
                writer.write(slot.key)
                writer.write(slot.value.href)
                writer.write(slot.value.title)
            }
        }
    }

    /// A hash of what every file depends on besides the content: compiler, theme, options.
    package var environment: UInt64
    /// When the content was surveyed (seconds): a file changed in that same second may have
    /// changed again without its stamp showing it (see `changedFiles`).
    package var surveyedAt: Int
    package var unsafeHTML: Bool
    package var contentFolders: Set<String>
    /// Each folder of the site with its stamp: a file added, removed or renamed in a folder
    /// changes the folder's time.
    package var outputFolders: [String: FileStamp]
    package var diagnostics: [Diagnostic]
    package var summary: CheckSummary
    package var filesWritten: Int
    /// The run failed (a check that found errors; a build that fails leaves no snapshot).
    package var failed = false
    /// Content files and their stamps, in the order of their paths, with a hash of the bytes
    /// of those whose stamps cannot be trusted yet.
    private var contentEntries: [ContentEntry]
    /// The snapshot as read, and where each page's path and encoded record lie in it, in
    /// the order of the paths: records are decoded only when asked for.
    private var storage = MappedFile()
    private var encodedPages: [(path: Range<Int>, record: Range<Int>)] = []
    /// Records given since: new, or replacing encoded ones.
    private var givenPages: [String: PageRecord] = [:]
    /// Names this snapshot file: amendments written for it are never applied to another.
    private var generation = UInt64.random(in: 1...UInt64.max)
    /// Content files whose entries changed after the file was written (quick rebuilds).
    private var amendedContent: Set<String> = []

    private static let header = Array("syllabus build snapshot 7\n".utf8)

    package static func path(in cache: BuildCache, output: String) -> String {
        cache.path(of: .snapshot, output: output)
    }

    /// The snapshot of the build made last with the cache in `directory`, for any content and
    /// output, or nil when there is none.
    package static func newest(in cache: BuildCache) -> BuildSnapshot? {
        let snapshots = cache.paths(of: .snapshot).compactMap { path in FileStamp(path: path).map { (path: path, modified: $0) } }
        guard let newest = snapshots.max(by: { ($0.modified.seconds, $0.modified.nanoseconds) < ($1.modified.seconds, $1.modified.nanoseconds) }) else {
            return nil
        }
        return BuildSnapshot(contentsOf: newest.path)
    }

    package init(environment: UInt64, surveyedAt: Int, content: FolderSurvey, unsafeHTML: Bool, pages: [String: PageRecord],
         outputFolders: [String: FileStamp], diagnostics: [Diagnostic], summary: CheckSummary, filesWritten: Int) {
        self.environment = environment
        self.surveyedAt = surveyedAt
        self.unsafeHTML = unsafeHTML
        self.contentFolders = content.folders
        self.outputFolders = outputFolders
        self.diagnostics = diagnostics
        self.summary = summary
        self.filesWritten = filesWritten
        contentEntries = content.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value, content.contentHashes[$0.key]) }
        givenPages = pages
    }

    /// The record of the page at `sourcePath`, if it has one.
    package func page(_ sourcePath: String) -> PageRecord? {
        if let given = givenPages[sourcePath] { return given }
        var wanted = sourcePath
        return wanted.withUTF8 { path in
            storage.withUnsafeBytes { buffer -> PageRecord? in
                guard let entry = encodedPages.first(where: { $0.path.count == path.count && buffer[$0.path].elementsEqual(path) }) else {
                    return nil
                }
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[entry.record]))
                return try? PageRecord(from: &reader)
            }
        }
    }

    /// The first fields of each page's record, by source path: all a full build needs from
    /// the snapshot before it, read without decoding whole records.
    package func summaries() -> [String: PageRecord.Summary] {
        var summaries: [String: PageRecord.Summary] = [:]
        summaries.reserveCapacity(encodedPages.count + givenPages.count)
        storage.withUnsafeBytes { buffer in
            for entry in encodedPages {
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[entry.record]))
                guard let summary = try? PageRecord.Summary(from: &reader) else { continue }
                summaries[String(decoding: buffer[entry.path], as: UTF8.self)] = summary
            }
        }
        for (path, record) in givenPages { summaries[path] = PageRecord.Summary(record) }
        return summaries
    }

    package mutating func setPage(_ sourcePath: String, _ record: PageRecord) {
        givenPages[sourcePath] = record
    }

    /// The content files that changed since the snapshot, or nil when files were added,
    /// removed or renamed. A stamp from the second the snapshot was taken in is not proof:
    /// the file may have changed again within the same tick of the clock, so such a file is
    /// compared by `hash` with the hash the survey took.
    package func changedFiles(comparedWith survey: FolderSurvey, hash: (String) -> UInt64?) -> [String]? {
        guard survey.folders == contentFolders, survey.files.count == contentEntries.count else { return nil }
        var changed: [String] = []
        for before in contentEntries {
            guard let now = survey.files[before.path] else { return nil }
            if now != before.stamp {
                changed.append(before.path)
            } else if max(before.stamp.modified, before.stamp.changed) >= surveyedAt - 1 {
                if before.hash == nil || before.hash != hash(before.path) { changed.append(before.path) }
            }
        }
        return changed
    }

    /// The snapshot after a quick rebuild, which only runs when no file was added, removed
    /// or renamed: the content as surveyed now.
    package mutating func replaceContent(with survey: FolderSurvey, at time: Int) {
        for index in contentEntries.indices {
            let path = contentEntries[index].path
            let stamp = survey.files[path] ?? contentEntries[index].stamp, hash = survey.contentHashes[path]
            if stamp != contentEntries[index].stamp || hash != contentEntries[index].hash {
                contentEntries[index].stamp = stamp
                contentEntries[index].hash = hash
                amendedContent.insert(path)
            }
        }
        surveyedAt = time
    }

    // MARK: - Amendments

    /// A quick rebuild changes a page or two: it writes what changed beside the snapshot
    /// (`….amended`) instead of the whole snapshot again; the next full build folds it in.
    package static func amendmentsPath(of path: String) -> String { path + ".amended" }

    private static let amendmentsHeader = Array("syllabus build snapshot amendments 1\n".utf8)

    package func encodedAmendments() -> [UInt8] {
        var writer = ByteWriter(capacity: 4096 + 2048 * givenPages.count)
        writer.append(Self.amendmentsHeader)
        writer.write(generation)
        writer.write(surveyedAt)
        writer.write(outputFolders.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            entry.value.encode(into: &writer)
        }
        writer.write(contentEntries.filter { amendedContent.contains($0.path) }) { writer, entry in Self.write(entry, into: &writer) }
        writer.write(givenPages.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            entry.value.encode(into: &writer)
        }
        return writer.bytes
    }

    /// Applies the amendments written for this very snapshot file (others are left over from
    /// a build killed before it removed them, and mean nothing); false when they are damaged.
    private mutating func amend(with bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: Self.amendmentsHeader) else { return false }
        let header = Self.amendmentsHeader.count
        let generation = self.generation
        let mine = bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[header...]))
            return (try? reader.uint64()) == generation
        }
        guard mine else { return true }
        let decoded = bytes.withUnsafeBytes { buffer -> (Int, [String: FileStamp], [ContentEntry], [(String, PageRecord)])? in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[(header + 8)...]))
            do throws(ByteReader.Damaged) {
                let surveyedAt = try reader.int()
                let folders = try reader.array { reader throws(ByteReader.Damaged) in (try reader.string(), try FileStamp(from: &reader)) }
                let content = try reader.array { reader throws(ByteReader.Damaged) in try Self.readEntry(&reader) }
                let pages = try reader.array { reader throws(ByteReader.Damaged) in (try reader.string(), try PageRecord(from: &reader)) }
                guard reader.isAtEnd else { return nil }
                return (surveyedAt, Dictionary(folders, uniquingKeysWith: { first, _ in first }), content, pages)
            } catch {
                return nil
            }
        }
        guard let (time, folders, content, pages) = decoded else { return false }
        surveyedAt = time
        outputFolders = folders
        for entry in content {
            // Entries are in the order of their paths: find each by halving.
            var low = 0, high = contentEntries.count
            while low < high {
                let middle = (low + high) / 2
                if contentEntries[middle].path < entry.path { low = middle + 1 } else { high = middle }
            }
            guard low < contentEntries.count, contentEntries[low].path == entry.path else { return false }
            contentEntries[low] = entry
            amendedContent.insert(entry.path)
        }
        for (path, record) in pages { givenPages[path] = record }
        return true
    }

    package typealias ContentEntry = (path: String, stamp: SourceStamp, hash: UInt64?)

    package static func write(_ entry: ContentEntry, into writer: inout ByteWriter) {
        writer.write(entry.path)
        let stamp = entry.stamp
        for field in [stamp.size, stamp.modified, stamp.modifiedNanoseconds, stamp.changed, stamp.changedNanoseconds, stamp.inode] {
            writer.write(field)
        }
        writer.write(entry.hash != nil)
        if let hash = entry.hash { writer.write(hash) }
    }

    package static func readEntry(_ reader: inout ByteReader) throws(ByteReader.Damaged) -> ContentEntry {
        let path = try reader.string()
        let stamp = SourceStamp(size: try reader.int(), modified: try reader.int(), modifiedNanoseconds: try reader.int(),
                                changed: try reader.int(), changedNanoseconds: try reader.int(), inode: try reader.int())
        return (path, stamp, try reader.bool() ? try reader.uint64() : nil)
    }

    package func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 128 * contentEntries.count + storage.count + 1024 * givenPages.count + 4096)
        writer.append(Self.header)
        writer.write(environment)
        writer.write(generation)
        writer.write(surveyedAt)
        writer.write(unsafeHTML)
        writer.write(contentEntries) { writer, entry in Self.write(entry, into: &writer) }
        writer.write(contentFolders.sorted())
        writer.write(outputFolders.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            entry.value.encode(into: &writer)
        }
        writer.write(diagnostics) { writer, diagnostic in diagnostic.encode(into: &writer) }
        for count in [summary.pages, summary.quotes, summary.references, summary.errors, summary.warnings, filesWritten] {
            writer.write(count)
        }
        writer.write(failed)
        // The records read stay as they were, in their order, unless given again; given
        // records without a stored one (all of a full build's) follow in the order of paths.
        let given = givenPages.sorted { $0.key < $1.key }.map { (path: Array($0.key.utf8), record: $0.value) }
        var replacing = [Int?](repeating: nil, count: encodedPages.count)
        var stored = Set<Int>()
        storage.withUnsafeBytes { buffer in
            for (index, entry) in encodedPages.enumerated() {
                replacing[index] = given.firstIndex { $0.path.count == entry.path.count && buffer[entry.path].elementsEqual($0.path) }
                if let match = replacing[index] { stored.insert(match) }
            }
        }
        func write(_ record: PageRecord, into writer: inout ByteWriter) {
            var encoded = ByteWriter(capacity: 1024)
            record.encode(into: &encoded)
            writer.write(encoded.bytes.count)
            writer.append(encoded.bytes)
        }
        writer.write(encodedPages.count + given.count - stored.count)
        storage.withUnsafeBytes { buffer in
            for (index, entry) in encodedPages.enumerated() {
                writer.write(entry.path.count)
                writer.append(buffer[entry.path])
                if let match = replacing[index] {
                    write(given[match].record, into: &writer)
                } else {
                    writer.write(entry.record.count)
                    writer.append(buffer[entry.record])
                }
            }
        }
        for (index, entry) in given.enumerated() where !stored.contains(index) {
            writer.write(entry.path.count)
            writer.append(entry.path)
            write(entry.record, into: &writer)
        }
        return writer.bytes
    }

    /// The snapshot stored at `path`, or nil when there is none or it is damaged.
    package init?(contentsOf path: String) {
        let bytes = MappedFile(path: path)
        guard bytes.starts(with: Self.header) else { return nil }
        let start = Self.header.count
        let decoded = bytes.withUnsafeBytes { buffer -> BuildSnapshot? in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[start...]))
            func offset(_ range: Range<Int>) -> Range<Int> { (start + range.lowerBound)..<(start + range.upperBound) }
            do throws(ByteReader.Damaged) {
                let environment = try reader.uint64()
                let generation = try reader.uint64()
                let surveyedAt = try reader.int()
                let unsafeHTML = try reader.bool()
                let entries = try reader.array { reader throws(ByteReader.Damaged) in try Self.readEntry(&reader) }
                let contentFolders = Set(try reader.strings())
                let folders = try reader.array { reader throws(ByteReader.Damaged) in (try reader.string(), try FileStamp(from: &reader)) }
                let diagnostics = try reader.array { reader throws(ByteReader.Damaged) in try Diagnostic(from: &reader) }
                let summary = CheckSummary(pages: try reader.int(), quotes: try reader.int(), references: try reader.int(),
                                           errors: try reader.int(), warnings: try reader.int())
                let filesWritten = try reader.int()
                let failed = try reader.bool()
                let pages = try reader.array { reader throws(ByteReader.Damaged) in
                    (path: offset(try reader.stringRange()), record: offset(try reader.stringRange()))
                }
                guard reader.isAtEnd else { return nil }
                var snapshot = BuildSnapshot(environment: environment, surveyedAt: surveyedAt, content: FolderSurvey(), unsafeHTML: unsafeHTML,
                                             pages: [:], outputFolders: Dictionary(folders, uniquingKeysWith: { first, _ in first }),
                                             diagnostics: diagnostics, summary: summary, filesWritten: filesWritten)
                snapshot.contentFolders = contentFolders
                snapshot.contentEntries = entries
                snapshot.generation = generation
                snapshot.failed = failed
                snapshot.storage = bytes
                snapshot.encodedPages = pages
                return snapshot
            } catch {
                return nil
            }
        }
        guard var decoded else { return nil }
        let amendments = BuildCache.contents(of: Self.amendmentsPath(of: path))
        if !amendments.isEmpty, !decoded.amend(with: amendments) { return nil }
        self = decoded
    }

    /// The stamp of each folder of the site at `root` ("" for the root itself) holding one of
    /// `paths`, and of the folders above it; nil when one cannot be read.
    package static func folderStamps(of paths: some Sequence<String>, under root: String) -> [String: FileStamp]? {
        stamps(ofFolders: RelativeURL.folders(holding: paths), under: root)
    }

    /// The stamp of each of `folders` ("" for `root`), or nil when one cannot be read.
    package static func stamps(ofFolders folders: some Sequence<String>, under root: String) -> [String: FileStamp]? {
        var stamps: [String: FileStamp] = [:]
        for folder in folders {
            guard let stamp = FileStamp(folder: RelativeURL.joined(root, folder)) else { return nil }
            stamps[folder] = stamp
        }
        return stamps
    }
}

extension BuildSnapshot.PageRecord {
    package init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
        let summary = try Summary(from: &reader)
        (sourceKey, factsKey, placesKey) = (summary.sourceKey, summary.factsKey, summary.placesKey)
        (outputPath, output, body) = (summary.outputPath, summary.output, summary.body)
        slug = try reader.string()
        edges = try reader.array { reader throws(ByteReader.Damaged) in
            guard let kind = EdgeKind(rawValue: try reader.string()) else { throw ByteReader.Damaged() }
            let to = try reader.int(), toSlug = try reader.string(), line = try reader.optionalInt()
            let origin: EdgeOrigin
            switch try reader.int() {
            case 1: origin = .reference(try reader.int())
            case 2: origin = .link(try reader.int())
            case 0: origin = .frontMatterOrOutline
            default: throw ByteReader.Damaged()
            }
            return BuildSnapshot.PageEdge(kind: kind, to: to, toSlug: toSlug, line: line, origin: origin)
        }
        contextFingerprint = try reader.uint64()
        let pairs = try reader.array { reader throws(ByteReader.Damaged) in
            (try reader.int(), SlotValue(href: try reader.string(), title: try reader.string()))
        }
        slots = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// The first fields of a record: the page's keys, its file and where its body lies in it.
    package struct Summary: Sendable {
        package var sourceKey: UInt64
        package var factsKey: UInt64
        package var placesKey: UInt64
        package var outputPath: String
        package var output: FileStamp
        package var body: Range<Int>

        package init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
            sourceKey = try reader.uint64()
            factsKey = try reader.uint64()
            placesKey = try reader.uint64()
            outputPath = try reader.string()
            output = try FileStamp(from: &reader)
            let lower = try reader.int(), upper = try reader.int()
            guard lower >= 0, upper >= lower else { throw ByteReader.Damaged() }
            body = lower..<upper
        }

        package init(_ record: BuildSnapshot.PageRecord) {
            (sourceKey, factsKey, placesKey) = (record.sourceKey, record.factsKey, record.placesKey)
            (outputPath, output, body) = (record.outputPath, record.output, record.body)
        }
    }
}
