import CCmark

/// MkDocs' admonitions (Python-Markdown's `admonition`, and `pymdownx.details` for `???`):
///
///     !!! tip "A title"
///         Indented by four spaces, as many blocks as it likes.
///
/// To CommonMark the marker is a paragraph and the body, after a blank line, code. The page's
/// bytes are rewritten before cmark reads them, each line to one of the same length, so that
/// every position stays where the author wrote it: the marker becomes a callout's
/// (`>[!tip] A title`, then spaces), and each body line's indent a block quote's mark
/// (`>   `). The callout is then made as any `> [!tip]` is. A blank line inside the body ends
/// cmark's block quote; the quotes of one admonition are joined again after the parse.
/// Read only in an MkDocs site: elsewhere `!!!` is text.
enum MkDocsAdmonitions {
    /// The lines (0-based, of the body) each admonition takes: its marker's, and its last.
    struct Span: Equatable {
        var first: Int
        var last: Int
    }

    /// The bytes with every top-level admonition rewritten (same length, same line breaks),
    /// and where each is; nil when the page has none.
    static func rewritten(_ bytes: [UInt8]) -> (bytes: [UInt8], spans: [Span])? {
        guard bytes.count >= 5 else { return nil }
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        var result = bytes
        var spans: [Span] = []
        var fence: (byte: UInt8, count: Int)?
        var number = 0
        while number < lines.count {
            let line = bytes[lines[number]]
            if let open = fence {
                if Self.fence(in: line).map({ $0.byte == open.byte && $0.count >= open.count }) == true { fence = nil }
                number += 1
                continue
            }
            if let opened = Self.fence(in: line) {
                fence = opened
                number += 1
                continue
            }
            guard let marker = Self.marker(line) else {
                number += 1
                continue
            }
            // The body: indented lines, and blank lines between them.
            var last = number
            var next = number + 1
            while next < lines.count {
                let body = bytes[lines[next]]
                if body.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { next += 1; continue }
                guard body.first == UInt8(ascii: "\t") || body.prefix(4).elementsEqual("    ".utf8) else { break }
                last = next
                next += 1
            }
            // An empty line inside a fence of the body would end the block quote, and the
            // fence with it: such an admonition is left as it is written.
            guard last > number, !Self.hasEmptyLineInFence(lines[(number + 1)...last], of: bytes) else {
                number += 1
                continue
            }
            result.replaceSubrange(lines[number], with: marker.padded(to: lines[number].count))
            // The indent's first byte becomes the quote's mark (`    text` → `>   text`, a tab →
            // `>`); a line of blanks, a blank line of the quote. An empty line stays empty.
            for body in (number + 1)...last where !lines[body].isEmpty {
                result[lines[body].lowerBound] = UInt8(ascii: ">")
            }
            spans.append(Span(first: number, last: last))
            number = last + 1
        }
        return spans.isEmpty ? nil : (result, spans)
    }

    static func hasEmptyLineInFence(_ body: ArraySlice<Range<Int>>, of bytes: [UInt8]) -> Bool {
        var fence: (byte: UInt8, count: Int)?
        for line in body {
            let text = bytes[line].dropFirst(bytes[line].first == UInt8(ascii: "\t") ? 1 : min(4, line.count))
            if line.isEmpty { if fence != nil { return true }; continue }
            if let open = fence {
                if Self.fence(in: text).map({ $0.byte == open.byte && $0.count >= open.count }) == true { fence = nil }
            } else {
                fence = Self.fence(in: text)
            }
        }
        return false
    }

    /// A marker line's callout, as it is rewritten.
    struct Marker {
        var type: String
        var title: String?
        var folds: Bool
        var unfolded: Bool

        /// `>[!type] title` (`-` or `+` after `]` for one that folds, where the line has room),
        /// `length` bytes long: the room left goes first before the `>` (up to three spaces),
        /// then before the title, whose leading blanks the callout drops. Spaces after the
        /// title would end its line with a hard break.
        func padded(to length: Int) -> [UInt8] {
            var marker = Array(">[!\(type)]".utf8)
            let titled = title.map { !$0.isEmpty } ?? false
            let titleBytes = titled ? Array(" \(title ?? "")".utf8) : []
            if folds, marker.count + 1 + titleBytes.count <= length { marker += Array((unfolded ? "+" : "-").utf8) }
            guard marker.count + titleBytes.count <= length else { return Array(repeating: UInt8(ascii: " "), count: length) }
            let room = length - marker.count - titleBytes.count
            let before = min(room, 3)
            let spaces = { (count: Int) in [UInt8](repeating: UInt8(ascii: " "), count: count) }
            return titled ? spaces(before) + marker + spaces(room - before) + titleBytes
                          : spaces(before) + marker + spaces(room - before)
        }
    }

    /// `!!! type`, `!!! type "Title"`, `??? type`, `???+ type "Title"` at the line's start.
    static func marker(_ line: ArraySlice<UInt8>) -> Marker? {
        let text = String(decoding: line, as: UTF8.self)
        let folds: Bool, unfolded: Bool, rest: Substring
        if text.hasPrefix("!!! ") {
            (folds, unfolded, rest) = (false, false, text.dropFirst(4))
        } else if text.hasPrefix("???+ ") {
            (folds, unfolded, rest) = (true, true, text.dropFirst(5))
        } else if text.hasPrefix("??? ") {
            (folds, unfolded, rest) = (true, false, text.dropFirst(4))
        } else {
            return nil
        }
        // The type, more classes (`!!! note inline end`), then the title in quotes.
        let quote = rest.firstIndex(of: "\"")
        let words = rest[..<(quote ?? rest.endIndex)].split(separator: " ")
        guard let type = words.first?.lowercased(), type.first?.isLetter == true,
              words.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }) else { return nil }
        var title: String?
        if let quote {
            let quoted = rest[rest.index(after: quote)...].reversed().drop { $0 == " " }.reversed()
            guard quoted.last == "\"" else { return nil }
            title = String(quoted.dropLast())
        }
        return Marker(type: type, title: title, folds: folds, unfolded: unfolded)
    }

    /// An opening or closing code fence at a line's start (up to three spaces in): its
    /// character and length.
    static func fence(in line: ArraySlice<UInt8>) -> (byte: UInt8, count: Int)? {
        let content = line.drop { $0 == UInt8(ascii: " ") }
        guard line.count - content.count <= 3, let first = content.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let count = content.prefix { $0 == first }.count
        return count >= 3 ? (first, count) : nil
    }
}

extension Compilation {
    /// Joins the block quotes cmark made of one admonition (a blank line in its body ends
    /// one) into the first, which opens with the callout's marker.
    func joinAdmonitionQuotes(in root: Node) {
        guard !admonitionSpans.isEmpty else { return }
        var node = cmark_node_first_child(root)
        var spanIndex = 0
        var current: (quote: Node, span: MkDocsAdmonitions.Span)?
        var quotes: [Node] = []
        while let block = node {
            node = cmark_node_next(block)
            let line = Int(cmark_node_get_start_line(block)) - 1
            while spanIndex < admonitionSpans.count, admonitionSpans[spanIndex].last < line { spanIndex += 1 }
            guard cmark_node_get_type(block) == CMARK_NODE_BLOCK_QUOTE, spanIndex < admonitionSpans.count,
                  admonitionSpans[spanIndex].first <= line else {
                current = nil
                continue
            }
            let span = admonitionSpans[spanIndex]
            if let open = current, open.span == span {
                while let child = cmark_node_first_child(block) { cmark_node_append_child(open.quote, child) }
                cmark_node_free(block)
            } else if line == span.first {
                current = (block, span)
                quotes.append(block)
            }
        }
        for quote in quotes { dedentIndentedCode(in: quote) }
    }

    /// An indented code block of the body keeps two spaces of its indent more than MkDocs
    /// gives it (`>   ` stands for four spaces, and the quote takes one after `>`): they go.
    private func dedentIndentedCode(in quote: Node) {
        var child = cmark_node_first_child(quote)
        while let block = child {
            child = cmark_node_next(block)
            guard cmark_node_get_type(block) == CMARK_NODE_CODE_BLOCK, let literal = cmark_node_get_literal(block) else { continue }
            // (A fenced block's first line, after the quote's mark, is its fence.)
            let line = source.bytes[blockRange(block)].drop { $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if MkDocsAdmonitions.fence(in: line) != nil { continue }
            let lines = String(cString: literal).split(separator: "\n", omittingEmptySubsequences: false)
            let dedented = lines.map { line in line.prefix(2).allSatisfy { $0 == " " } ? line.dropFirst(2) : line }.joined(separator: "\n")
            _ = dedented.withCString { cmark_node_set_literal(block, $0) }
        }
    }
}
