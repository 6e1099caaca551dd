import CCmark

/// Docusaurus admonitions, `:::tip` … `:::`: asides as callouts are. A fence is a line of its
/// own, or (without blank lines around it) a line of the paragraph it opens or closes; its
/// colons may be entities (`&#58;`), which cmark's text reads as colons.
struct Admonitions: InlineSyntax {
    static let startBytes: ByteSet = ":&"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: ":"), then: ":", ":")

    typealias Found = (open: Node, close: Node?, fence: AdmonitionFence)

    /// The admonitions found, innermost first, made into asides with the callouts; `close` is
    /// nil when no fence closes one (it holds the rest of its container).
    var found: [Found] = []
    /// Opening fences not closed yet, in the order they were read, with their containers.
    var open: [(node: Node, parent: Node?, fence: AdmonitionFence)] = []
    /// Paragraphs that open or close an admonition: never the page's summary.
    var fenceParagraphs: [Node] = []

    /// The fences opened from `index` on hold the rest of their containers, as Docusaurus
    /// reads a fence no line closes.
    mutating func closeOpenFences(from index: Int = 0) {
        found += open[index...].reversed().map { ($0.node, nil, $0.fence) }
        open.removeSubrange(index...)
    }
}

extension Compilation {
    /// Notes a paragraph that opens an admonition (its first line `:::tip …`, as written, not
    /// escaped) or closes one (its last line only colons, as many as the opening's or more,
    /// in the same container). Without blank lines around them, cmark reads fences and text
    /// as one paragraph: a fence is a line of it.
    mutating func noteAdmonitionFences(of paragraph: Node) {
        let parent = cmark_node_parent(paragraph)
        var isFence = false
        if let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(first), pointer.pointee == CChar(UInt8(ascii: ":")),
           let start = startOffset(paragraph), start < source.bytes.count, source.bytes[start] == UInt8(ascii: ":"),
           let fence = AdmonitionFence(opening: Self.bytes(of: pointer)) {
            admonitions.open.append((paragraph, parent, fence))
            isFence = true
        }
        if let last = cmark_node_last_child(paragraph), cmark_node_get_type(last) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(last), pointer.pointee == CChar(UInt8(ascii: ":")),
           let colons = AdmonitionFence.closingColons(Self.bytes(of: pointer)),
           cmark_node_previous(last).map({ Self.isLineBreak($0) }) ?? true,
           let index = admonitions.open.lastIndex(where: { $0.parent == parent }), admonitions.open[index].fence.colons <= colons {
            // Fences opened further in (in a list item that has ended) hold the rest of theirs.
            admonitions.closeOpenFences(from: index + 1)
            admonitions.found.append((admonitions.open[index].node, paragraph, admonitions.open[index].fence))
            admonitions.open.removeSubrange(index...)
            isFence = true
        }
        if isFence { admonitions.fenceParagraphs.append(paragraph) }
    }

    mutating func makeAdmonitions() {
        for admonition in admonitions.found { makeAdmonition(admonition) }
    }

    /// Makes the blocks from an admonition's opening fence to its closing one an aside, as a
    /// callout is made: the title in a paragraph of its own, the fences' lines gone.
    mutating func makeAdmonition(_ admonition: Admonitions.Found) {
        let (open, close, fence) = admonition
        guard let aside = calloutBlock(type: fence.type, fold: nil), let titleParagraph = newNode(CMARK_NODE_PARAGRAPH) else { return }
        // The closing line first: in `:::note⏎text⏎:::` both fences are lines of one paragraph.
        if let close, let last = cmark_node_last_child(close) {
            let before = cmark_node_previous(last)
            cmark_node_free(last)
            if let before, Self.isLineBreak(before) { cmark_node_free(before) }
        }
        guard let title = takeTitle(from: open, markerLength: fence.markerLength, bracketed: fence.bracketedTitle,
                                    defaultTitle: Callout.title(ofType: fence.type)) else { return }
        Self.dropLeadingBreak(of: open)
        markTitle(title, type: fence.type, folds: false)
        cmark_node_append_child(titleParagraph, title)
        cmark_node_insert_before(open, aside)
        cmark_node_append_child(aside, titleParagraph)
        // The blocks between, and what the fences' paragraphs hold besides their fences.
        var node: Node? = open
        while let current = node {
            let next = cmark_node_next(current)
            if (current == open || current == close) && cmark_node_first_child(current) == nil {
                cmark_node_free(current)
            } else {
                cmark_node_append_child(aside, current)
            }
            if current == close { break }
            node = next
        }
    }
}

/// The opening fence of a Docusaurus admonition, `:::tip`, `:::tip Title` or `:::tip[Title]`,
/// read from the first text of a paragraph. The admonition holds the blocks up to a line of
/// as many colons or more (`:::`), or, when none closes it, the rest of its container.
struct AdmonitionFence: Hashable {
    /// Lowercase letters, digits, `-` and `_`, the first a letter (`callout-tip`).
    var type: String
    var colons: Int
    /// The bytes of `:::tip`, and of the `[` that opens a title written in brackets.
    var markerLength: Int
    /// The title is written `[Title]`: its `]` goes too.
    var bracketedTitle: Bool

    init?(opening text: UnsafeBufferPointer<UInt8>) {
        var end = 0
        while end < text.count, text[end] == UInt8(ascii: ":") { end += 1 }
        guard end >= 3, end < text.count else { return nil }
        colons = end
        var type: [UInt8] = []
        while end < text.count {
            let byte = text[end]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            let isLetter = lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")
            guard isLetter || (!type.isEmpty && ((lowered >= UInt8(ascii: "0") && lowered <= UInt8(ascii: "9"))
                                                 || lowered == UInt8(ascii: "-") || lowered == UInt8(ascii: "_"))) else { break }
            type.append(lowered)
            end += 1
        }
        guard !type.isEmpty else { return nil }
        bracketedTitle = end < text.count && text[end] == UInt8(ascii: "[")
        guard end == text.count || bracketedTitle || text[end] == UInt8(ascii: " ") || text[end] == UInt8(ascii: "\t") else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        markerLength = bracketedTitle ? end + 1 : end
    }

    /// How many colons a closing line (`:::`, only colons, three or more) has, or nil.
    static func closingColons(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard text.count >= 3, text.allSatisfy({ $0 == UInt8(ascii: ":") }) else { return nil }
        return text.count
    }
}
