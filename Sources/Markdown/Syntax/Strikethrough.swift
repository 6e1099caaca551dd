import CCmark

/// GFM's strikethrough, `~~text~~` and `~text~`, as cmark-gfm reads it: a run of one or two
/// `~` is a delimiter (a longer run is text), it opens when left-flanking and closes when
/// right-flanking (the rules of `*`), and a closer takes the nearest opener before it only
/// when both runs are as long. Delimiters are found in a block's text nodes (code, raw HTML
/// and autolinks hold none; an escaped `\~` or `&#126;` is text); the pair and what is
/// between them become one `<del>`. cmark has made emphasis already: a pair stands in one
/// parent (emphasis, a link's text or the block), and one that would cross an emphasis's edge
/// stays text.
enum Strikethrough: InlineSyntax {
    static let startBytes: ByteSet = "~"

    /// One run of `~` that may open or close: its text node, where it is in the node's
    /// literal, how long it is.
    struct Delimiter {
        var node: Node
        var parent: Node?
        var offset: Int
        var length: Int
        var canOpen: Bool
        var canClose: Bool
    }

    /// The pairs (indexes into `delimiters`, opener then closer) in the order they close, an
    /// inner pair before the one around it. Linear: an opener is the top of a stack, a closer
    /// that does not match it is passed over (and opens, if it can).
    static func pairs(of delimiters: [Delimiter]) -> [(opener: Int, closer: Int)] {
        var openers: [Int] = []
        var pairs: [(opener: Int, closer: Int)] = []
        for (index, delimiter) in delimiters.enumerated() {
            if delimiter.canClose, let top = openers.last {
                let opener = delimiters[top]
                if opener.length == delimiter.length, opener.parent == delimiter.parent {
                    openers.removeLast()
                    pairs.append((top, index))
                    continue
                }
            }
            if delimiter.canOpen { openers.append(index) }
        }
        return pairs
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The length of a numeric character reference to `~` at `start` (`&#126;`, `&#x7E;`).
    static func tildeEntityLength(in bytes: [UInt8], at start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "#") else { return nil }
        index += 1
        var hex = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "x") { hex = true; index += 1 }
        var value = 0, digits = 0
        while index < bytes.count, digits < 8 {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * (hex ? 16 : 10) + Int(byte - UInt8(ascii: "0"))
            } else if hex, (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f") {
                value = value * 16 + Int((byte | 0x20) - UInt8(ascii: "a") + 10)
            } else {
                break
            }
            digits += 1
            index += 1
        }
        guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ";"), value == 0x7E else { return nil }
        return index + 1 - start
    }

    /// What a character beside a delimiter is, for the flanking rules.
    enum Neighbour { case space, punctuation, other }

    static func neighbour(_ scalar: Unicode.Scalar) -> Neighbour {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            if byte == 0x20 || (0x09...0x0D).contains(byte) { return .space }
            return isASCIIPunctuation(byte) ? .punctuation : .other
        }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return .space
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return .punctuation
        default: return .other
        }
    }

    /// The last scalar of `bytes[..<end]` (UTF-8), if any.
    static func scalar(before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard end > 0 else { return nil }
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80, end - start < 4 { start -= 1 }
        return scalar(at: start, in: bytes, end: end)
    }

    /// The scalar starting at `start`, if any.
    static func scalar(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, end: Int? = nil) -> Unicode.Scalar? {
        guard start < bytes.count else { return nil }
        var iterator = UnsafeBufferPointer(rebasing: bytes[start..<(end ?? min(bytes.count, start + 4))]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    /// Left- and right-flanking, as CommonMark defines them for a run between `before` and
    /// `after`.
    static func flanking(before: Neighbour, after: Neighbour) -> (left: Bool, right: Bool) {
        let left = after != .space && (after != .punctuation || before != .other)
        let right = before != .space && (before != .punctuation || after != .other)
        return (left, right)
    }
}

extension Compilation {
    /// What stands beside a text node on one side: a break is white space, the edge of the
    /// block too; the edge of an emphasis or link, code or any other node is read as the
    /// punctuation that writes it.
    func neighbour(of node: Node, after: Bool) -> Strikethrough.Neighbour {
        guard let sibling = after ? cmark_node_next(node) : cmark_node_previous(node) else {
            guard let parent = cmark_node_parent(node) else { return .space }
            let type = cmark_node_get_type(parent)
            return type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE
                || type == CMARK_NODE_CUSTOM_INLINE ? .punctuation : .space
        }
        let type = cmark_node_get_type(sibling)
        if Self.isLineBreak(sibling) { return .space }
        guard type == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(sibling) else { return .punctuation }
        let text = Self.bytes(of: pointer)
        let scalar = after ? Strikethrough.scalar(at: 0, in: text) : Strikethrough.scalar(before: text.count, in: text)
        return scalar.map(Strikethrough.neighbour) ?? .space
    }

    /// Which of a text node's `~`s, in order, were written as themselves, not as `\~` or an
    /// entity (`&#126;`): cmark has joined the escapes into the text. A text node stands on one
    /// line from where cmark places it; the source is read from there, token by token, until
    /// as many tildes were met. Nil when every tilde is written as itself, or when the source
    /// there does not read as the node (then none is taken for an escape).
    func writtenTildes(of node: Node, count: Int) -> [Bool]? {
        guard let start = startOffset(node) else { return nil }
        let bytes = source.bytes
        var written: [Bool] = []
        written.reserveCapacity(count)
        var index = start, escaped = false
        while written.count < count, index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, Strikethrough.isASCIIPunctuation(bytes[index + 1]) {
                if bytes[index + 1] == UInt8(ascii: "~") { written.append(false); escaped = true }
                index += 2
            } else if byte == UInt8(ascii: "&"), let length = Strikethrough.tildeEntityLength(in: bytes, at: index) {
                written.append(false)
                escaped = true
                index += length
            } else if byte == UInt8(ascii: "\n") {
                return nil
            } else {
                if byte == UInt8(ascii: "~") { written.append(true) }
                index += 1
            }
        }
        return escaped && written.count == count ? written : nil
    }

    /// Makes each pair of the block's `~` delimiters a `<del>` around what is between them.
    mutating func strikeThrough(in block: Node) {
        var delimiters: [Strikethrough.Delimiter] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT {
                guard let pointer = cmark_node_get_literal(node) else { return false }
                let text = Self.bytes(of: pointer)
                guard text.contains(UInt8(ascii: "~")) else { return false }
                let parent = cmark_node_parent(node)
                let written = writtenTildes(of: node, count: text.reduce(0) { $0 + ($1 == UInt8(ascii: "~") ? 1 : 0) })
                var tilde = 0
                func isDelimiter(_ at: Int) -> Bool {
                    guard text[at] == UInt8(ascii: "~") else { return false }
                    defer { tilde += 1 }
                    return written?[tilde] ?? true
                }
                var index = 0
                while index < text.count {
                    guard isDelimiter(index) else { index += 1; continue }
                    var end = index + 1
                    while end < text.count, text[end] == UInt8(ascii: "~") {
                        guard written?[tilde] ?? true else { break }
                        tilde += 1
                        end += 1
                    }
                    if end - index <= 2 {
                        let before = Strikethrough.scalar(before: index, in: text).map(Strikethrough.neighbour) ?? neighbour(of: node, after: false)
                        let after = Strikethrough.scalar(at: end, in: text).map(Strikethrough.neighbour) ?? neighbour(of: node, after: true)
                        let flanking = Strikethrough.flanking(before: before, after: after)
                        if flanking.left || flanking.right {
                            delimiters.append(.init(node: node, parent: parent, offset: index, length: end - index,
                                                    canOpen: flanking.left, canClose: flanking.right))
                        }
                    }
                    index = end
                }
                return false
            }
            // Emphasis and a link's text may hold a pair of their own; code, raw HTML, an
            // image's description and the compiler's own nodes hold none.
            return type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK
        }
        let pairs = Strikethrough.pairs(of: delimiters)
        guard !pairs.isEmpty else { return }

        // Each text node that holds a paired delimiter is cut into text and delimiter nodes.
        var paired = [Bool](repeating: false, count: delimiters.count)
        for pair in pairs {
            paired[pair.opener] = true
            paired[pair.closer] = true
        }
        var delimiterNodes = [Node?](repeating: nil, count: delimiters.count)
        var index = 0
        while index < delimiters.count {
            let node = delimiters[index].node
            var last = index
            while last + 1 < delimiters.count, delimiters[last + 1].node == node { last += 1 }
            if (index...last).contains(where: { paired[$0] }) {
                let text = Array(Self.bytes(of: cmark_node_get_literal(node) ?? Self.emptyLiteral))
                var cursor = 0
                func insertText(_ bytes: ArraySlice<UInt8>) -> Node? {
                    guard !bytes.isEmpty, let piece = newNode(CMARK_NODE_TEXT) else { return nil }
                    var chars = Array(bytes)
                    chars.append(0)
                    chars.withUnsafeBufferPointer { buffer in
                        buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(piece, $0.baseAddress!) }
                    }
                    cmark_node_insert_before(node, piece)
                    return piece
                }
                for current in index...last where paired[current] {
                    let delimiter = delimiters[current]
                    _ = insertText(text[cursor..<delimiter.offset])
                    delimiterNodes[current] = insertText(text[delimiter.offset..<(delimiter.offset + delimiter.length)])
                    cursor = delimiter.offset + delimiter.length
                }
                _ = insertText(text[cursor...])
                cmark_node_free(node)
            }
            index = last + 1
        }
        // Inner pairs first: each is a sibling of its parent pair's content by then.
        for pair in pairs {
            guard let opener = delimiterNodes[pair.opener], let closer = delimiterNodes[pair.closer],
                  let struck = newNode(CMARK_NODE_CUSTOM_INLINE) else { continue }
            cmark_node_set_on_enter(struck, "<del>")
            cmark_node_set_on_exit(struck, "</del>")
            cmark_node_insert_before(opener, struck)
            while let inner = cmark_node_next(struck), inner != closer {
                cmark_node_append_child(struck, inner)
            }
            cmark_node_free(opener)
            cmark_node_free(closer)
        }
    }
}
