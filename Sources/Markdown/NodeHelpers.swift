import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cmark node. (`cmark_node_free` and cmark's calls that place a node take it out of where
/// it was first: none needs a `cmark_node_unlink` before it.)
typealias Node = OpaquePointer

/// Reading and changing cmark's nodes, for the pass and every syntax: walking, positions in
/// the source, text, literals, new nodes in the page's arena.
extension Compilation {
    // MARK: - Walking

    /// The node after `node` and everything inside it, climbing out of finished parents, up to
    /// `container` (nil at its end).
    static func nextInDocument(after node: Node, within container: Node) -> Node? {
        var climb: Node? = node
        while let up = climb, up != container {
            if let next = cmark_node_next(up) { return next }
            climb = cmark_node_parent(up)
        }
        return nil
    }

    /// Visits the inline descendants of `block` in document order without recursion (emphasis
    /// may nest arbitrarily deep). `visit` returns whether to descend into the node.
    func walkInlines(of block: Node, _ visit: (Node) -> Bool) {
        var node = cmark_node_first_child(block)
        while let current = node {
            if visit(current), let child = cmark_node_first_child(current) {
                node = child
                continue
            }
            node = Self.nextInDocument(after: current, within: block)
        }
    }

    static func isLineBreak(_ node: Node) -> Bool {
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
    }

    // MARK: - Positions

    /// The offset in the source where cmark says `node` starts (exact for blocks; an inline's
    /// may name the wrong line, see `writtenAt`). A node of a table's cell was parsed from a
    /// document whose lines come after the page's: its place is mapped back (`SideLineMap`).
    func startOffset(_ node: Node) -> Int? {
        offset(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }

    /// The source offset of one of cmark's positions.
    func offset(line: Int, column: Int) -> Int? {
        guard line > 0, column > 0 else { return nil }
        guard line <= source.lineStarts.count else { return side.lines.offset(line: line, column: column) }
        return source.lineStarts[line - 1] + column - 1
    }

    /// Where cmark places `node`, when the source holds `text` there.
    func writtenAt(_ node: Node, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = startOffset(node), start + text.count <= source.bytes.count, source.bytes[start..<(start + text.count)].elementsEqual(text) else { return nil }
        return start
    }

    func blockSpan(_ node: Node) -> SourceSpan {
        let line = Int(cmark_node_get_start_line(node))
        if line > source.lineStarts.count, let range = side.lines.range(lines: line, line) {
            return source.span(from: range.lowerBound, to: range.upperBound)
        }
        return source.span(line: line, byteColumn: Int(cmark_node_get_start_column(node)))
    }

    func blockRange(_ node: Node) -> Range<Int> {
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        if first > source.lineStarts.count, let range = side.lines.range(lines: first, last) { return range }
        return source.range(lines: first, last)
    }

    // MARK: - Text

    /// The first byte of the block's text, when the block opens with text (cmark's, with
    /// escapes and entities read).
    func leadingTextByte(of block: Node) -> UInt8? {
        guard let first = cmark_node_first_child(block), cmark_node_get_type(first) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(first) else { return nil }
        return UInt8(bitPattern: pointer.pointee)
    }

    /// The first byte of the block as written in the source.
    func leadingSourceByte(of block: Node) -> UInt8? {
        guard let start = startOffset(block), start < source.bytes.count else { return nil }
        return source.bytes[start]
    }

    func literal(of node: Node) -> String {
        guard let pointer = cmark_node_get_literal(node) else { return "" }
        return String(cString: pointer)
    }

    /// The text a reader sees in `block`: text and code, breaks as spaces; with `trimmed`,
    /// without white space at either end. With `showingReferences`, each reference found in
    /// the block reads as the title it names; else it is left out (a heading's id does not
    /// change with the titles it refers to).
    func plainText(of block: Node, trimmed: Bool = false, showingReferences: Bool = false) -> String {
        // Collected as bytes: joining a String per node cost more than cmark's parse.
        var bytes: [UInt8] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let pointer = cmark_node_get_literal(node) {
                    bytes.append(contentsOf: Self.bytes(of: pointer))
                }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                bytes.append(UInt8(ascii: " "))
            } else if showingReferences, type == CMARK_NODE_CUSTOM_INLINE, let reference = Self.reference(standingAs: node) {
                bytes.append(contentsOf: (found.references[reference].shownText ?? found.references[reference].name).utf8)
            }
            return true
        }
        return trimmed ? String(trimmingWhitespaceOf: bytes) : String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Literals

    /// A node's literal as typed bytes: appending those to an array is one copy, where a raw
    /// buffer was appended byte by byte.
    static func bytes(of literal: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
    }

    /// The literal of a node that has none.
    static var emptyLiteral: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// The C string from byte `offset` of a C string's bytes to its end.
    static func tail(of text: UnsafeBufferPointer<UInt8>, from offset: Int) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
    }

    /// Sets a node's literal to the first `prefix` bytes of `text` (its literal until now).
    static func setLiteral(of node: Node, to text: UnsafeBufferPointer<UInt8>, prefix: Int) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: prefix + 1) { buffer in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: text.baseAddress!, byteCount: prefix)
            buffer[prefix] = 0
            cmark_node_set_literal(node, buffer.baseAddress!)
        }
    }

    /// Takes the first `count` bytes of the paragraph's text away (a marker cmark may have cut
    /// into several text nodes), leaving the inlines after them as they are; returns how many
    /// were not text (the white space that ends a line is a break, not text).
    @discardableResult
    func dropLeadingText(of paragraph: Node, bytes count: Int) -> Int {
        var toDrop = count
        while toDrop > 0, let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT {
            let text = Self.bytes(of: cmark_node_get_literal(first) ?? Self.emptyLiteral)
            if text.count > toDrop {
                cmark_node_set_literal(first, Self.tail(of: text, from: toDrop))
                toDrop = 0
            } else {
                toDrop -= text.count
                cmark_node_free(first)
            }
        }
        return toDrop
    }

    // MARK: - New nodes

    /// A node in the page's arena.
    func newNode(_ type: cmark_node_type) -> Node? {
        cmark_node_new_with_mem(type, memory)
    }

    /// Gives `node` the markup of a pair of the theme's pieces: `open` before its content,
    /// `close` after.
    func setMarkup(of node: Node, _ open: MarkupTemplates.Piece, _ close: MarkupTemplates.Piece, _ values: MarkupValues) {
        var before = Markup(options.markup[open], values)
        before.setOnEnter(of: node)
        var after = Markup(options.markup[close], values)
        after.setOnExit(of: node)
    }

    /// Puts `replacement` where `node` is, `node`'s children into `container` (the
    /// replacement or a node inside it), and frees `node`.
    static func replace(_ node: Node, with replacement: Node, movingChildrenTo container: Node) {
        while let child = cmark_node_first_child(node) {
            cmark_node_append_child(container, child)
        }
        cmark_node_insert_before(node, replacement)
        cmark_node_free(node)
    }
}
