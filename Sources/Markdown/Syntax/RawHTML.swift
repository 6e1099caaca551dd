import CCmark

/// Raw HTML, inline (`<kbd>`) and in blocks: kept through `HTMLSanitizer` (GitHub's allow-list)
/// unless `unsafeHTML` keeps it all; its `id` and `name` attributes are anchors links may name.
///
/// Elements a piece leaves open stay open for the pieces after it, on a stack of the page:
/// `<details>` in one HTML block and `</details>` in a later one. Each open element belongs to
/// the container its piece stands in (the page, a list item, a block quote, a paragraph), and
/// only a later piece in the same container may close it; an element opened in a paragraph's
/// inlines is closed at the end of that paragraph (where a browser ends it at the paragraph's
/// `</p>`; a `<b>` left open bolds one paragraph, not the rest of the page), one opened in a
/// container at the end of the container (where a browser ends it at the `</li>` or
/// `</blockquote>`), and the page's own at the end of the body. So content never writes an end
/// tag for an element it did not open, and never leaves one open past its container.
struct RawHTML: InlineSyntax {
    static let startBytes: ByteSet = "<"

    struct OpenElement {
        var name: String
        var container: Node
    }

    /// Some of the raw HTML is JSX: a tag named with a capital (`<Tabs>`), a component of an
    /// MDX page, which is not run here.
    var hasComponents = false

    static func holdsComponent(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while let open = piece[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            var name = index
            if name < piece.count, piece[name] == UInt8(ascii: "/") { name += 1 }
            if name < piece.count, piece[name] >= UInt8(ascii: "A"), piece[name] <= UInt8(ascii: "Z") { return true }
        }
        return false
    }

    var open: [OpenElement] = []
    /// What the site left out, in the order first met, where the first was, and in how many
    /// places.
    var removed: [HTMLSanitizer.Removal.What] = []
    var firstRemoval: SourceSpan?
    var placesWithRemovals = 0
}

extension Compilation {
    /// The raw HTML inlines of a paragraph, heading or table cell.
    mutating func noteInlineHTML(in block: Node, range: Range<Int>) {
        var inlines: [Node] = []
        walkInlines(of: block) { inline in
            if cmark_node_get_type(inline) == CMARK_NODE_HTML_INLINE { inlines.append(inline) }
            return true
        }
        var cursor = range.lowerBound
        var removedHere = false
        var dropped: Set<Node> = []
        for inline in inlines where !dropped.contains(inline) {
            guard let pointer = cmark_node_get_literal(inline) else { continue }
            let piece = Self.bytes(of: pointer)
            if options.commentShortcodes, TemplateTags.isComment(piece) {
                noteCommentShortcode(piece, at: (writtenAt(inline, piece) ?? source.find(piece, from: range.lowerBound, in: range)).map { source.span(from: $0, to: $0 + piece.count) } ?? blockSpan(block))
            }
            let sanitized = sanitize(piece, in: block)
            // Where it is written: cmark's position when the source there holds it (its
            // inline positions can name the wrong line), else the next place it is written
            // in the block. (Read before the node, which holds the bytes, goes.)
            if let first = sanitized.removals.first {
                let at = writtenAt(inline, piece) ?? source.find(piece, from: cursor, in: range)
                if let at { cursor = at + piece.count }
                let span = at.map { source.span(from: $0 + first.offset, to: $0 + first.offset + 1) } ?? blockSpan(block)
                noteRemovals(sanitized.removals, at: span, countingPlace: !removedHere)
                removedHere = true
            }
            if !options.unsafeHTML, let name = sanitized.droppingUntilEndOf {
                dropped.formUnion(dropInlines(after: inline, untilEndOf: name))
            }
            if !options.unsafeHTML {
                let start = writtenAt(inline, piece) ?? source.find(piece, from: range.lowerBound, in: range)
                let spans = sanitized.urls.map { url in start.map { source.span(from: $0 + url.offset, to: $0 + url.offset + 1) } ?? blockSpan(block) }
                let html = linkURLs(of: sanitized, at: spans)
                replace(inline, by: html, type: CMARK_NODE_CUSTOM_INLINE)
            }
        }
        if !usesArena { for node in dropped { cmark_node_free(node) } }
        closeOpenElements(of: block, type: CMARK_NODE_CUSTOM_INLINE)
    }

    /// The inlines after `inline`, up to and with the one that ends `name`: a `<script>`'s
    /// text in a paragraph is cmark's text between two inline tags, and goes with the script,
    /// as a browser reads it as the script's. Without its end tag, up to the paragraph's end.
    private func dropInlines(after inline: Node, untilEndOf name: String) -> [Node] {
        let end = Array("</\(name)".utf8)
        var gone: [Node] = []
        var node = cmark_node_next(inline)
        while let current = node {
            node = cmark_node_next(current)
            gone.append(current)
            cmark_node_unlink(current)
            if cmark_node_get_type(current) == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(current),
               Self.bytes(of: literal).prefix(end.count).map({ $0 | 0x20 }).elementsEqual(end.map { $0 | 0x20 }) {
                break
            }
        }
        return gone
    }

    mutating func noteHTMLBlock(_ block: Node) {
        guard let pointer = cmark_node_get_literal(block) else { return }
        let container = cmark_node_parent(block) ?? block
        closeElementsOutside(container)
        let piece = Self.bytes(of: pointer)
        if options.commentShortcodes, TemplateTags.isComment(piece) { noteCommentShortcode(piece, at: span(of: 0, in: piece, block: block)) }
        let sanitized = sanitize(piece, in: container)
        if let first = sanitized.removals.first {
            noteRemovals(sanitized.removals, at: span(of: first.offset, in: piece, block: block), countingPlace: true)
        }
        if !options.unsafeHTML {
            let html = linkURLs(of: sanitized, at: sanitized.urls.map { span(of: $0.offset, in: piece, block: block) })
            replace(block, by: html, type: CMARK_NODE_CUSTOM_BLOCK)
        }
    }

    /// Sanitizes one piece after the elements its container holds open, and takes the anchors
    /// it keeps. With `unsafeHTML` only the anchors are read (of every element) and nothing
    /// is kept open: the HTML is written as it is.
    private mutating func sanitize(_ piece: UnsafeBufferPointer<UInt8>, in container: Node) -> HTMLSanitizer.Result {
        if options.unsafeHTML {
            guard Self.mayHoldAnchor(piece) else { return HTMLSanitizer.Result() }
            let result = HTMLSanitizer.sanitize(piece, after: [], keepingEverything: true)
            found.htmlAnchors += result.anchors
            return result
        }
        if !rawHTML.hasComponents, RawHTML.holdsComponent(piece) { rawHTML.hasComponents = true }
        let firstOwn = rawHTML.open.lastIndex { $0.container != container }.map { $0 + 1 } ?? 0
        let result = HTMLSanitizer.sanitize(piece, after: rawHTML.open[firstOwn...].map(\.name), reservedIDs: options.reservedIDs)
        rawHTML.open.removeSubrange(firstOwn...)
        rawHTML.open += result.open.map { RawHTML.OpenElement(name: $0, container: container) }
        found.htmlAnchors += result.anchors
        return result
    }

    /// The kept HTML with its `href`s and `src`s taken as the page's links: a link to a
    /// Markdown file becomes its page's placeholder, one from the site's root is made relative,
    /// and each is checked where it is written (`spans`, one a URL).
    private mutating func linkURLs(of sanitized: HTMLSanitizer.Result, at spans: [SourceSpan]) -> [UInt8] {
        guard !sanitized.urls.isEmpty else { return sanitized.html }
        var html: [UInt8] = []
        html.reserveCapacity(sanitized.html.count + 32)
        var copied = 0
        for (url, span) in zip(sanitized.urls, spans) {
            html.append(contentsOf: sanitized.html[copied..<url.output.lowerBound])
            copied = url.output.upperBound
            let destination = url.value
            var slot: Int?
            if !url.isImage, Links.isMarkdownFileLink(destination) || Links.isExtensionless(destination) {
                let taken = takeSlot()
                slot = taken
                Placeholder.append(.href, slot: taken, to: &html)
            } else {
                var rewritten = LinkTarget.fromSiteRoot(destination, depth: facts.depth) ?? destination
                if !url.isImage, let opened = LinkTarget.folderIndex(rewritten) { rewritten = opened }
                if rewritten == destination {
                    html.append(contentsOf: sanitized.html[url.output])
                } else {
                    Escape.appendHTML(rewritten, to: &html)
                }
            }
            found.links.append(LinkOccurrence(destination: destination, isImage: url.isImage, text: url.text, span: span, slot: slot))
        }
        html.append(contentsOf: sanitized.html[copied...])
        return html
    }

    /// Without `id` or `name` in its bytes a piece names no anchor (the unsafe path's shortcut).
    private static func mayHoldAnchor(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in piece {
            let lower = byte | 0x20
            if (previous == UInt8(ascii: "i") && lower == UInt8(ascii: "d")) || (previous == UInt8(ascii: "n") && lower == UInt8(ascii: "a")) { return true }
            previous = lower
        }
        return false
    }

    /// The node in place of `node`, holding `html`; no node where nothing is kept.
    private func replace(_ node: Node, by html: [UInt8], type: cmark_node_type) {
        if !html.isEmpty, let kept = newNode(type) {
            var markup = html
            markup.append(0)
            markup.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_enter(kept, $0.baseAddress) }
            }
            cmark_node_insert_before(node, kept)
        }
        cmark_node_unlink(node)
        if !usesArena { cmark_node_free(node) }
    }

    /// Elements of containers the pass has left (no ancestor of `container`) are closed at
    /// the end of their container.
    private mutating func closeElementsOutside(_ container: Node) {
        guard let last = rawHTML.open.last, last.container != container else { return }
        var ancestors: Set<Node> = []
        var node: Node? = container
        while let current = node {
            ancestors.insert(current)
            node = cmark_node_parent(current)
        }
        while let last = rawHTML.open.last, !ancestors.contains(last.container) {
            closeOpenElements(of: last.container, type: CMARK_NODE_CUSTOM_BLOCK)
        }
    }

    /// Closes the open elements of `container`, with end tags appended to it.
    mutating func closeOpenElements(of container: Node, type: cmark_node_type) {
        var html: [UInt8] = []
        while let last = rawHTML.open.last, last.container == container {
            html.append(contentsOf: "</\(last.name)>".utf8)
            rawHTML.open.removeLast()
        }
        guard !html.isEmpty, options.renderHTML else { return }
        html.append(0)
        guard let closing = newNode(type) else { return }
        html.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_enter(closing, $0.baseAddress) }
        }
        cmark_node_append_child(container, closing)
    }

    /// At the end of the body: what the page's raw HTML left open is closed, each at the end
    /// of its container.
    mutating func closeRawHTML() {
        while let last = rawHTML.open.last {
            closeOpenElements(of: last.container, type: CMARK_NODE_CUSTOM_BLOCK)
        }
    }

    /// Where the byte `offset` of an HTML block's literal is written: the literal has lost
    /// its containers' markers (`> `, a list item's indent), so the rest of its line is looked
    /// for in the block's source.
    private func span(of offset: Int, in piece: UnsafeBufferPointer<UInt8>, block: Node) -> SourceSpan {
        let end = piece[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? piece.count
        let range = blockRange(block)
        let needle = UnsafeBufferPointer(rebasing: piece[offset..<max(end, min(offset + 1, piece.count))])
        guard let at = source.find(needle, from: range.lowerBound, in: range) else { return blockSpan(block) }
        return source.span(from: at, to: at + 1)
    }

    private mutating func noteRemovals(_ removals: [HTMLSanitizer.Removal], at span: SourceSpan, countingPlace: Bool) {
        if rawHTML.firstRemoval == nil { rawHTML.firstRemoval = span }
        if countingPlace { rawHTML.placesWithRemovals += 1 }
        for removal in removals where !rawHTML.removed.contains(removal.what) { rawHTML.removed.append(removal.what) }
    }

    /// One finding a page, at the first thing left out, naming what was.
    mutating func reportOmittedHTML() {
        guard let first = rawHTML.firstRemoval else { return }
        let shown = rawHTML.removed.prefix(4).map(Self.describe)
        var what = shown.count > 1 ? shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "") : shown.first ?? "raw HTML"
        if rawHTML.removed.count > shown.count { what += " (and \(rawHTML.removed.count - shown.count) more)" }
        let plural = rawHTML.removed.count > 1
        // JSX components (MDX's `<Tabs>`) are named as such: no unsafe_html runs them.
        let components = rawHTML.hasComponents ? " (JSX components such as MDX's <Tabs> are not run here)" : ""
        report(.rawHTMLOmitted, what + (plural ? " are" : " is") + " left out of the site" + components
               + Self.morePlaces(rawHTML.placesWithRemovals - 1) + "; course.yml's unsafe_html: true keeps " + (plural ? "them" : "it"), at: first)
    }

    private static func describe(_ what: HTMLSanitizer.Removal.What) -> String {
        switch what {
        case .element(let name): "`<\(name)>`"
        case .attribute(let name): "\(startsWithVowel(name) ? "an" : "a") `\(name)` attribute"
        case .url(let scheme): "\(startsWithVowel(scheme) ? "an" : "a") `\(scheme):` URL"
        case .tooDeep: "HTML nested more than \(HTMLSanitizer.maximumDepth) elements deep"
        }
    }

    private static func startsWithVowel(_ word: String) -> Bool {
        word.first.map { "aeiou".contains($0) } ?? false
    }
}
