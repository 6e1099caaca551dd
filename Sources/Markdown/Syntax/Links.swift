import CCmark
import Support

/// Markdown links and images, `[text](destination)`, reference-style, and autolinks `<…>`.
/// A link to another Markdown file (or to a folder) becomes a placeholder the linker fills
/// with the page's URL; a link written from the site's root is made relative.
enum Links: InlineSyntax {
    static let startBytes: ByteSet = "[<"

    /// A relative link to a Markdown file (or to the `.html` a chapter becomes): it is
    /// rewritten to the target page's URL.
    static func isMarkdownFileLink(_ destination: String) -> Bool {
        guard !LinkTarget.hasScheme(destination), !destination.hasPrefix("#"), !destination.hasPrefix("//") else { return false }
        if destination.isASCIIText {
            // Every link of a page comes here; in ASCII text bytes are characters: the path
            // ends at the first `#` or `?`, and only A-Z change when lowercased.
            var destination = destination
            return destination.withUTF8 { bytes in
                let path = bytes[..<(bytes.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? bytes.count)]
                return path.endsWithASCIIIgnoringCase(oneOf: markdownFileSuffixes)
            }
        }
        let path = LinkTarget.pathPart(of: destination).lowercased()
        return markdownFileSuffixes.contains { path.hasSuffix($0) }
    }

    static let markdownFileSuffixes = LinkTarget.pageSuffixes + [".html", ".htm"]

    /// A relative link whose last part has no extension (`docs`, `../guide`, `/about/`): it may
    /// name a folder, which opens as its `index.html`, or a page by the URL it is served at
    /// (`/faq/setup/` for `faq/setup.md`, as Hugo and Docusaurus write links), and only the
    /// whole course knows, so the linker writes its URL as it does a page's.
    static func isExtensionless(_ destination: String) -> Bool {
        guard let first = destination.utf8.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "?") else { return false }
        let path = destination.utf8.prefix { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "?") }
        guard let last = path.last else { return false }
        if last != UInt8(ascii: "/"), path.reversed().prefix(while: { $0 != UInt8(ascii: "/") }).contains(UInt8(ascii: ".")) { return false }
        return !destination.hasPrefix("//") && !LinkTarget.hasScheme(destination)
    }

    /// A relative link that climbs above the site's root (an mdBook published beside others
    /// links `../std/index.html`): only the course knows where the site is published, so the
    /// linker writes its URL.
    static func climbsAboveRoot(_ destination: String, depth: Int) -> Bool {
        guard let first = destination.utf8.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "/") else { return false }
        return !destination.hasPrefix("//") && RelativeURL.climbsAboveRoot(LinkTarget.pathPart(of: destination), depth: depth)
    }

    /// A file's name alone (`photo.png`, `notes.pdf`): an Obsidian vault finds it anywhere in
    /// the vault when it is not beside the page, and only the course knows where.
    static func isBareFileName(_ destination: String) -> Bool {
        guard let first = destination.utf8.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "?"), first != UInt8(ascii: ".") else { return false }
        let path = destination.utf8.prefix { $0 != UInt8(ascii: "#") && $0 != UInt8(ascii: "?") }
        return !path.contains(UInt8(ascii: "/")) && !path.contains(UInt8(ascii: ":")) && path.contains(UInt8(ascii: "."))
    }

    static let emptyDestinations: [[UInt8]] = [Array("]()".utf8), Array("](<>)".utf8)]
}

extension Compilation {
    mutating func collectLinks(in block: Node) {
        let range = blockRange(block)
        var cursor = range.lowerBound
        var rewrites: [(node: Node, slot: Int)] = []
        var linkNodes: [Node] = []
        walkInlines(of: block) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { linkNodes.append(node) }
            return true
        }
        for node in linkNodes {
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            guard let url = cmark_node_get_url(node), url.pointee != 0 else {
                // `[text]()`: kept, so the linker can report a link that leads nowhere. It is
                // marked at its `()` (or `(<>)`), found in the source; a reference-style link
                // whose definition is empty is marked where cmark places it.
                var span = inlineSpan(node, isImage: isImage) ?? blockSpan(block)
                let empty = Links.emptyDestinations.compactMap { written in
                    written.withUnsafeBufferPointer { source.find($0, from: cursor, in: range) }.map { (at: $0, length: written.count) }
                }.min { $0.at < $1.at }
                if let empty {
                    span = source.span(from: empty.at + 1, to: empty.at + empty.length)
                    cursor = empty.at + empty.length
                }
                found.links.append(LinkOccurrence(destination: "", isImage: isImage, text: isImage ? plainText(of: node) : "", span: span, slot: nil))
                continue
            }
            let destination = String(cString: url)
            let span: SourceSpan
            // cmark's C string is the needle (no copy of its bytes).
            let needle = Self.bytes(of: url)
            if let at = destinationStart(needle, from: cursor, in: range) {
                span = source.span(from: at, to: at + needle.count)
                cursor = at + needle.count
            } else {
                span = inlineSpan(node, isImage: isImage) ?? blockSpan(block)
            }
            if !isImage, destination.hasPrefix("#t="), let audio = playableAudio {
                // On a page with audio, `#t=12:40` plays it from there, as show notes mean it.
                do throws(Timestamp.Invalid) {
                    if let time = try Timestamp.mediaFragment(destination.dropFirst()) {
                        found.timeLinks.append(TimeLink(time: time, span: span))
                        if options.renderHTML { cmark_node_set_url(node, audio + "#t=\(time.seconds)") }
                        continue
                    }
                } catch {
                    report(.invalidTimestamp, "'\(error.text)' in '\(destination)' is not a valid time; write #t=SECONDS or #t=M:SS", at: span)
                    continue
                }
            }
            var slot: Int?
            if (!isImage && (Links.isMarkdownFileLink(destination) || Links.isExtensionless(destination)))
                || Links.climbsAboveRoot(destination, depth: facts.depth) || Links.isBareFileName(destination) {
                let taken = takeSlot()
                slot = taken
                rewrites.append((node, taken))
            } else if options.renderHTML {
                var url = facts.written(destination)
                if !isImage, let opened = LinkTarget.folderIndex(url) { url = opened }
                if url != destination { cmark_node_set_url(node, url) }
            }
            found.links.append(LinkOccurrence(destination: destination, isImage: isImage, text: isImage ? plainText(of: node) : "", span: span, slot: slot))
        }
        if options.renderHTML {
            for rewrite in rewrites { replaceLink(rewrite.node, slot: rewrite.slot) }
        }
    }

    /// Where a link's destination is written: after its `(` (or `<`), so that a link text
    /// that reads as the destination (`[b.md](b.md)`) is passed over; else (a destination
    /// written with escapes or entities reads differently) nil.
    func destinationStart(_ destination: UnsafeBufferPointer<UInt8>, from cursor: Int, in range: Range<Int>) -> Int? {
        var from = cursor
        while let at = source.find(destination, from: from, in: range) {
            if at > range.lowerBound, source.bytes[at - 1] == UInt8(ascii: "(") || source.bytes[at - 1] == UInt8(ascii: "<") { return at }
            from = at + 1
        }
        return source.find(destination, from: cursor, in: range)
    }

    /// cmark's own position of a link whose destination is not in the paragraph (a
    /// reference-style link), trusted only when the source there really starts the link.
    func inlineSpan(_ node: Node, isImage: Bool) -> SourceSpan? {
        let opener: [UInt8] = isImage ? [UInt8(ascii: "!"), UInt8(ascii: "[")] : [UInt8(ascii: "[")]
        guard let start = opener.withUnsafeBufferPointer({ writtenAt(node, $0) }) else { return nil }
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        let endLine = Int(cmark_node_get_end_line(node)), endColumn = Int(cmark_node_get_end_column(node))
        let end = endLine == line && endColumn >= column ? offset(line: line, column: endColumn).map { $0 + 1 } ?? start + opener.count
            : start + opener.count
        return source.span(from: start, to: end)
    }

    func replaceLink(_ link: Node, slot: Int) {
        guard let replacement = newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
        if cmark_node_get_type(link) == CMARK_NODE_IMAGE {
            // As cmark writes an image, its text as the alt: a text node between the two halves
            // of the tag, which the page's summary reads as it reads the image's text (and
            // which alone is shown when the image's file is not found).
            guard let alt = newNode(CMARK_NODE_TEXT) else { return }
            cmark_node_set_literal(alt, plainText(of: link))
            var opening = Markup.ifResolved(slot, Markup(.text("<img src=\""), .placeholder(.href, slot: slot), .text("\" alt=\"")))
            var tail = Markup(.text("\""))
            if let title = cmark_node_get_title(link), title.pointee != 0 {
                tail.append(.text(" title=\""), .html(String(cString: title)), .text("\""))
            }
            tail.append(.text(" />"))
            var closing = Markup.ifResolved(slot, tail)
            opening.setOnEnter(of: replacement)
            closing.setOnExit(of: replacement)
            cmark_node_append_child(replacement, alt)
            cmark_node_insert_before(link, replacement)
            cmark_node_free(link)
            return
        }
        var markup = Markup(.text("<a href=\""), .placeholder(.href, slot: slot), .text("\""))
        if let title = cmark_node_get_title(link), title.pointee != 0 {
            markup.append(.text(" title=\""), .html(String(cString: title)), .text("\""))
        }
        markup.append(.text(">"))
        markup.setOnEnter(of: replacement)
        cmark_node_set_on_exit(replacement, "</a>")
        Self.replace(link, with: replacement, movingChildrenTo: replacement)
    }
}
