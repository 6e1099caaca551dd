import CCmark

/// GFM's task list items: a list item whose first paragraph opens with `[ ]`, `[x]` or `[X]`
/// and white space. The marker becomes a checkbox, disabled as cmark-gfm and GitHub write it
/// (`<input type="checkbox" disabled="" />`, `checked=""` for `[x]`); the theme's script may
/// enable it where a reader keeps ticks (a lesson).
struct TaskLists: LeadingSyntax {
    static let startBytes: ByteSet = "["

    /// A task's marker as written: whether it is ticked, and its bytes with the white space
    /// after them on its line.
    struct Marker: Equatable {
        var checked: Bool
        var length: Int
    }
}

extension Compilation {
    /// The task marker that opens `paragraph`, when the paragraph is the first block of a list
    /// item. It is read in the source, as cmark-gfm reads it while it parses blocks: an
    /// escaped `\[ ]` is text.
    func taskMarker(of paragraph: Node) -> TaskLists.Marker? {
        guard let item = cmark_node_parent(paragraph), cmark_node_get_type(item) == CMARK_NODE_ITEM,
              cmark_node_first_child(item) == paragraph, let start = startOffset(paragraph) else { return nil }
        let bytes = source.bytes
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        guard start + 3 < bytes.count, bytes[start] == UInt8(ascii: "["), bytes[start + 2] == UInt8(ascii: "]") else { return nil }
        let mark = bytes[start + 1]
        guard mark == space || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X") else { return nil }
        guard bytes[start + 3] == space || bytes[start + 3] == tab else { return nil }
        var length = 4
        while start + length < bytes.count, bytes[start + length] == space || bytes[start + length] == tab { length += 1 }
        return TaskLists.Marker(checked: mark != space, length: length)
    }

    /// Replaces the marker at the start of the paragraph's text by a checkbox. The marker must
    /// be the text cmark gives (a `[x]` that a link reference definition made a link is no
    /// task); the inlines after it keep their nodes and positions.
    func makeTask(_ paragraph: Node, _ marker: TaskLists.Marker) {
        guard markerIsText(paragraph, length: 3) else { return }
        // (White space at the end of the marker's line is no text: the line's break goes.)
        if dropLeadingText(of: paragraph, bytes: marker.length) > 0 { Self.dropLeadingBreak(of: paragraph) }
        guard let box = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        var markup = marker.checked ? Markup(.text("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> "))
                                    : Markup(.text("<input type=\"checkbox\" disabled=\"\" /> "))
        markup.setOnEnter(of: box)
        cmark_node_prepend_child(paragraph, box)
    }

    /// Whether the paragraph's first `length` bytes are in its leading text nodes.
    private func markerIsText(_ paragraph: Node, length: Int) -> Bool {
        var seen = 0
        var node = cmark_node_first_child(paragraph)
        while seen < length, let current = node, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            seen += Self.bytes(of: cmark_node_get_literal(current) ?? Self.emptyLiteral).count
            node = cmark_node_next(current)
        }
        return seen >= length
    }
}
