import CCmark

/// GFM tables (spec 0.29-gfm §4.10): a header row, a delimiter row (`| :-- | --: |`), body rows
/// up to the paragraph's end, rendered as cmark-gfm renders them (`<table>`, `<thead>`, `<tbody>`,
/// a line for each cell), but for how a cell's alignment is written (see `TableCellTag`). Every
/// table has a `|`, so a block without one is never looked at.
///
/// To CommonMark a table is a paragraph (or a setext heading, when `===` follows its rows).
/// Before the pass, the paragraphs that hold one are found and read from the source, their rows
/// split as cmark-gfm splits them (`TableLayout`; the delimiter row is read there, not from
/// cmark's text, where smart punctuation made dashes of `--`), and the cells of every table of
/// the page parsed as one document (`SideDocument`, which says why cells are parsed again).
/// The pass then meets each such paragraph in its place, puts the tables and the text around
/// them there, and reads each cell as it reads a paragraph, so references, wikilinks and
/// links in cells are found, placed where they are written, and linked.
struct Tables: InlineSyntax {
    static let startBytes: ByteSet = "|"

    /// A paragraph that holds tables, and what it becomes.
    struct Plan {
        enum Part {
            /// Text around a table, as cmark read it again (a paragraph, a heading, a break).
            case blocks([Node])
            /// A table, and for each of its cells the heading its text was parsed into (nil
            /// for an empty cell).
            case table(TableShape, cells: [Node?])
        }

        /// The blocks it replaces: the paragraph, and any after it when cmark ended one with a
        /// setext underline that cmark-gfm reads as a row (the table goes on in the next block).
        var blocks: [Node]
        var lines: [TableLine]
        var segments: [TableSegment]
        var parts: [Part] = []
    }

    /// The page's paragraphs that hold tables, in document order; the pass meets them so.
    var plans: [Plan] = [] {
        didSet { nextBlock = plans.first?.blocks.first }
    }
    var nextPlan = 0 {
        didSet { nextBlock = nextPlan < plans.count ? plans[nextPlan].blocks.first : nil }
    }
    /// The paragraph of the next plan: the pass asks of every paragraph whether it is this one.
    private var nextBlock: Node?

    /// Whether the pass has come to a paragraph that holds a table.
    @inline(__always)
    func holdsTable(_ block: Node) -> Bool {
        nextBlock == block
    }

    /// The last of the blocks that the paragraph the pass has come to replaces with its tables.
    var lastPlannedBlock: Node? {
        nextPlan < plans.count ? plans[nextPlan].blocks.last : nil
    }
}

extension Compilation {
    // MARK: - Before the pass

    /// Finds the paragraphs (and setext headings) that hold tables; their cells are parsed with
    /// the side document (`parseSideDocument`).
    mutating func planTables(in root: Node) {
        guard !prefilter.tables.isEmpty else { return }
        var plans: [Tables.Plan] = []
        var absorbed: Set<Node> = []
        forEachTextBlock(under: root) { block in
            // A table takes two lines, and only a setext heading (underlined) has two.
            guard !absorbed.contains(block), cmark_node_get_end_line(block) > cmark_node_get_start_line(block),
                  blockHolds(prefilter.tables, block), var (lines, underlined) = textLines(of: block) else { return }
            var reader = TableReader()
            source.bytes.withUnsafeBufferPointer { reader.read(lines, from: 0, underlined: underlined, in: $0) }
            var blocks = [block]
            // A row for an underline: the table goes on in the block on the next line.
            while underlined, reader.isInTable, let last = lines.last, let next = blocks.last.flatMap(cmark_node_next),
                  cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH || cmark_node_get_type(next) == CMARK_NODE_HEADING,
                  Int(cmark_node_get_start_line(next)) == source.line(of: last.start) + 1, let more = textLines(of: next) {
                let start = lines.count
                lines += more.lines
                underlined = more.underlined
                source.bytes.withUnsafeBufferPointer { reader.read(lines, from: start, underlined: underlined, in: $0) }
                blocks.append(next)
                absorbed.insert(next)
            }
            if let segments = reader.finish(lineCount: lines.count) {
                plans.append(Tables.Plan(blocks: blocks, lines: lines, segments: segments))
            }
        }
        tables.plans = plans
    }

    /// Visits the paragraphs and headings under `root` in document order.
    func forEachTextBlock(under root: Node, _ visit: (Node) -> Void) {
        var node = cmark_node_first_child(root)
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                visit(current)
            } else if type != CMARK_NODE_HTML_BLOCK, let child = cmark_node_first_child(current) {
                node = child
                continue
            }
            node = Self.nextInDocument(after: current, within: root)
        }
    }


    /// The lines of a paragraph or setext heading, and whether the last is an underline.
    func textLines(of block: Node) -> (lines: [TableLine], underlined: Bool)? {
        guard var lines = tableLines(of: block) else { return nil }
        guard cmark_node_get_type(block) == CMARK_NODE_HEADING else { return (lines, false) }
        // cmark 0.30 ends a setext heading on the line after its underline: the underline is
        // its first line that is one (a line of the text cannot be).
        guard let underline = source.bytes.withUnsafeBufferPointer({ bytes in
            lines.indices.dropFirst().first { TableLayout.isSetextUnderline(lines[$0], in: bytes) }
        }) else { return nil }
        lines.removeSubrange((underline + 1)...)
        return (lines, true)
    }

    /// The lines of a paragraph or heading in the source, each after its containers' markers.
    func tableLines(of block: Node) -> [TableLine]? {
        guard let first = startOffset(block) else { return nil }
        let firstLine = Int(cmark_node_get_start_line(block)), lastLine = Int(cmark_node_get_end_line(block))
        guard firstLine >= 1, lastLine <= source.lineStarts.count else { return nil }
        let containers = containerIndents(of: block)
        return source.bytes.withUnsafeBufferPointer { bytes in
            (firstLine...lastLine).map { line in
                let bounds = source.bounds(ofLine: line)
                let lineStart = bounds.lowerBound, end = bounds.upperBound
                var start = first, isLazy = false
                if line != firstLine { (start, isLazy) = Self.pastMarkers(containers, from: lineStart, to: end, in: bytes) }
                var text = start, indent = 0
                while text < end, bytes[text] == UInt8(ascii: " ") || bytes[text] == UInt8(ascii: "\t") {
                    indent += bytes[text] == UInt8(ascii: "\t") ? 4 - indent % 4 : 1
                    text += 1
                }
                return TableLine(start: start, text: text, end: max(start, end), indent: indent, isLazy: isLazy)
            }
        }
    }

    /// The block's containers, outermost first: nil for a block quote, the column where its
    /// content starts (from 0, as cmark counts: a byte a column) for a list item.
    func containerIndents(of block: Node) -> [Int?] {
        var indents: [Int?] = []
        var node = cmark_node_parent(block)
        while let current = node, cmark_node_get_type(current) != CMARK_NODE_DOCUMENT {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_BLOCK_QUOTE {
                indents.append(nil)
            } else if type == CMARK_NODE_ITEM, let content = cmark_node_first_child(current) {
                indents.append(max(0, Int(cmark_node_get_start_column(content)) - 1))
            }
            node = cmark_node_parent(current)
        }
        return indents.reversed()
    }

    /// Where a line's text starts past its containers' markers (`>`, up to three spaces before
    /// it and one after; white space up to an item's content column), and whether a marker was
    /// missing (a lazy line).
    static func pastMarkers(_ containers: [Int?], from start: Int, to end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Bool) {
        var index = start
        for container in containers {
            let before = index
            if let column = container {
                while index < end, index - start < column, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
                    index += 1
                }
                if index - start < column { return (before, true) }
            } else {
                while index < end, index - before < 3, bytes[index] == UInt8(ascii: " ") {
                    index += 1
                }
                guard index < end, bytes[index] == UInt8(ascii: ">") else { return (before, true) }
                index += 1
                if index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            }
        }
        return (index, false)
    }

    // MARK: - In the pass

    /// Puts what a paragraph that holds tables becomes in its place, and reads it in order:
    /// the text around the tables as any block, the tables' cells as paragraphs.
    mutating func readTables(replacing block: Node) {
        let plan = tables.plans[tables.nextPlan]
        tables.nextPlan += 1
        for part in plan.parts {
            switch part {
            case .blocks(let nodes):
                for node in nodes {
                    cmark_node_insert_before(block, node)
                    let type = cmark_node_get_type(node)
                    // Text read again is a paragraph, a setext heading, or a break or an empty
                    // list made of an underline, which hold nothing to read.
                    if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                        read(block: node, as: type == CMARK_NODE_HEADING ? .heading : .paragraph)
                    }
                }
            case .table(let shape, let cells):
                if let table = makeTable(shape, cells: cells) { cmark_node_insert_before(block, table) }
            }
        }
        for replaced in plan.blocks { cmark_node_free(replaced) }
    }

    /// The table's blocks, `<table>`, `<thead>` and `<tbody>` and a `<tr>` for each row, with a
    /// custom inline for each cell that holds its inlines; each cell is read as it is moved in.
    mutating func makeTable(_ shape: TableShape, cells: [Node?]) -> Node? {
        guard shape.columns > 0, let table = newNode(CMARK_NODE_CUSTOM_BLOCK), let head = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        cmark_node_set_on_enter(table, "<table>")
        cmark_node_set_on_exit(table, "</table>")
        cmark_node_set_on_enter(head, "<thead>")
        cmark_node_set_on_exit(head, "</thead>")
        cmark_node_append_child(table, head)
        var body: Node?
        if shape.rows > 1, let tbody = newNode(CMARK_NODE_CUSTOM_BLOCK) {
            cmark_node_set_on_enter(tbody, "<tbody>")
            cmark_node_set_on_exit(tbody, "</tbody>")
            cmark_node_append_child(table, tbody)
            body = tbody
        }
        var row: Node?
        for (index, heading) in cells.enumerated() {
            let column = index % shape.columns, isHeader = index < shape.columns
            if column == 0 {
                guard let tr = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
                cmark_node_set_on_enter(tr, "<tr>")
                cmark_node_set_on_exit(tr, "</tr>")
                cmark_node_append_child(isHeader ? head : body ?? head, tr)
                row = tr
            }
            guard let row, let cell = newNode(CMARK_NODE_CUSTOM_INLINE) else { return nil }
            TableCellTag(header: isHeader, alignment: shape.alignments[column], first: column == 0).mark(cell)
            cmark_node_append_child(row, cell)
            if let heading {
                read(block: heading, as: .cell)
                while let child = cmark_node_first_child(heading), cmark_node_append_child(cell, child) == 1 {}
                cmark_node_free(heading)
            }
        }
        return table
    }
}

/// A cell's tags: `<th class="align-center">` … `</th>`, each cell on a line of its own (the
/// first after its row's `<tr>` line, the others after a line break of their own markup).
///
/// cmark-gfm writes the alignment as `align="center"`, which HTML5 made obsolete (the W3C
/// checker the site is proven with calls it an error), or with its option as
/// `style="text-align: center"`, which the theme's Content-Security-Policy (`style-src 'self'`)
/// does not apply. A class is valid and allowed, and the theme aligns it (`.align-center`); it is
/// the one way our tables' HTML differs from cmark-gfm's (GFMConformanceTests reads it so).
struct TableCellTag {
    var header: Bool
    var alignment: TableAlignment
    var first: Bool

    func mark(_ cell: Node) {
        let alignment = switch alignment {
        case .none: 0
        case .left: 1
        case .center: 2
        case .right: 3
        }
        cmark_node_set_on_enter(cell, Self.openings[(header ? 8 : 0) + (first ? 4 : 0) + alignment])
        cmark_node_set_on_exit(cell, header ? "</th>" : "</td>")
    }

    /// Every opening tag, made once (a table may have hundreds of thousands of cells).
    static let openings: [String] = ["td", "th"].flatMap { name in
        ["\n<", "<"].flatMap { start in
            ["", " class=\"align-left\"", " class=\"align-center\"", " class=\"align-right\""].map { start + name + $0 + ">" }
        }
    }
}
