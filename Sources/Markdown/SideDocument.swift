import CCmark

/// The text cmark parses again, apart from the page, what the page's own parse cannot read:
/// a table's cells and the text around it (`Tables`), and footnote definitions (`Footnotes`).
/// One document a page, parsed once, with a map from each of its lines back to the page's
/// source.
///
/// Why cells are parsed again, and as headings: to CommonMark a table is one paragraph, whose
/// inlines cmark parsed across the pipes (`*a | b*` is one emphasis to it, `` `a | b` `` one
/// code span), while GFM splits the row at its pipes first and reads each cell's inlines on
/// their own, with `\|` made `|`. Cutting cmark's inlines at the pipes cannot undo a span that
/// crosses one; parsing each cell's text again gives what GFM gives. An ATX heading is the
/// one block that holds a line of inlines whatever it starts with (`1.`, `>`, `-` or `[x]: y`
/// would start another block in a paragraph); its closing `#` (written after the text) keeps
/// a text that ends in ` #` whole.
///
/// Why footnote definitions are: to CommonMark `[^1]: text` is a paragraph (or, when `text` is
/// one word, a link reference definition, gone from the tree), and the blocks indented under
/// it are code. A definition is a container, as a list item is; each is written here as a
/// block quote of its lines (less the four columns of their indent), which holds its blocks
/// and closes whatever they leave open (a fence, a list) before the next one.
///
/// All of a page's texts are one document, parsed once, so a page of many tables or
/// footnotes costs one parse more, not one each; the page's source follows them when it may
/// define link references (`[x]: …`), which cells and footnotes use as any paragraph does.
/// Its lines start below the page's last line (the lines above are blank), so a node's line
/// number tells which text it was parsed from, and `SideLineMap` turns the document's
/// positions into the page's: every syntax read in a cell or a footnote is placed where it
/// is written.
/// The side document of a page, once parsed: where its lines come from, and its tree, whose
/// nodes move into the page's (freed at the end of the compilation when not in the arena).
struct SideParse {
    var lines = SideLineMap(firstLine: Int.max)
    var root: Node?
}

struct SideDocument {
    /// `]:`, which a link reference definition (and a footnote's) holds: without one, the side
    /// document need not hold the page.
    static let definitionMarker = PageMarker(UInt8(ascii: "]"), then: ":")

    private(set) var text: [UInt8]
    private(set) var map: SideLineMap

    init(pageLines: Int) {
        text = [UInt8](repeating: UInt8(ascii: "\n"), count: pageLines)
        map = SideLineMap(firstLine: pageLines + 1)
    }

    /// The next line's number.
    var nextLine: Int { map.firstLine + map.entries.count }

    /// Adds lines of text as written (after their containers' markers), `\|` made `|` if
    /// asked, and a blank line that ends them; returns the document's line numbers they have.
    mutating func addText(_ lines: ArraySlice<TableLine>, from bytes: UnsafeBufferPointer<UInt8>, unescapingPipes: Bool) -> ClosedRange<Int> {
        let first = nextLine
        for line in lines {
            addLine(line.start..<max(line.start, line.end), column: 1, unescapingPipes: unescapingPipes, from: bytes)
            text.append(UInt8(ascii: "\n"))
        }
        let last = nextLine - 1
        text.append(UInt8(ascii: "\n"))
        map.entries.append(SideLineMap.Entry(start: lines.last?.end ?? 0, end: lines.last?.end ?? 0, column: 1))
        return first...last
    }

    /// Adds a cell's text as a heading, `\|` made `|` as GFM reads a cell; returns its line.
    mutating func addCell(_ range: Range<Int>, from bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let line = nextLine
        text.append(contentsOf: "# ".utf8)
        addLine(range, column: 3, unescapingPipes: true, from: bytes)
        text.append(contentsOf: " #\n".utf8)
        return line
    }

    /// Adds the bytes of `range` as the line's text from `column` on, and the line's entry.
    private mutating func addLine(_ range: Range<Int>, column: Int, unescapingPipes: Bool, from bytes: UnsafeBufferPointer<UInt8>) {
        var hasEscapes = false
        var copied = range.lowerBound
        var index = range.lowerBound
        while unescapingPipes, index + 1 < range.upperBound {
            if bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "|") {
                text.append(contentsOf: bytes[copied..<index])
                map.addEscape(at: index)
                hasEscapes = true
                copied = index + 1
                index += 1
            }
            index += 1
        }
        text.append(contentsOf: bytes[copied..<range.upperBound])
        map.entries.append(SideLineMap.Entry(start: range.lowerBound, end: range.upperBound, column: column, hasEscapes: hasEscapes))
    }

    /// Adds lines as one block quote, each line's bytes after `> `, and a blank line that ends
    /// it; returns the line the quote starts on.
    mutating func addQuoted(_ lines: [Range<Int>], from bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let first = nextLine
        for line in lines {
            text.append(contentsOf: "> ".utf8)
            addLine(line, column: 3, unescapingPipes: false, from: bytes)
            text.append(UInt8(ascii: "\n"))
        }
        text.append(UInt8(ascii: "\n"))
        let end = lines.last?.upperBound ?? 0
        map.entries.append(SideLineMap.Entry(start: end, end: end, column: 1))
        return first
    }

    /// Adds the lines of the page that may define link references (`[x]: …`), so that cmark
    /// knows them when it reads cells and footnotes: those cmark read as nothing at the top
    /// level (a definition leaves no block), and any other line that holds `]:` outside code,
    /// HTML and footnote definitions, each as a block of its own (a definition in a quote or
    /// a list). None of their lines is mapped: none of their nodes is used.
    mutating func addDefinitions(from bytes: UnsafeBufferPointer<UInt8>, lines: [Int32], lineStarts: [Int], skipping footnotes: [ClosedRange<Int>]) {
        text.append(UInt8(ascii: "\n"))
        var skipped = footnotes[...]
        for line in 1..<lines.count {
            while let first = skipped.first, first.upperBound < line { skipped.removeFirst() }
            if let first = skipped.first, first.contains(line) { continue }
            let start = lineStarts[line - 1], end = line < lineStarts.count ? lineStarts[line] : bytes.count
            let kind = lines[line]
            if kind == TopLevelLine.uncovered {
                text.append(contentsOf: bytes[start..<end])
                if end == bytes.count { text.append(UInt8(ascii: "\n")) }
            } else if kind != TopLevelLine.literal, Self.holdsDefinitionMarker(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                text.append(UInt8(ascii: "\n"))
                text.append(contentsOf: bytes[start..<end])
                text.append(contentsOf: "\n\n".utf8)
            }
        }
    }

    static func holdsDefinitionMarker(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        while let close = line.firstOffset(of: UInt8(ascii: "]"), from: from) {
            if close + 1 < line.count, line[close + 1] == UInt8(ascii: ":") { return true }
            from = close + 1
        }
        return false
    }
}

/// Where each line of the side document comes from in the page's source.
struct SideLineMap {
    struct Entry {
        /// The source bytes the line holds (a cell's text, a line of text after its markers).
        var start: Int
        var end: Int
        /// The column of the line where they start (after a cell's `# `).
        var column: Int
        /// Whether a `\` was taken out of the text before a `|`.
        var hasEscapes = false
    }

    /// The document's line number of the first entry; lines above are blank.
    let firstLine: Int
    var entries: [Entry] = []
    /// The source offsets of the `\`s taken out of cells, in order, each less its index
    /// (`escapes[i] - i` never decreases): how many lie before a place is a binary search.
    private var escapeKeys: [Int] = []
    private var escapes: [Int] = []

    init(firstLine: Int) {
        self.firstLine = firstLine
    }

    mutating func addEscape(at offset: Int) {
        escapeKeys.append(offset - escapes.count)
        escapes.append(offset)
    }

    func entry(_ line: Int) -> Entry? {
        let index = line - firstLine
        return index >= 0 && index < entries.count ? entries[index] : nil
    }

    /// The source range of the document's lines `first...last` (a cell, or lines of text).
    func range(lines first: Int, _ last: Int) -> Range<Int>? {
        guard let start = entry(first) else { return nil }
        let end = entry(max(first, last)) ?? start
        return start.start..<max(start.start, end.end)
    }

    /// The source offset of the document's line and (byte) column.
    func offset(line: Int, column: Int) -> Int? {
        guard let entry = entry(line), column >= entry.column else { return nil }
        let written = column - entry.column
        guard entry.hasEscapes else { return min(entry.start + written, entry.end) }
        // Escape `j` of the cell stands before the cell's byte `written` when
        // `escapes[j] - start - (j - first) <= written`.
        let first = Self.lowerBound(escapes, entry.start), last = Self.lowerBound(escapes, entry.end)
        let before = min(max(Self.lowerBound(escapeKeys, written + entry.start - first + 1) - first, 0), last - first)
        return min(entry.start + written + before, entry.end)
    }

    /// The first index of `values` (non-decreasing) whose value is `value` or more.
    private static func lowerBound(_ values: [Int], _ value: Int) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension Compilation {
    /// Writes the tables' cells and text and the footnotes' definitions into one document,
    /// parses it, and hands each table plan the nodes of its parts and each definition its
    /// block quote.
    mutating func parseSideDocument(of root: Node) {
        guard !tables.plans.isEmpty || !footnotes.definitions.isEmpty else { return }
        var plans = tables.plans
        var document = SideDocument(pageLines: source.lineStarts.count)
        // Each part's lines in the document: a run of text's range, or each cell's line.
        var placed: [[(text: ClosedRange<Int>?, cells: [Int?])]] = []
        var quoteLines: [Int] = []
        source.bytes.withUnsafeBufferPointer { bytes in
            for plan in plans {
                placed.append(plan.segments.indices.map { index in
                    switch plan.segments[index] {
                    case .text(let range):
                        // cmark-gfm reads the text over a table's header with `\|` made `|`
                        // (`try_inserting_table_header_paragraph`), also in code.
                        let beforeTable = index + 1 < plan.segments.count && plan.segments[index + 1].isTable
                        return (document.addText(plan.lines[range], from: bytes, unescapingPipes: beforeTable), [])
                    case .table(let shape):
                        return (nil, shape.cells.map { $0.isEmpty ? nil : document.addCell($0, from: bytes) })
                    }
                })
            }
            quoteLines = footnotes.definitions.map { document.addQuoted($0.lines, from: bytes) }
        }
        // The page's link reference definitions (not the footnotes').
        if source.holds(SideDocument.definitionMarker) {
            let lines = topLevelLines(of: root)
            source.bytes.withUnsafeBufferPointer {
                document.addDefinitions(from: $0, lines: lines, lineStarts: source.lineStarts, skipping: footnotes.definitions.map(\.pageLines))
            }
        }
        side.lines = document.map
        guard let root = parse(document.text) else {
            tables.plans = []
            footnotes.definitions = []
            footnotes.byKey = [:]
            return
        }
        side.root = root
        // The document's top-level blocks, in order, each found at the line it starts on.
        var next = cmark_node_first_child(root)
        func blocks(through last: Int) -> [Node] {
            var found: [Node] = []
            while let node = next, Int(cmark_node_get_start_line(node)) <= last {
                found.append(node)
                next = cmark_node_next(node)
            }
            return found
        }
        for (index, plan) in plans.enumerated() {
            plans[index].parts = zip(plan.segments, placed[index]).map { segment, place in
                if case .table(let shape) = segment {
                    return .table(shape, cells: place.cells.map { line in
                        guard let line, let heading = blocks(through: line).last, cmark_node_get_type(heading) == CMARK_NODE_HEADING,
                              cmark_node_get_start_line(heading) == line else { return nil }
                        return heading
                    })
                }
                return .blocks(place.text.map { blocks(through: $0.upperBound) } ?? [])
            }
        }
        tables.plans = plans
        for (index, line) in quoteLines.enumerated() {
            guard let quote = blocks(through: line).last, cmark_node_get_type(quote) == CMARK_NODE_BLOCK_QUOTE,
                  cmark_node_get_start_line(quote) == line else { continue }
            footnotes.definitions[index].quote = quote
        }
    }
}
