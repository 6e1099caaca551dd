#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a column's cells are aligned, from the colons of its delimiter cell: `:--` left,
/// `:-:` center, `--:` right, `---` as the reader's default.
enum TableAlignment: Sendable, Equatable {
    case none, left, center, right
}

/// A line of a paragraph as a table reads it, found in the page's source.
struct TableLine: Equatable {
    /// Where the line starts once its containers' markers are passed (a block quote's `>`, a list
    /// item's indent): what the line is to a paragraph read again on its own.
    var start: Int
    /// Its first byte that is not white space: a row is read from here.
    var text: Int
    /// Where it ends, before its `\r\n` or `\n`.
    var end: Int
    /// Columns of white space between `start` and `text`: four or more make an indented line.
    var indent: Int
    /// The line misses a marker of its containers (a lazy continuation line, `>` left out).
    var isLazy: Bool

    var textRange: Range<Int> { text..<max(text, end) }
}

/// A table found in a paragraph: its columns' alignments and its cells' text in the source.
struct TableShape: Equatable {
    var alignments: [TableAlignment]
    /// The cells' text (trimmed, `\|` still written so), the header row first, then each body
    /// row, as many to a row as there are columns: a short row is padded with empty ranges and a
    /// long one cut.
    var cells: [Range<Int>]
    /// Cells that came from the source, for the padding limit.
    var writtenCells = 0

    var columns: Int { alignments.count }
    var rows: Int { columns == 0 ? 0 : cells.count / columns }
}

/// What a paragraph that holds a table is made of, in order: tables and the lines around them.
enum TableSegment: Equatable {
    /// Lines (indices into the paragraph's lines) that are no table: text before a header row, or
    /// after a line that ends a table (`|` alone). cmark reads them again on their own, so they
    /// are whatever it makes of them (a paragraph, or a setext heading with the underline).
    case text(Range<Int>)
    case table(TableShape)

    var isTable: Bool {
        if case .table = self { true } else { false }
    }
}

/// GFM's tables (spec 0.29-gfm §4.10) read as cmark-gfm's `table.c` reads them, on the bytes of
/// a paragraph's lines: a header row, a delimiter row with as many cells, then body rows up to
/// the paragraph's end (which cmark found: a blank line or another block's start).
enum TableLayout {
    /// cmark-gfm counts a row's cells in 16 bits: a line with more is no row.
    static let maximumColumns = 65_535
    /// cmark-gfm's limit on the empty cells it adds to short rows (0x80000): a table of many
    /// columns and many one-cell rows would otherwise be quadratic in its output. The row that
    /// would go past it ends the table.
    static let maximumPaddedCells = 0x80000

    /// cmark-gfm's `spacechar`: space, tab, vertical tab, form feed.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// The table whose header row is `header`, over a delimiter row of these alignments, if
    /// the header has as many cells.
    static func header(_ header: TableLine, alignments: [TableAlignment], in bytes: UnsafeBufferPointer<UInt8>) -> TableShape? {
        guard let row = cells(header.textRange, in: bytes, limit: alignments.count), row.count == alignments.count else { return nil }
        return TableShape(alignments: alignments, cells: row.cells, writtenCells: row.count)
    }

    /// Adds a body row, padded or cut to the table's columns; false when the line is no row or
    /// the table has padded as many cells as it may.
    static func add(row range: Range<Int>, to table: inout TableShape, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard table.rows * table.columns - table.writtenCells <= maximumPaddedCells,
              let row = cells(range, in: bytes, limit: table.columns) else { return false }
        table.cells += row.cells
        table.writtenCells += row.cells.count
        let end = row.cells.last?.upperBound ?? range.upperBound
        for _ in row.cells.count..<table.columns { table.cells.append(end..<end) }
        return true
    }

    /// Whether the line underlines a setext heading: `=`s or `-`s, then only white space, not
    /// indented four columns nor lazy.
    static func isSetextUnderline(_ line: TableLine, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !line.isLazy, line.indent < 4, line.text < line.end else { return false }
        let mark = bytes[line.text]
        guard mark == UInt8(ascii: "=") || mark == UInt8(ascii: "-") else { return false }
        var index = line.text
        while index < line.end, bytes[index] == mark { index += 1 }
        while index < line.end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index == line.end
    }

    /// Whether a setext heading's underline is a body row after a table (`===`, `--`): cmark-gfm
    /// reads `---` as a thematic break and `-` as an empty list item there.
    static func underlineIsRow(_ line: TableLine, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.text < line.end else { return false }
        if bytes[line.text] == UInt8(ascii: "=") { return true }
        var dashes = 0
        for index in line.textRange where bytes[index] == UInt8(ascii: "-") { dashes += 1 }
        return dashes == 2
    }

    /// The cells of the row written in `range` (one line from its first non-space byte, without
    /// its break), trimmed, the first `limit` of them, and how many there are; nil when it has
    /// none (`|` alone) or more than `maximumColumns`. A leading and a trailing pipe are
    /// optional; a pipe with a backslash before it (`\|`) is in the cell, also inside code.
    static func cells(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (cells: [Range<Int>], count: Int)? {
        var index = pastPipe(range.lowerBound, range.upperBound, in: bytes)
        var cells: [Range<Int>] = []
        var count = 0
        while index < range.upperBound {
            let cellEnd = nextPipe(from: index, before: range.upperBound, in: bytes)
            let hasPipe = cellEnd < range.upperBound
            count += 1
            guard count <= maximumColumns else { return nil }
            if cells.count < limit { cells.append(trimmed(index..<cellEnd, in: bytes)) }
            guard hasPipe else { break }
            index = pastPipe(cellEnd, range.upperBound, in: bytes)
        }
        return count == 0 ? nil : (cells, count)
    }

    /// The alignments of a delimiter row (`| :-- | :-: |`: cells of dashes with a colon at
    /// either end or both, pipes between), nil when the line is not one.
    static func alignments(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [TableAlignment]? {
        let end = range.upperBound
        var index = range.lowerBound
        if index < end, bytes[index] == UInt8(ascii: "|") { index += 1 }
        var alignments: [TableAlignment] = []
        while true {
            while index < end, isSpace(bytes[index]) { index += 1 }
            let left = index < end && bytes[index] == UInt8(ascii: ":")
            if left { index += 1 }
            let dashes = index
            while index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index > dashes else { return nil }
            let right = index < end && bytes[index] == UInt8(ascii: ":")
            if right { index += 1 }
            while index < end, isSpace(bytes[index]) { index += 1 }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
            guard alignments.count <= maximumColumns else { return nil }
            if index == end { return alignments }
            guard bytes[index] == UInt8(ascii: "|") else { return nil }
            index += 1
            while index < end, isSpace(bytes[index]) { index += 1 }
            if index == end { return alignments }
        }
    }

    /// Past a `|` and the spaces after it at `index`, else `index`.
    private static func pastPipe(_ index: Int, _ end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard index < end, bytes[index] == UInt8(ascii: "|") else { return index }
        var next = index + 1
        while next < end, isSpace(bytes[next]) { next += 1 }
        return next
    }

    /// The first `|` at or after `start` without a backslash before it in the cell, else `end`
    /// (`memchr` from pipe to pipe: a row may be a megabyte long).
    private static func nextPipe(from start: Int, before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return end }
        var from = start
        while from < end, let found = memchr(base + from, Int32(UInt8(ascii: "|")), end - from) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if at == start || base[at - 1] != UInt8(ascii: "\\") { return at }
            from = at + 1
        }
        return end
    }

    /// `range` without the white space at either end (cmark's `isspace`).
    private static func trimmed(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        func isBlank(_ byte: UInt8) -> Bool { isSpace(byte) || byte == 0x0A || byte == 0x0D }
        var start = range.lowerBound, end = range.upperBound
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return start..<end
    }
}

/// Reads a paragraph's lines into segments, as cmark-gfm reads them line by line: text until a
/// delimiter row under a header of as many cells, then rows until a line with no cell or the
/// padding limit. It reads on where it stopped: a paragraph that cmark ends with a setext
/// underline (`===`, `--`), a row to cmark-gfm, goes on in the block after it.
struct TableReader {
    private(set) var segments: [TableSegment] = []
    private var textStart = 0
    /// A paragraph is tried for a table at its first delimiter row only, as cmark-gfm does (its
    /// fix for a paragraph of many such lines, read again at each).
    private var tried = false
    private var table: TableShape?

    /// Whether a table is open after the lines read so far.
    var isInTable: Bool { table != nil }

    /// Reads `lines[start...]`; with `underlined`, the last underlines a setext heading to cmark,
    /// which after a table is a row (`===`, `--`) or a block of its own (`---`, `-`), and after
    /// text ends it as a heading.
    mutating func read(_ lines: [TableLine], from start: Int, underlined: Bool, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = underlined ? lines.count - 1 : lines.count
        for index in start..<max(start, end) {
            if var open = table {
                table = nil
                if TableLayout.add(row: lines[index].textRange, to: &open, in: bytes) {
                    table = open
                    continue
                }
                // A line with no cell (`|` alone), or one past the padding limit, ends the table
                // and starts text, which may hold the next table's header.
                segments.append(.table(open))
                textStart = index
                tried = false
                continue
            }
            guard index > textStart, !tried, !lines[index].isLazy, lines[index].indent < 4,
                  let alignments = TableLayout.alignments(lines[index].textRange, in: bytes) else { continue }
            tried = true
            if let shape = TableLayout.header(lines[index - 1], alignments: alignments, in: bytes) {
                if index - 1 > textStart { segments.append(.text(textStart..<(index - 1))) }
                table = shape
            }
        }
        guard underlined, end >= start else { return }
        if var open = table {
            if TableLayout.underlineIsRow(lines[end], in: bytes), TableLayout.add(row: lines[end].textRange, to: &open, in: bytes) {
                table = open
                return
            }
            table = nil
            segments.append(.table(open))
            textStart = end
        }
        // Text up to the underline is a setext heading; after a table, the underline alone is a
        // break or an empty list item.
        segments.append(.text(textStart..<(end + 1)))
        textStart = end + 1
        tried = false
    }

    /// The segments of `lineCount` lines read, nil when they hold no table.
    func finish(lineCount: Int) -> [TableSegment]? {
        var segments = segments
        if let table {
            segments.append(.table(table))
        } else if textStart < lineCount {
            segments.append(.text(textStart..<lineCount))
        }
        return segments.contains(where: \.isTable) ? segments : nil
    }
}
