import Support
import Foundation
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// Which compiler made a cache entry: the release version and the executable itself, so a
/// rebuilt binary (a developer's, or a new release) never trusts an older one's output.
public enum CompilerIdentity {
    public static let version = "0.1.0"
    /// Bumped whenever the layout of a cache record changes.
    static let cacheFormat = 7

    public static func current() -> UInt64 {
        var hasher = StableHasher(seed: 0x5359_4C4C)
        hasher.combine(version)
        hasher.combine(cacheFormat)
        var info = stat()
        if stat("/proc/self/exe", &info) == 0 {
            hasher.combine(Int(info.st_size))
            hasher.combine(Int(info.st_mtim.tv_sec))
            hasher.combine(Int(info.st_mtim.tv_nsec))
            hasher.combine(Int(info.st_ino))
        }
        return hasher.finalize()
    }
}

/// Compiled pages of earlier runs, keyed by a hash of everything a page's compilation reads:
/// its bytes, its path, the Markdown options and the compiler. An append-only file of
/// records (`key, length, checksum, payload`); a record that does not check out is ignored,
/// so a build killed while appending costs only that record. When most records are stale
/// the file is rewritten with the live ones.
struct PageCache: Sendable {
    let path: String
    private let storage: MappedFile
    private let records: [UInt64: Range<Int>]
    private let deadBytes: Int

    private static let header = Array("syllabus page cache\n".utf8)

    /// The cache of `content` in `directory`; empty when there is none yet or it cannot be read.
    init(_ cache: BuildCache) {
        path = cache.path(of: .pages)
        let bytes = MappedFile(path: path)
        var records: [UInt64: Range<Int>] = [:]
        var dead = 0
        if bytes.starts(with: Self.header) {
            bytes.withUnsafeBytes { buffer in
                var offset = Self.header.count
                while offset + 24 <= buffer.count {
                    let key = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                    let length = Int(truncatingIfNeeded: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
                    let start = offset + 24
                    guard length >= 0, length <= buffer.count - start else { break }
                    if let old = records[key] { dead += old.count + 24 }
                    records[key] = start..<(start + length)
                    offset = start + length
                }
            }
        }
        self.storage = bytes
        self.records = records
        self.deadBytes = dead
    }

    static func key(path: String, displayPath: String, text: String, options: MarkdownOptions, opensFolder: Bool = false, compiler: UInt64) -> UInt64 {
        var hasher = StableHasher(seed: compiler)
        hasher.combine(path)
        hasher.combine(opensFolder)
        hasher.combine(displayPath)
        hasher.combine(options.unsafeHTML)
        hasher.combine(options.smartPunctuation)
        hasher.combine(options.renderHTML)
        hasher.combine(options.definitionTermIDs)
        hasher.combine(options.prettyURLs)
        hasher.combine(options.commentShortcodes)
        hasher.combine(options.pythonMarkdownIDs)
        hasher.combine(options.mkDocsAdmonitions)
        hasher.combine(options.themeFingerprint)
        hasher.combine(MarkdownCompiler.librariesIdentity)
        hasher.combine(text)
        return hasher.finalize()
    }

    /// The stored compilation for `key`, with `text` (which the key covers) for its lines.
    func result(for key: UInt64, text: String) -> PageCompiler.Result? {
        guard let range = records[key] else { return nil }
        return storage.withUnsafeBytes { buffer -> PageCompiler.Result? in
            let checksumOffset = range.lowerBound - 8
            let checksum = buffer.loadUnaligned(fromByteOffset: checksumOffset, as: UInt64.self).littleEndian
            let payload = UnsafeRawBufferPointer(rebasing: buffer[range])
            var hasher = StableHasher()
            hasher.combine(payload)
            guard hasher.finalize() == checksum else { return nil }
            var reader = ByteReader(payload)
            return try? PageCompiler.Result(from: &reader, text: text, storage: storage, base: range.lowerBound)
        }
    }

    /// Adds new records (key → encoded result) and drops stale ones when they are most of
    /// the file. Failing to write is not an error: the next build compiles those pages again.
    func store(_ fresh: [(key: UInt64, payload: [UInt8])], keeping live: Set<UInt64>) {
        let stale = deadBytes + records.filter { !live.contains($0.key) }.reduce(0) { $0 + $1.value.count + 24 }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rewrite = storage.isEmpty || stale > storage.count / 2
        if !rewrite && fresh.isEmpty { return }
        // Records go to the file one by one: a new cache of a large course is tens of MB,
        // and a second copy of it in memory would be the build's peak.
        let target = rewrite ? path + ".\(ProcessInfo.processInfo.processIdentifier).tmp" : path
        let descriptor = rewrite ? open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : open(target, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var ok = true
        func emit(_ bytes: UnsafeRawBufferPointer) {
            var done = 0
            while ok, done < bytes.count {
                let wrote = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if wrote <= 0 { ok = false } else { done += wrote }
            }
        }
        if rewrite {
            Self.header.withUnsafeBytes(emit)
            storage.withUnsafeBytes { buffer in
                for (key, range) in records.sorted(by: { $0.value.lowerBound < $1.value.lowerBound }) where live.contains(key) {
                    emit(UnsafeRawBufferPointer(rebasing: buffer[(range.lowerBound - 24)..<range.upperBound]))
                }
            }
        }
        var pending: [UInt8] = []
        for record in fresh {
            Self.append(record, to: &pending)
            if pending.count > 1 << 20 {
                pending.withUnsafeBytes(emit)
                pending.removeAll(keepingCapacity: true)
            }
        }
        pending.withUnsafeBytes(emit)
        close(descriptor)
        if rewrite {
            if !ok || rename(target, path) != 0 { unlink(target) }
        }
    }

    private static func append(_ record: (key: UInt64, payload: [UInt8]), to bytes: inout [UInt8]) {
        var hasher = StableHasher()
        record.payload.withUnsafeBytes { hasher.combine($0) }
        for word in [record.key, UInt64(record.payload.count), hasher.finalize()] {
            withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: record.payload)
    }
}

extension PageCompiler.Result {
    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: (page?.body.html.utf8.count ?? 0) + 1024)
        writer.write(page != nil)
        page?.encode(into: &writer)
        writer.write(diagnostics) { writer, diagnostic in diagnostic.encode(into: &writer) }
        return writer.bytes
    }

    init(from reader: inout ByteReader, text: String, storage: MappedFile, base: Int) throws(ByteReader.Damaged) {
        page = try reader.bool() ? try Page(from: &reader, text: text, storage: storage, base: base) : nil
        diagnostics = try reader.array { reader throws(ByteReader.Damaged) in try Diagnostic(from: &reader) }
        guard reader.isAtEnd else { throw ByteReader.Damaged() }
    }
}

extension Page {
    /// A hash of everything about the page except its body's HTML, its source lines and the
    /// lines and columns of what its body holds: title, slug, front matter, summary, headings,
    /// quotes, references and links. When an edit leaves it equal, no other page of the site
    /// can change.
    public var factsKey: UInt64 { key(includingPlaces: false) }

    /// `factsKey` with the lines and columns: when only these changed, only what quotes them
    /// changes (the page's own findings and its edges in graph.json).
    public var placesKey: UInt64 { key(includingPlaces: true) }

    private func key(includingPlaces: Bool) -> UInt64 {
        var writer = ByteWriter(capacity: 1024)
        encode(into: &writer, includingHTML: false, includingPlaces: includingPlaces)
        var hasher = StableHasher(seed: 0x66616374)
        writer.bytes.withUnsafeBytes { hasher.combine($0) }
        return hasher.finalize()
    }

    func encode(into writer: inout ByteWriter, includingHTML: Bool = true, includingPlaces: Bool = true) {
        writer.write(sourcePath)
        writer.write(displayPath)
        writer.write(kind.rawValue)
        writer.write(title)
        writer.write(slug)
        writer.write(outputPath)
        frontMatter.encode(into: &writer)
        writer.write(summary)
        body.encode(into: &writer, includingHTML: includingHTML, includingPlaces: includingPlaces)
        writer.write(anchors.sorted())
    }

    init(from reader: inout ByteReader, text: String, storage: MappedFile, base: Int) throws(ByteReader.Damaged) {
        sourcePath = try reader.string()
        displayPath = try reader.string()
        guard let kind = PageKind(rawValue: try reader.string()) else { throw ByteReader.Damaged() }
        self.kind = kind
        title = try reader.string()
        slug = try reader.string()
        outputPath = try reader.string()
        frontMatter = try FrontMatter(from: &reader)
        summary = try reader.string()
        body = try CompiledMarkdown(from: &reader, storage: storage, base: base)
        anchors = Set(try reader.strings())
        lines = SourceLines(text)
    }
}

extension FrontMatter {
    func encode(into writer: inout ByteWriter) {
        writer.write(title)
        writer.write(slug)
        writer.write(kind?.rawValue)
        writer.write(date)
        writer.write(summary)
        writer.write(tags)
        writer.write(aliases)
        writer.write(related)
        writer.write(draft)
        writer.write(series)
        writer.write(number)
        writer.write(guest)
        writer.write(audio)
        writer.write(duration?.seconds)
        writer.write(chapters) { writer, chapter in
            writer.write(chapter.time.seconds)
            writer.write(chapter.title)
            writer.write(chapter.span.line)
            writer.write(chapter.span.column)
            writer.write(chapter.span.endColumn)
        }
        writer.write(transcript)
        writer.write(module)
        writer.write(order.map { Int(truncatingIfNeeded: $0.bitPattern) })
        writer.write(prerequisites)
        writer.write(permalink)
        writer.write(navigationTitle)
        writer.write(documentID)
        writer.write(keyLines.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            writer.write(entry.value)
        }
        writer.write(listItemSpans.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            writer.write(entry.value) { writer, span in
                writer.write(span.line)
                writer.write(span.column)
                writer.write(span.endColumn)
            }
        }
    }

    init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
        self.init()
        title = try reader.optionalString()
        slug = try reader.optionalString()
        if let kind = try reader.optionalString() {
            guard let parsed = PageKind(rawValue: kind) else { throw ByteReader.Damaged() }
            self.kind = parsed
        }
        date = try reader.optionalString()
        summary = try reader.optionalString()
        tags = try reader.strings()
        aliases = try reader.strings()
        related = try reader.strings()
        draft = try reader.bool()
        series = try reader.optionalString()
        number = try reader.optionalInt()
        guest = try reader.optionalString()
        audio = try reader.optionalString()
        duration = try reader.optionalInt().map(Timestamp.init(seconds:))
        chapters = try reader.array { reader throws(ByteReader.Damaged) in
            Chapter(time: Timestamp(seconds: try reader.int()), title: try reader.string(),
                    span: SourceSpan(line: try reader.int(), column: try reader.int(), endColumn: try reader.int()))
        }
        transcript = try reader.optionalString()
        module = try reader.optionalString()
        order = try reader.optionalInt().map { Double(bitPattern: UInt64(truncatingIfNeeded: $0)) }
        prerequisites = try reader.strings()
        permalink = try reader.optionalString()
        navigationTitle = try reader.optionalString()
        documentID = try reader.optionalString()
        let lines = try reader.array { reader throws(ByteReader.Damaged) in (try reader.string(), try reader.int()) }
        keyLines = Dictionary(lines, uniquingKeysWith: { first, _ in first })
        let spans = try reader.array { reader throws(ByteReader.Damaged) in
            (try reader.string(), try reader.array { reader throws(ByteReader.Damaged) in
                SourceSpan(line: try reader.int(), column: try reader.int(), endColumn: try reader.int())
            })
        }
        listItemSpans = Dictionary(spans, uniquingKeysWith: { first, _ in first })
    }
}

extension Diagnostic {
    public func encode(into writer: inout ByteWriter) {
        writer.write(rule.rawValue)
        writer.write(severity.rawValue)
        writer.write(file)
        writer.write(span != nil)
        span.map { writer.write($0.line); writer.write($0.column); writer.write($0.endColumn) }
        writer.write(message)
        writer.write(suggestion)
        writer.write(notes)
        writer.write(lineText)
    }

    public init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
        guard let rule = Rule(rawValue: try reader.string()), let severity = Severity(rawValue: try reader.string()) else {
            throw ByteReader.Damaged()
        }
        let file = try reader.string()
        var span: SourceSpan?
        if try reader.bool() {
            span = SourceSpan(line: try reader.int(), column: try reader.int(), endColumn: try reader.int())
        }
        self.init(rule: rule, severity: severity, file: file, span: span, message: try reader.string(),
                  suggestion: try reader.optionalString(), notes: try reader.strings(), lineText: try reader.optionalString())
    }
}
