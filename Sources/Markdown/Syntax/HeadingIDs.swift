import CCmark

/// Headings, each with an id: the one written after its text as kramdown, Pandoc, Hugo and
/// Docusaurus read it (`## Set-up {#setup}`), else a GitHub-style slug of its text. The `{`
/// may be an entity (`&#123;`), which cmark's text reads as one.
enum HeadingIDs: InlineSyntax {
    static let startBytes: ByteSet = "{&"

    /// A heading's own id, in its last text node: the id, and how many bytes of that node's
    /// literal stay when the ` {#…}` is taken out.
    struct CustomID {
        var id: String
        var node: Node
        var kept: Int
        var dropped: Int
    }
}

extension Compilation {
    /// Gives the heading its id and makes it a block whose markup carries the id. `mayHaveID`:
    /// the heading's source holds a start byte of `{#id}`.
    mutating func replaceHeading(_ heading: Node, mayHaveID: Bool) {
        let level = Int(cmark_node_get_heading_level(heading))
        let customID = mayHaveID ? customID(of: heading).map { take($0, heading: heading) } : nil
        let text = plainText(of: heading, trimmed: true)
        let id = customID ?? slugger.slug(text)
        found.headings.append(Heading(level: level, text: text, id: id, span: blockSpan(heading)))
        guard options.renderHTML else { return }
        // The heading becomes a block holding one inline whose markup is the tag with its id:
        // cmark renders the heading's inlines in place, `<hN id="…">…</hN>` on a line of its
        // own, as a heading does. (Rendering each heading apart and splicing in the id cost a
        // renderer per heading.)
        guard let block = newNode(CMARK_NODE_CUSTOM_BLOCK), let tag = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var open = Markup(.text("<h"), .number(level), .text(" id=\""), .html(id), .text("\">"))
        open.setOnEnter(of: tag)
        var close = Markup(.text("</h"), .number(level), .text(">"))
        close.setOnExit(of: tag)
        cmark_node_append_child(block, tag)
        Self.replace(heading, with: block, movingChildrenTo: tag)
    }

    /// The heading's `{#id}`, if it ends with one; an id holds letters, digits, `-`, `_`, `:`
    /// and `.`, and the `{` follows white space (or starts the text).
    func customID(of heading: Node) -> HeadingIDs.CustomID? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
              let pointer = cmark_node_get_literal(last) else { return nil }
        let text = Self.bytes(of: pointer)
        guard text.count >= 4, text.last == UInt8(ascii: "}"), let open = text.lastIndex(of: UInt8(ascii: "{")),
              open + 2 < text.count - 1, text[open + 1] == UInt8(ascii: "#") else { return nil }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard open == 0 || isBlank(text[open - 1]) else { return nil }
        let id = text[(open + 2)..<(text.count - 1)]
        guard id.allSatisfy({ byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        }) else { return nil }
        var kept = open
        while kept > 0, isBlank(text[kept - 1]) { kept -= 1 }
        return HeadingIDs.CustomID(id: String(decoding: UnsafeBufferPointer(rebasing: id), as: UTF8.self), node: last, kept: kept,
                                   dropped: text.count - kept)
    }

    /// Takes the `{#id}` out of the heading's text and reserves the id. An id written twice,
    /// or one a heading above already has, is reported here: the slugger only numbers the ids
    /// it makes, so two elements would share it.
    mutating func take(_ custom: HeadingIDs.CustomID, heading: Node) -> String {
        if let pointer = cmark_node_get_literal(custom.node) { Self.setLiteral(of: custom.node, to: Self.bytes(of: pointer), prefix: custom.kept) }
        if slugger.contains(custom.id) {
            let holder: String
            if let earlier = found.headings.first(where: { $0.id == custom.id }) {
                holder = "the heading on line \(earlier.span.line) has it too; links to '#\(custom.id)' go to that one"
            } else if found.titleAnchor == custom.id {
                holder = "the page's title has it too"
            } else if options.reservedIDs.contains(custom.id) {
                holder = "the theme gives it to its own element; choose another"
            } else {
                holder = "a quote's anchor is the same"
            }
            report(.duplicateHeading, "the id '\(custom.id)' is taken on this page: \(holder)", at: blockSpan(heading))
        }
        slugger.reserve(custom.id)
        return custom.id
    }
}
