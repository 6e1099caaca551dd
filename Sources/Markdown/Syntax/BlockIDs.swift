import CCmark

/// Obsidian's block ids: a paragraph (or a list item's) that ends with ` ^id` can be linked
/// as `[[Note#^id]]`. The ` ^id` leaves the text, and the paragraph opens with an empty
/// element of that id (`<span id="^id"></span>`), so a link lands on it.
enum BlockIDs: InlineSyntax {
    static let startBytes: ByteSet = "^"

    /// The id that ends `text` (the paragraph's last text node), and how many bytes of it stay
    /// when ` ^id` goes: an id is letters, digits and `-`, after white space.
    static func trailingID(of text: UnsafeBufferPointer<UInt8>) -> (id: String, kept: Int)? {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: " ") || text[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        var start = end
        while start > 0, isIDByte(text[start - 1]) { start -= 1 }
        guard start < end, start >= 2, text[start - 1] == UInt8(ascii: "^"),
              text[start - 2] == UInt8(ascii: " ") || text[start - 2] == UInt8(ascii: "\t") else { return nil }
        var kept = start - 2
        while kept > 0, text[kept - 1] == UInt8(ascii: " ") || text[kept - 1] == UInt8(ascii: "\t") { kept -= 1 }
        return ("^" + String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self), kept)
    }

    static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }
}

extension Compilation {
    /// Takes a ` ^id` that ends the paragraph out of its text (before the text is read as a
    /// summary or a quote) and returns the id.
    mutating func takeBlockID(of paragraph: Node) -> String? {
        guard let last = cmark_node_last_child(paragraph), cmark_node_get_type(last) == CMARK_NODE_TEXT,
              let literal = cmark_node_get_literal(last) else { return nil }
        let text = Self.bytes(of: literal)
        guard let (id, kept) = BlockIDs.trailingID(of: text) else { return nil }
        found.markupAnchors.append(id)
        if kept == 0 {
            cmark_node_free(last)
        } else {
            Self.setLiteral(of: last, to: text, prefix: kept)
        }
        return id
    }

    /// Opens the paragraph with an element of the block's id (after a task's box is made of
    /// its first text).
    func markBlock(_ paragraph: Node, id: String) {
        guard options.renderHTML, let anchor = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var markup = Markup(.text("<span id=\""), .html(id), .text("\"></span>"))
        markup.setOnEnter(of: anchor)
        cmark_node_prepend_child(paragraph, anchor)
    }
}
