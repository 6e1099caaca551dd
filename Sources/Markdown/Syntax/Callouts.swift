import CCmark

/// Block quotes that are callouts, as GitHub (`> [!NOTE]`) and Obsidian (`> [!tip] Title`,
/// `> [!faq]- Folded`) write them: asides, titled by the rest of the marker's line.
struct Callouts: LeadingSyntax {
    static let startBytes: ByteSet = "["

    /// The callouts found, made into asides once every block is read (their first paragraph
    /// is read as any other first).
    var found: [(quote: Node, callout: Callout)] = []
}

extension Compilation {
    /// Notes a block quote whose first paragraph opens with a callout's marker.
    mutating func noteCallout(_ quote: Node, firstChild: Node) {
        guard cmark_node_get_type(firstChild) == CMARK_NODE_PARAGRAPH, let start = startOffset(firstChild),
              let callout = Callout(at: start, in: source) else { return }
        callouts.found.append((quote, callout))
    }

    mutating func makeCallouts() {
        for (quote, callout) in callouts.found { makeCallout(quote, callout) }
    }

    /// Replaces a block quote that opens with `[!TYPE] Title` by an aside: the rest of the
    /// marker's line (emphasis, code and links kept) is its title, the rest of the quote its
    /// content.
    mutating func makeCallout(_ quote: Node, _ callout: Callout) {
        // (A table that opens the quote on the marker's line leaves no paragraph to title.)
        guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH, let aside = calloutBlock(type: callout.type, fold: callout.fold),
              let title = takeTitle(from: paragraph, markerLength: callout.markerLength, defaultTitle: callout.defaultTitle) else { return }
        if callout.fold != nil, let summary = newNode(CMARK_NODE_CUSTOM_BLOCK) {
            // A folding callout is a <details>: its title is the <summary>, a block of its own
            // (the break after it goes, and the paragraph too when nothing else was on it).
            // (The tags on the inline, as a heading's are, keep them on the title's line.)
            markTitle(title, type: callout.type, folds: true)
            cmark_node_append_child(summary, title)
            Self.dropLeadingBreak(of: paragraph)
            if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
            cmark_node_prepend_child(quote, summary)
        } else {
            // (The line's break stays after the title: without the theme's styles it reads as a space.)
            markTitle(title, type: callout.type, folds: false)
            cmark_node_prepend_child(paragraph, title)
        }
        Self.replace(quote, with: aside, movingChildrenTo: aside)
    }

    /// The block a callout or admonition becomes: an aside (`<aside class="callout
    /// callout-tip">`), or for a callout that folds a `<details>` (open when `unfolded`).
    func calloutBlock(type: String, fold: Callout.Fold?) -> Node? {
        guard let block = newNode(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        var values = MarkupValues()
        values.type = .string(type)
        values.isOpen = fold == .unfolded
        if fold == nil {
            setMarkup(of: block, .calloutOpen, .calloutClose, values)
        } else {
            setMarkup(of: block, .foldingCalloutOpen, .foldingCalloutClose, values)
        }
        return block
    }

    /// A callout's title: at the top of its first paragraph, or the summary of one that folds.
    func markTitle(_ title: Node, type: String, folds: Bool) {
        var values = MarkupValues()
        values.type = .string(type)
        if folds {
            setMarkup(of: title, .foldingCalloutTitleOpen, .foldingCalloutTitleClose, values)
        } else {
            setMarkup(of: title, .calloutTitleOpen, .calloutTitleClose, values)
        }
    }

    /// Takes the marker (`[!tip]`, `:::tip`) off the paragraph's first line and moves the rest
    /// of that line, up to its break, into a new inline: the title (`defaultTitle` when the
    /// line holds no more; a `bracketed` title, `[Title]`, loses its `]`). cmark may have cut
    /// the marker into several text nodes.
    func takeTitle(from paragraph: Node, markerLength: Int, bracketed: Bool = false, defaultTitle: String) -> Node? {
        guard let title = newNode(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        dropLeadingText(of: paragraph, bytes: markerLength)
        // Its leading blanks go.
        while let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT {
            let text = Self.bytes(of: cmark_node_get_literal(first) ?? Self.emptyLiteral)
            let blanks = text.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            guard blanks == text.count else {
                if blanks > 0 { cmark_node_set_literal(first, Self.tail(of: text, from: blanks)) }
                break
            }
            cmark_node_free(first)
        }
        while let first = cmark_node_first_child(paragraph), !Self.isLineBreak(first) {
            cmark_node_append_child(title, first)
        }
        if bracketed, let last = cmark_node_last_child(title), cmark_node_get_type(last) == CMARK_NODE_TEXT,
           let pointer = cmark_node_get_literal(last), Self.bytes(of: pointer).last == UInt8(ascii: "]") {
            let text = Self.bytes(of: pointer)
            if text.count > 1 { Self.setLiteral(of: last, to: text, prefix: text.count - 1) } else {
                cmark_node_free(last)
            }
        }
        if cmark_node_first_child(title) == nil, let text = newNode(CMARK_NODE_TEXT) {
            _ = defaultTitle.withCString { cmark_node_set_literal(text, $0) }
            cmark_node_append_child(title, text)
        }
        return title
    }

    static func dropLeadingBreak(of paragraph: Node) {
        if let first = cmark_node_first_child(paragraph), isLineBreak(first) {
            cmark_node_free(first)
        }
    }
}

/// The first line of a callout, as GitHub (`> [!NOTE]`, `> [!WARNING]` …) and Obsidian
/// (`> [!tip] A title`, `> [!faq]- Folded`) write it.
struct Callout: Hashable {
    /// Lowercase letters, digits, `-` and `_`: it names the aside's class (`callout-note`).
    var type: String
    /// The bytes of `[!TYPE]` and a fold mark after it.
    var markerLength: Int
    /// Obsidian's fold mark: `-` shows the callout folded, `+` unfolded; either makes it a
    /// `<details>` a reader can open and close. Nil without a mark: an aside.
    var fold: Fold?
    enum Fold { case folded, unfolded }
    /// The type with a capital (`Note`): the title when the line gives none.
    var defaultTitle: String { Callout.title(ofType: type) }

    static func title(ofType type: String) -> String { type.prefix(1).uppercased() + type.dropFirst() }

    /// The callout whose marker starts at `start` of the source, if one does.
    init?(at start: Int, in source: SourceText) {
        let bytes = source.bytes
        guard start + 3 < bytes.count, bytes[start] == UInt8(ascii: "["), bytes[start + 1] == UInt8(ascii: "!") else { return nil }
        var end = start + 2
        var type: [UInt8] = []
        while end < bytes.count, bytes[end] != UInt8(ascii: "]") {
            let byte = bytes[end]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard (lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")) || (lowered >= UInt8(ascii: "0") && lowered <= UInt8(ascii: "9"))
                    || lowered == UInt8(ascii: "-") || lowered == UInt8(ascii: "_") else { return nil }
            type.append(lowered)
            end += 1
        }
        guard !type.isEmpty, end < bytes.count else { return nil }
        end += 1
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "+") {
            fold = bytes[end] == UInt8(ascii: "-") ? .folded : .unfolded
            end += 1
        }
        guard end == bytes.count || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[end]) else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        markerLength = end - start
    }
}
