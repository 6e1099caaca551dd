import CCmark

/// Obsidian's block ids: a paragraph (or a list item's) that ends with ` ^id` can be linked
/// as `[[Note#^id]]`. The ` ^id` leaves the text, and the paragraph opens with an empty
/// element of that id (`<span id="^id"></span>`), so a link lands on it. The id may also stand
/// on a line of its own at the paragraph's end (the last line of a callout: `> text` then
/// `^id`), right after an embed (`![[photo.png]]^id`), or as a paragraph of its own after a
/// quote, list or table, whose id it then is.
enum BlockIDs: InlineSyntax {
    static let startBytes: ByteSet = "^"

    /// The id that ends `text` (the paragraph's last text node), and how many bytes of it stay
    /// when ` ^id` goes: an id is letters, digits and `-`, after white space, or the whole
    /// text when something comes before it in the paragraph (`afterOther`).
    static func trailingID(of text: UnsafeBufferPointer<UInt8>, afterOther: Bool) -> (id: String, kept: Int)? {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: " ") || text[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        var start = end
        while start > 0, isIDByte(text[start - 1]) { start -= 1 }
        guard start < end, start >= 1, text[start - 1] == UInt8(ascii: "^") else { return nil }
        if start == 1 {
            guard afterOther else { return nil }
        } else {
            guard text[start - 2] == UInt8(ascii: " ") || text[start - 2] == UInt8(ascii: "\t") else { return nil }
        }
        var kept = max(start - 2, 0)
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
        // An id alone in the paragraph belongs to the block before it, when there is one.
        let isAlone = cmark_node_previous(last) == nil
        guard let (id, kept) = BlockIDs.trailingID(of: text, afterOther: !isAlone || cmark_node_previous(paragraph) != nil) else { return nil }
        found.markupAnchors.append(id)
        if kept == 0 {
            // An id on a line of its own: the line's break goes with it.
            if let before = cmark_node_previous(last), Self.isLineBreak(before) { cmark_node_free(before) }
            cmark_node_free(last)
        } else {
            Self.setLiteral(of: last, to: text, prefix: kept)
        }
        return id
    }

    /// Opens the paragraph with an element of the block's id (after a task's box is made of
    /// its first text).
    func markBlock(_ paragraph: Node, id: String) {
        guard options.renderHTML else { return }
        // Nothing left of the paragraph: the id is the block's before it, which an empty
        // element of that id opens.
        if cmark_node_first_child(paragraph) == nil, let before = cmark_node_previous(paragraph),
           let anchor = newNode(CMARK_NODE_CUSTOM_BLOCK) {
            var markup = Markup(.text("<div id=\""), .html(id), .text("\"></div>"))
            markup.setOnEnter(of: anchor)
            cmark_node_insert_before(before, anchor)
            cmark_node_free(paragraph)
            return
        }
        guard let anchor = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var markup = Markup(.text("<span id=\""), .html(id), .text("\"></span>"))
        markup.setOnEnter(of: anchor)
        // In a quote the first line may be a callout's title, which is read after the pass: the
        // element ends the paragraph there instead.
        if let parent = cmark_node_parent(paragraph), cmark_node_get_type(parent) == CMARK_NODE_BLOCK_QUOTE {
            cmark_node_append_child(paragraph, anchor)
        } else {
            cmark_node_prepend_child(paragraph, anchor)
        }
    }
}
