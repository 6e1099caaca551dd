import Support
// The build cache stores compiled bodies, so a page whose bytes did not change is not parsed
// again. Fields are written and read in the same order; the cache's format version changes
// whenever this order does.

extension SourceSpan {
    func encode(into writer: inout ByteWriter) {
        writer.write(line)
        writer.write(column)
        writer.write(endColumn)
    }

    init(from reader: inout ByteReader) throws(ByteReader.Damaged) {
        let line = try reader.int(), column = try reader.int(), endColumn = try reader.int()
        self.init(line: line, column: column, endColumn: endColumn)
    }
}

extension CompiledMarkdown {
    /// `includingHTML: false` leaves out the body's HTML and words, and `includingPlaces: false`
    /// writes zeros for every line and column: what the page is besides what it says, and
    /// besides where.
    public func encode(into writer: inout ByteWriter, includingHTML: Bool = true, includingPlaces: Bool = true) {
        func encode(_ span: SourceSpan, into writer: inout ByteWriter) {
            (includingPlaces ? span : SourceSpan(line: 0, column: 0, endColumn: 0)).encode(into: &writer)
        }
        writer.write(includingHTML ? html : "")
        writer.write(headings) { writer, heading in
            writer.write(heading.level)
            writer.write(heading.text)
            writer.write(heading.id)
            encode(heading.span, into: &writer)
        }
        writer.write(quotes) { writer, quote in
            writer.write(quote.time.seconds)
            writer.write(quote.text)
            encode(quote.span, into: &writer)
        }
        writer.write(chapters) { writer, chapter in
            writer.write(chapter.time.seconds)
            writer.write(chapter.title)
            encode(chapter.span, into: &writer)
        }
        writer.write(timeLinks) { writer, link in
            writer.write(link.time.seconds)
            encode(link.span, into: &writer)
        }
        writer.write(references) { writer, reference in
            switch reference.target {
            case .page(let title, let quote):
                writer.write(0)
                writer.write(title)
                writer.write(quote?.seconds)
            case .malformedTime(let title, let written):
                writer.write(1)
                writer.write(title)
                writer.write(written)
            case .note(let name, let heading, let shown, let embedded):
                writer.write(2)
                writer.write(name)
                writer.write(heading)
                writer.write(shown)
                writer.write(embedded)
            case .file(let name, let shows, let shown):
                writer.write(3)
                writer.write(name)
                writer.write(shows.code)
                writer.write(shown)
            }
            encode(reference.span, into: &writer)
            writer.write(reference.slot)
        }
        writer.write(links) { writer, link in
            writer.write(link.destination)
            writer.write(link.isImage)
            writer.write(link.text)
            encode(link.span, into: &writer)
            writer.write(link.slot)
        }
        writer.write(htmlAnchors)
        writer.write(markupAnchors)
        writer.write(leadingTitle)
        writer.write(titleAnchor)
        // Without the HTML, the words are left out: the first paragraph shows only through the
        // page's summary, which the page's own encoding holds.
        writer.write(includingHTML ? firstParagraph : nil)
        writer.write(problems) { writer, problem in
            writer.write(problem.kind.rawValue)
            writer.write(problem.message)
            encode(problem.span, into: &writer)
        }
        writer.write(slotCount)
    }

    /// Reads a body whose record lies at `base` in `storage` (the bytes the reader reads);
    /// the HTML stays in `storage` until it is read.
    public init(from reader: inout ByteReader, storage: MappedFile, base: Int) throws(ByteReader.Damaged) {
        let range = try reader.stringRange()
        htmlText = LazyText(file: storage, range: (base + range.lowerBound)..<(base + range.upperBound))
        headings = try reader.array { reader throws(ByteReader.Damaged) in
            Heading(level: try reader.int(), text: try reader.string(), id: try reader.string(), span: try SourceSpan(from: &reader))
        }
        quotes = try reader.array { reader throws(ByteReader.Damaged) in
            Quote(time: Timestamp(seconds: try reader.int()), text: try reader.string(), span: try SourceSpan(from: &reader))
        }
        chapters = try reader.array { reader throws(ByteReader.Damaged) in
            Chapter(time: Timestamp(seconds: try reader.int()), title: try reader.string(), span: try SourceSpan(from: &reader))
        }
        timeLinks = try reader.array { reader throws(ByteReader.Damaged) in
            TimeLink(time: Timestamp(seconds: try reader.int()), span: try SourceSpan(from: &reader))
        }
        references = try reader.array { reader throws(ByteReader.Damaged) in
            let target: ReferenceTarget
            switch try reader.int() {
            case 0: target = .page(title: try reader.string(), quote: try reader.optionalInt().map(Timestamp.init(seconds:)))
            case 1: target = .malformedTime(title: try reader.string(), written: try reader.string())
            case 2: target = .note(name: try reader.string(), heading: try reader.optionalString(), shown: try reader.string(),
                                   embedded: try reader.bool())
            case 3:
                let name = try reader.string()
                guard let shows = EmbeddedFile(code: try reader.int()) else { throw ByteReader.Damaged() }
                target = .file(name: name, shows: shows, shown: try reader.string())
            default: throw ByteReader.Damaged()
            }
            return SeeReference(target: target, span: try SourceSpan(from: &reader), slot: try reader.optionalInt())
        }
        links = try reader.array { reader throws(ByteReader.Damaged) in
            LinkOccurrence(destination: try reader.string(), isImage: try reader.bool(), text: try reader.string(),
                           span: try SourceSpan(from: &reader), slot: try reader.optionalInt())
        }
        htmlAnchors = try reader.strings()
        markupAnchors = try reader.strings()
        leadingTitle = try reader.optionalString()
        titleAnchor = try reader.optionalString()
        firstParagraph = try reader.optionalString()
        problems = try reader.array { reader throws(ByteReader.Damaged) in
            guard let kind = MarkdownProblem.Kind(rawValue: try reader.string()) else { throw ByteReader.Damaged() }
            return MarkdownProblem(kind: kind, message: try reader.string(), span: try SourceSpan(from: &reader))
        }
        slotCount = try reader.int()
    }
}
