import CCmark

/// The kinds of line `topLevelLines` tells apart, besides a paragraph's number.
enum TopLevelLine {
    static let uncovered: Int32 = 0
    static let otherBlock: Int32 = -1
    static let literal: Int32 = -2
}

/// GFM footnotes, as cmark-gfm reads them: `[^label]` in text refers to a definition
/// `[^label]: text` written at the page's top level, whose following lines indented by four
/// columns (or lazily continuing its paragraph) are more of its blocks. The footnotes a page
/// refers to are numbered by their first reference and listed at its end, each with a link back
/// to every reference; a reference to no definition is reported where it is written, and a
/// definition nothing refers to is reported and left out.
///
/// To CommonMark a definition is a paragraph, or a link reference definition when its text is
/// one word (then gone from the tree, and `[^label]` a link to that word), and its indented
/// blocks are code. So, before the pass, the definitions are found in the source, at the lines
/// cmark read as top-level paragraphs or as nothing (`definitions(in:)`); the page is parsed
/// again with their lines blanked (same offsets, so every other position holds), and their
/// text is parsed with the side document (`SideDocument.addQuoted`). Only pages that hold
/// `[^` and `]:` pay for any of it.
struct Footnotes: InlineSyntax {
    static let startBytes: ByteSet = "^"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: "["), then: "^")

    struct Definition {
        /// The label as written, and as references are matched with it (case does not count).
        var label: String
        var key: String
        /// Where `[^label]:` is written.
        var span: SourceSpan
        /// The source lines of its text: the first after `]:`, the others less their indent.
        var lines: [Range<Int>]
        /// The page's lines it takes (blanked before the page is parsed again).
        var pageLines: ClosedRange<Int>
        /// The block quote of the side document that holds its blocks.
        var quote: Node?
        /// Its number, given at its first reference.
        var number: Int?
        /// How many references it has: each is given an id, and a link back to it.
        var references = 0
    }

    var definitions: [Definition] = []
    /// The first definition of each key.
    var byKey: [String: Int] = [:]
    /// The definitions referred to, by number (the first is number 1).
    var numbered: [Int] = []

    /// Whether the byte may be in a label (`[^label]`): not white space, a bracket or a 0 (which
    /// stands for code or a link in a block's logical text).
    @inline(__always)
    static func isLabelByte(_ byte: UInt8) -> Bool {
        byte != UInt8(ascii: "]") && byte != UInt8(ascii: "[") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t")
            && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") && byte != 0
    }

    /// The end (past `]`) of the `[^label]` that opens at `index`, if one does.
    static func referenceEnd(at index: Int, limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard index + 1 < limit, bytes[index] == UInt8(ascii: "["), bytes[index + 1] == UInt8(ascii: "^") else { return nil }
        var end = index + 2
        while end < limit, isLabelByte(bytes[end]) { end += 1 }
        guard end > index + 2, end < limit, bytes[end] == UInt8(ascii: "]") else { return nil }
        return end + 1
    }

    /// The `[^label]`s of a block's logical text (where escapes and entities are read), in
    /// order, as ranges of the whole (brackets included).
    static func references(inText bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "["), let end = referenceEnd(at: index, limit: bytes.count, in: bytes) {
                found.append(index..<end)
                index = end
                continue
            }
            index += 1
        }
        return found
    }

    /// A `[^label]` as the source spells it: its range, its label's, and whether a bracket or
    /// the caret is escaped (`\[^1]`, which the logical text reads as `[^1]` but is no reference).
    struct Written {
        var range: Range<Int>
        var label: Range<Int>
        var isEscaped: Bool
    }

    /// The `[^label]`s of a block's source, outside code spans, escaped or not, in order.
    static func references(inSource bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Written] {
        var found: [Written] = []
        var index = range.lowerBound
        let limit = range.upperBound
        /// Reads `byte` at `at`, or `\byte`: where it ends, and whether it was escaped.
        func read(_ byte: UInt8, at: Int) -> (end: Int, escaped: Bool)? {
            if at < limit, bytes[at] == byte { return (at + 1, false) }
            if at + 1 < limit, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == byte { return (at + 2, true) }
            return nil
        }
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "`") {
                index = SourceText.endOfCodeSpan(startingAt: index, limit: limit, in: bytes)
                continue
            }
            if let open = read(UInt8(ascii: "["), at: index), let caret = read(UInt8(ascii: "^"), at: open.end) {
                var end = caret.end
                while end < limit, isLabelByte(bytes[end]), bytes[end] != UInt8(ascii: "\\") { end += 1 }
                if end > caret.end, let close = read(UInt8(ascii: "]"), at: end) {
                    found.append(Written(range: index..<close.end, label: caret.end..<end, isEscaped: open.escaped || caret.escaped || close.escaped))
                    index = close.end
                    continue
                }
            }
            // Any other escape is two bytes: `\``, for one, opens no code span.
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return found
    }

    static func key(_ label: some Collection<UInt8>) -> String {
        String(decoding: label, as: UTF8.self).lowercased()
    }

    /// The markup of a reference: cmark-gfm's.
    static func referenceHTML(number: Int, occurrence: Int) -> String {
        "<sup class=\"footnote-ref\"><a href=\"#fn\(number)\" id=\"\(referenceID(number: number, occurrence: occurrence))\">\(number)</a></sup>"
    }

    /// `fnref2` for the first reference to footnote 2, `fnref2-3` for its third.
    static func referenceID(number: Int, occurrence: Int) -> String {
        occurrence == 1 ? "fnref\(number)" : "fnref\(number)-\(occurrence)"
    }

    /// The links from a footnote back to each of its references: `↩` for the first (as
    /// cmark-gfm writes it), `↩²`-like for the others, each named for screen readers.
    static func backReferencesHTML(number: Int, references: Int) -> String {
        (1...max(references, 1)).map { occurrence in
            let id = referenceID(number: number, occurrence: occurrence)
            let mark = occurrence == 1 ? "↩" : "↩<sup>\(occurrence)</sup>"
            return "<a href=\"#\(id)\" class=\"footnote-backref\" aria-label=\"Back to reference \(number)\(occurrence == 1 ? "" : "-\(occurrence)")\">\(mark)</a>"
        }.joined(separator: " ")
    }
}

extension Compilation {
    // MARK: - Before the pass

    /// Finds the page's footnote definitions and takes their blocks out of the page: returns
    /// the page without them. When cmark read one as a link reference definition (a one-word
    /// definition, which makes its references links) or as the middle of a paragraph (a
    /// definition may interrupt one), the page is parsed again with their lines blanked (same
    /// offsets, so every other position holds).
    mutating func planFootnotes(in root: Node) -> Node {
        guard !prefilter.footnotes.isEmpty, source.holds(SideDocument.definitionMarker) else { return root }
        let lines = topLevelLines(of: root)
        let (definitions, needsParse) = footnoteDefinitions(lines)
        guard !definitions.isEmpty else { return root }
        footnotes.definitions = definitions
        for (index, definition) in definitions.enumerated() where footnotes.byKey[definition.key] == nil {
            footnotes.byKey[definition.key] = index
        }
        guard needsParse else {
            // Each block that starts on a definition's line is part of it.
            var extents = definitions.map(\.pageLines)[...]
            var child = cmark_node_first_child(root)
            while let block = child, let extent = extents.first {
                child = cmark_node_next(block)
                let line = Int(cmark_node_get_start_line(block))
                if line > extent.upperBound {
                    extents.removeFirst()
                    child = block
                } else if line >= extent.lowerBound {
                    cmark_node_free(block)
                }
            }
            return root
        }
        var blanked = source.bytes
        for definition in definitions {
            for line in definition.pageLines {
                for offset in source.bounds(ofLine: line) { blanked[offset] = UInt8(ascii: " ") }
            }
        }
        guard let reparsed = parse(blanked) else { return root }
        if !usesArena { cmark_node_free(root) }
        return reparsed
    }

    /// What each line of the page is to cmark at the top level (from 1): the number of the
    /// top-level paragraph it is in (from 1), `uncovered` for none (a blank line, a link
    /// reference definition), `literal` for a line of code or HTML, `otherBlock` for a line
    /// of any other block.
    func topLevelLines(of root: Node) -> [Int32] {
        let lineCount = source.lineStarts.count
        var kinds = [Int32](repeating: TopLevelLine.uncovered, count: lineCount + 1)
        var paragraph: Int32 = 0
        var child = cmark_node_first_child(root)
        while let block = child {
            let first = max(1, Int(cmark_node_get_start_line(block))), last = min(lineCount, Int(cmark_node_get_end_line(block)))
            let type = cmark_node_get_type(block)
            paragraph += 1
            let kind = type == CMARK_NODE_PARAGRAPH ? paragraph
                : type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ? TopLevelLine.literal : TopLevelLine.otherBlock
            if first <= last { for line in first...last { kinds[line] = kind } }
            child = cmark_node_next(block)
        }
        return kinds
    }

    /// The definitions written at the page's top level: on a line cmark read as part of a
    /// top-level paragraph (a definition may interrupt one, as in cmark-gfm) or as nothing (a
    /// link reference definition), never in code, HTML, a list or a quote; and whether the
    /// page must be parsed again without them (one is not where a paragraph starts, or may be
    /// a link reference definition).
    func footnoteDefinitions(_ paragraphOf: [Int32]) -> (definitions: [Footnotes.Definition], needsParse: Bool) {
        let lineCount = source.lineStarts.count
        var needsParse = false
        // The line each top-level paragraph starts on, by its number.
        var paragraphStarts = [Int](repeating: 0, count: Int(paragraphOf.max() ?? 0) + 1)
        for line in stride(from: lineCount, through: 1, by: -1) where paragraphOf[line] > 0 { paragraphStarts[Int(paragraphOf[line])] = line }
        let definitions = source.bytes.withUnsafeBufferPointer { bytes in
            var definitions: [Footnotes.Definition] = []
            var line = 1
            while line <= lineCount {
                guard paragraphOf[line] >= 0, let opening = definitionOpening(line, in: bytes) else {
                    line += 1
                    continue
                }
                let bounds = source.bounds(ofLine: line)
                // Definitions one under the other are one paragraph to CommonMark: one that does
                // not start a paragraph is taken out with it when the paragraph starts in the
                // definition before; in any other paragraph it is the part after a split.
                let paragraphStart = paragraphOf[line] > 0 ? paragraphStarts[Int(paragraphOf[line])] : line
                let isTakenOut = paragraphOf[line] > 0
                    && (paragraphStart == line || definitions.last.map { $0.pageLines.contains(paragraphStart) } == true)
                if !isTakenOut || Self.mayBeLinkDefinition(bytes[opening.text..<bounds.upperBound]) { needsParse = true }
                var lines = [opening.text..<bounds.upperBound]
                var last = line, next = line + 1, pendingBlank = false
                while next <= lineCount {
                    let text = source.bounds(ofLine: next)
                    var index = text.lowerBound, columns = 0
                    while index < text.upperBound, columns < 4, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
                        columns += bytes[index] == UInt8(ascii: "\t") ? 4 - columns % 4 : 1
                        index += 1
                    }
                    let isBlank = bytes[index..<text.upperBound].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                    if isBlank {
                        pendingBlank = true
                        next += 1
                        continue
                    }
                    let isLazy = !pendingBlank && columns < 4 && paragraphOf[next] > 0 && paragraphOf[next] == paragraphOf[last]
                        && definitionOpening(next, in: bytes) == nil
                    guard columns >= 4 || isLazy else { break }
                    // Blank lines between its blocks are lines of it.
                    while last + 1 < next {
                        last += 1
                        let blank = source.bounds(ofLine: last)
                        lines.append(blank.upperBound..<blank.upperBound)
                    }
                    lines.append((isLazy ? text.lowerBound : index)..<text.upperBound)
                    last = next
                    pendingBlank = false
                    next += 1
                }
                definitions.append(Footnotes.Definition(label: String(decoding: bytes[opening.label], as: UTF8.self),
                                                        key: Footnotes.key(bytes[opening.label]),
                                                        span: source.span(from: opening.label.lowerBound - 2, to: opening.label.upperBound + 2),
                                                        lines: lines, pageLines: line...last))
                line = last + 1
            }
            return definitions
        }
        return (definitions, needsParse)
    }

    /// Whether the text after `[^label]:` may make the line a link reference definition to
    /// CommonMark: nothing (the destination may be on the next line), or one word and perhaps
    /// a title.
    static func mayBeLinkDefinition(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let space = text.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { return true }
        let rest = text[space...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = rest.first else { return true }
        return first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") || first == UInt8(ascii: "(")
    }

    /// `[^label]:` opening line `line` after at most three spaces: the label's range and where
    /// the text after it (and its white space) starts.
    func definitionOpening(_ line: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (label: Range<Int>, text: Int)? {
        let bounds = source.bounds(ofLine: line)
        var index = bounds.lowerBound
        while index < bounds.upperBound, index - bounds.lowerBound < 3, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard let end = Footnotes.referenceEnd(at: index, limit: bounds.upperBound, in: bytes),
              end < bounds.upperBound, bytes[end] == UInt8(ascii: ":") else { return nil }
        var text = end + 1
        while text < bounds.upperBound, bytes[text] == UInt8(ascii: " ") || bytes[text] == UInt8(ascii: "\t") { text += 1 }
        return ((index + 2)..<(end - 1), text)
    }

    // MARK: - In the pass

    /// Makes each `[^label]` of the block that names a definition a numbered reference, and
    /// reports those that name none. A reference is one the source spells, not an escape or an
    /// entity: the text's are matched in turn with the source's, label for label.
    mutating func linkFootnoteReferences(in block: Node) {
        let range = blockRange(block)
        let (logical, pieces) = logicalText(of: block, capacity: range.count)
        let inText = logical.withUnsafeBufferPointer { Footnotes.references(inText: $0) }
        guard !inText.isEmpty else { return }
        let written = source.bytes.withUnsafeBufferPointer { Footnotes.references(inSource: $0, range: range) }
        let keys = inText.map { Footnotes.key(logical[($0.lowerBound + 2)..<($0.upperBound - 1)]) }
        // The source's spellings of each label, in order, paired in turn with the text's: an
        // escaped one is read as text. When a label's counts differ (an entity spells one),
        // its references are left as text, since which is which cannot be told. (When the
        // source spells each of the text's in order, as it nearly always does, they pair as
        // they stand.)
        let pairs: [Footnotes.Written?]
        if written.count == inText.count, zip(written, keys).allSatisfy({ Footnotes.key(source.bytes[$0.label]) == $1 }) {
            pairs = written
        } else {
            var writtenByKey: [String: [Footnotes.Written]] = [:]
            for reference in written {
                writtenByKey[Footnotes.key(source.bytes[reference.label]), default: []].append(reference)
            }
            var textCount: [String: Int] = [:]
            for key in keys { textCount[key, default: 0] += 1 }
            var taken: [String: Int] = [:]
            pairs = keys.map { key in
                guard let sources = writtenByKey[key], sources.count == textCount[key] else { return nil }
                taken[key, default: 0] += 1
                return sources[taken[key, default: 1] - 1]
            }
        }
        var made: [(range: Range<Int>, definition: Int)] = []
        for ((reference, key), pair) in zip(zip(inText, keys), pairs) {
            guard let written = pair, !written.isEscaped else { continue }
            let at = written.range
            guard let definition = footnotes.byKey[key] else {
                let label = String(decoding: logical[(reference.lowerBound + 2)..<(reference.upperBound - 1)], as: UTF8.self)
                report(.unknownFootnote, "no footnote is defined for [^\(label)]; a definition is a line `[^\(label)]: text` at the page's top level",
                       at: source.span(from: at.lowerBound, to: at.upperBound))
                continue
            }
            made.append((reference, definition))
        }
        // Numbered in order, replaced last first (the offsets of earlier ones in shared text
        // nodes stay valid).
        var markup: [(range: Range<Int>, html: String)] = []
        for (range, definition) in made {
            if footnotes.definitions[definition].number == nil {
                footnotes.numbered.append(definition)
                footnotes.definitions[definition].number = footnotes.numbered.count
            }
            footnotes.definitions[definition].references += 1
            let number = footnotes.definitions[definition].number ?? 0, occurrence = footnotes.definitions[definition].references
            found.markupAnchors.append(Footnotes.referenceID(number: number, occurrence: occurrence))
            markup.append((range, Footnotes.referenceHTML(number: number, occurrence: occurrence)))
        }
        for (range, html) in markup.reversed() {
            _ = replace(range, in: pieces) { compilation in
                guard let node = compilation.newNode(CMARK_NODE_CUSTOM_INLINE) else { return nil }
                if compilation.options.renderHTML { cmark_node_set_on_enter(node, html) }
                return node
            }
        }
    }

    /// Reads the blocks of the footnotes referred to, in number order: a footnote may refer to
    /// another, which is numbered then and read in its turn.
    mutating func readFootnotes() {
        var next = 0
        while next < footnotes.numbered.count {
            let definition = footnotes.numbered[next]
            found.markupAnchors.append("fn\(next + 1)")
            if options.pythonMarkdownIDs { found.markupAnchors.append("fn:" + footnotes.definitions[definition].label) }
            if let quote = footnotes.definitions[definition].quote { readBlocks(of: quote) }
            next += 1
        }
    }

    /// A definition nothing refers to, or a second one of a label, is reported where it is.
    mutating func reportUnusedFootnotes() {
        for (index, definition) in footnotes.definitions.enumerated() where definition.number == nil {
            if let first = footnotes.byKey[definition.key], first != index {
                report(.unusedFootnote, "footnote [^\(definition.label)] is defined again; the first definition, on line "
                       + "\(footnotes.definitions[first].span.line), is the one shown", at: definition.span)
            } else {
                report(.unusedFootnote, "footnote [^\(definition.label)] is defined but never referred to, and is left out of the page",
                       at: definition.span)
            }
        }
    }

    /// The list of footnotes at the page's end, as cmark-gfm writes it: a `section` of an `ol`,
    /// an `li` with each footnote's blocks and its links back, in its last paragraph when it
    /// ends with one.
    mutating func appendFootnotes(to root: Node) {
        guard !footnotes.numbered.isEmpty, let section = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(section, "<section class=\"footnotes\">\n<ol>")
        cmark_node_set_on_exit(section, "</ol>\n</section>")
        for (offset, index) in footnotes.numbered.enumerated() {
            let definition = footnotes.definitions[index], number = offset + 1
            guard let item = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
            var open = Markup(.text("<li id=\"fn"), .number(number), .text("\">"))
            if options.pythonMarkdownIDs { open = Markup(.text("<li id=\"fn"), .number(number), .text("\"><span id=\"fn:"), .html(definition.label), .text("\"></span>")) }
            open.setOnEnter(of: item)
            cmark_node_set_on_exit(item, "</li>")
            if let quote = definition.quote {
                while let child = cmark_node_first_child(quote), cmark_node_append_child(item, child) == 1 {}
            }
            let links = Footnotes.backReferencesHTML(number: number, references: definition.references)
            if let last = cmark_node_last_child(item), cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH,
               let space = newNode(CMARK_NODE_TEXT), let back = newNode(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_literal(space, " ")
                cmark_node_set_on_enter(back, links)
                cmark_node_append_child(last, space)
                cmark_node_append_child(last, back)
            } else if let back = newNode(CMARK_NODE_CUSTOM_BLOCK) {
                cmark_node_set_on_enter(back, links)
                cmark_node_append_child(item, back)
            }
            cmark_node_append_child(section, item)
        }
        cmark_node_append_child(root, section)
    }
}
