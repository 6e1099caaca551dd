import CCmark

/// A reference, wikilink or embed found in a block, to be made a link: where it is in the
/// block's logical text, its slot, its index in the page's references, and an embedded
/// image's `|300x200`.
struct MentionLink {
    var range: Range<Int>
    var slot: Int
    var reference: Int
    var size: EmbeddedFile.Size? = nil
}

/// `[see: …]`, `[[…]]` and `![[…]]` are found in one walk of a block's text, the logical
/// text: what its text nodes say, a break as `\n`, and a 0 for every other node (code, raw
/// HTML, links and images never hold one). Each becomes a link placeholder in place of the
/// nodes that spell it, even when a line break or emphasis splits it over several.
extension Compilation {
    /// A text node or a break of the block, and where its text starts in the logical text.
    struct Piece {
        var node: Node
        var start: Int
    }

    mutating func linkMentions(in block: Node) {
        let range = blockRange(block)
        var mentionsInLinks: [Int] = []
        let (logical, pieces) = logicalText(of: block, capacity: range.count) { link, offset in
            // A `[see:` in a link's text cannot become a link of its own: it is reported, and
            // keeps its place among the block's mentions, which the source lists in order.
            for _ in 0..<SeeReferences.mentionCount(inTextOf: link) { mentionsInLinks.append(offset) }
        }
        var wikilinks: [Wikilinks.Mention] = []
        let references = logical.withUnsafeBufferPointer { SeeReferences.mentions(in: $0, wikilinks: &wikilinks) }
        guard !references.isEmpty || !mentionsInLinks.isEmpty || !wikilinks.isEmpty else { return }

        var made: [MentionLink] = []
        makeSeeReferences(references, inLinks: mentionsInLinks, of: block, range: range, logical: logical, into: &made)
        if !wikilinks.isEmpty {
            makeWikilinks(wikilinks, of: block, range: range, logical: logical, into: &made)
            made.sort { $0.range.lowerBound < $1.range.lowerBound }
        }
        // Last first, so the offsets of earlier mentions in shared text nodes stay valid.
        for link in made.reversed() where !replace(link, in: pieces) {
            found.references[link.reference].slot = nil
        }
    }

    /// The block's logical text (see above) and its pieces; `meetingLink` is told of each link
    /// or image and where its 0 stands.
    func logicalText(of block: Node, capacity: Int, meetingLink: (Node, Int) -> Void = { _, _ in }) -> (logical: [UInt8], pieces: [Piece]) {
        // The logical text is about as long as the block's source.
        var logical: [UInt8] = []
        logical.reserveCapacity(capacity)
        var pieces: [Piece] = []
        pieces.reserveCapacity(16)
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT {
                pieces.append(Piece(node: node, start: logical.count))
                if let pointer = cmark_node_get_literal(node) {
                    logical.append(contentsOf: Self.bytes(of: pointer))
                }
                return false
            }
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                pieces.append(Piece(node: node, start: logical.count))
                logical.append(UInt8(ascii: "\n"))
                return false
            }
            if type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG { return true }
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { meetingLink(node, logical.count) }
            logical.append(0)
            return false
        }
        return (logical, pieces)
    }

    /// Replaces the nodes that spell one mention with a link placeholder. Returns false when
    /// the mention crosses the edge of an emphasis, where no single link can stand.
    mutating func replace(_ mention: MentionLink, in pieces: [Piece]) -> Bool {
        replace(mention.range, in: pieces) { compilation in
            guard let link = compilation.newNode(CMARK_NODE_CUSTOM_INLINE) else { return nil }
            // Without HTML the nodes are still replaced: a heading's text leaves its references out.
            if compilation.options.renderHTML {
                var markup = compilation.linkMarkup(for: mention)
                markup.setOnEnter(of: link)
            }
            // The node knows which reference it stands for, so a paragraph's text can read it as
            // its title (`plainText`).
            cmark_node_set_user_data(link, UnsafeMutableRawPointer(bitPattern: mention.reference + 1))
            return link
        }
    }

    /// Replaces the nodes that spell `match` of the logical text with the node `make` makes.
    /// Returns false when the range crosses the edge of an emphasis, where no single node can
    /// stand.
    mutating func replace(_ match: Range<Int>, in pieces: [Piece], with make: (inout Compilation) -> Node?) -> Bool {
        guard let startIndex = Self.lastPiece(startingBy: match.lowerBound, in: pieces),
              let endIndex = Self.lastPiece(startingBy: match.upperBound - 1, in: pieces) else { return false }
        let startNode = pieces[startIndex].node, endNode = pieces[endIndex].node
        var between: [Node] = []
        if startNode != endNode {
            var cursor = cmark_node_next(startNode)
            while let node = cursor, node != endNode {
                between.append(node)
                cursor = cmark_node_next(node)
            }
            guard cursor == endNode else { return false }
        }
        guard let link = make(&self) else { return false }

        // The literals are cut as C strings: a tail is a pointer into the literal (cmark copies
        // what it is given before it frees the old text), a head a copy ended early.
        let startText = Self.bytes(of: cmark_node_get_literal(startNode) ?? Self.emptyLiteral)
        let startOffset = min(match.lowerBound - pieces[startIndex].start, startText.count)
        if startNode == endNode {
            let endOffset = min(match.upperBound - pieces[startIndex].start, startText.count)
            if endOffset < startText.count, let rest = newNode(CMARK_NODE_TEXT) {
                cmark_node_set_literal(rest, Self.tail(of: startText, from: endOffset))
                cmark_node_insert_after(startNode, rest)
            }
            Self.setLiteral(of: startNode, to: startText, prefix: startOffset)
            cmark_node_insert_after(startNode, link)
        } else {
            let endText = Self.bytes(of: cmark_node_get_literal(endNode) ?? Self.emptyLiteral)
            let endOffset = min(match.upperBound - pieces[endIndex].start, endText.count)
            Self.setLiteral(of: startNode, to: startText, prefix: startOffset)
            cmark_node_set_literal(endNode, Self.tail(of: endText, from: endOffset))
            for node in between {
                cmark_node_free(node)
            }
            cmark_node_insert_after(startNode, link)
        }
        return true
    }

    /// The last piece that starts at `offset` or before (a block may hold thousands of
    /// mentions: found by halving, not by a scan for each).
    static func lastPiece(startingBy offset: Int, in pieces: [Piece]) -> Int? {
        var low = 0, high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? low - 1 : nil
    }

    /// A reference shows its page's title, a wikilink what it is written to show, an embed
    /// its file; one that finds nothing shows its words as written.
    func linkMarkup(for mention: MentionLink) -> Markup {
        let slot = mention.slot
        let reference = found.references[mention.reference]
        if case .file(let name, let embedded, let shown) = reference.target {
            return .ifResolved(slot, Embeds.markup(embedded, name: name, shown: shown, slot: slot, size: mention.size, templates: options.markup),
                               otherwise: .html(shown.allSatisfy(\.isWhitespace) ? name : shown))
        }
        var values = MarkupValues()
        values.href = .placeholder(.href, slot: slot)
        values.title = .placeholder(.title, slot: slot)
        values.text = reference.shownText.map { .html($0) } ?? .placeholder(.title, slot: slot)
        return .ifResolved(slot, Markup(options.markup[.referenceLink], values), otherwise: .html(reference.shownText ?? reference.name))
    }

    /// The index in the page's references of the one `node` stands for, if it stands for one.
    static func reference(standingAs node: Node) -> Int? {
        cmark_node_get_user_data(node).map { Int(bitPattern: $0) - 1 }
    }
}
