import CCmark

/// Raw HTML, inline (`<kbd>`) and in blocks: the site leaves it out unless `unsafeHTML` is on,
/// and says so once a page; its `id` and `name` attributes are anchors links may name.
struct RawHTML: InlineSyntax {
    static let startBytes: ByteSet = "<"

    /// Raw HTML that the site leaves out (without `unsafeHTML`): where the first is, and in how
    /// many blocks. Comments are not counted: leaving them out hides nothing.
    var firstOmitted: SourceSpan?
    var omittedCount = 0
    /// Some of it is JSX: a tag named with a capital (`<Tabs>`), a component of an MDX page.
    var hasComponents = false

    static func anchors(inHTML html: String) -> [String] {
        guard html.contains("id") || html.contains("name") else { return [] }
        return html.matches(of: /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/.ignoresCase()).compactMap { match in
            (match.output.1 ?? match.output.2).map(String.init)
        }
    }
}

extension Compilation {
    /// The raw HTML inlines of a paragraph or heading.
    mutating func noteInlineHTML(in block: Node, range: Range<Int>) {
        var inlines: [Node] = []
        walkInlines(of: block) { inline in
            if cmark_node_get_type(inline) == CMARK_NODE_HTML_INLINE { inlines.append(inline) }
            return true
        }
        var cursor = range.lowerBound
        let omittedBefore = rawHTML.omittedCount
        for inline in inlines {
            found.htmlAnchors += RawHTML.anchors(inHTML: literal(of: inline))
            guard !options.unsafeHTML, let pointer = cmark_node_get_literal(inline) else { continue }
            // Where it is written: cmark's position when the source there holds it (its
            // inline positions can name the wrong line), else the next place it is
            // written in the block.
            let needle = Self.bytes(of: pointer)
            let at = writtenAt(inline, needle) ?? source.find(needle, from: cursor, in: range)
            if let at { cursor = at + needle.count }
            noteOmittedHTML(needle, at: at.map { source.span(from: $0, to: $0 + needle.count) } ?? blockSpan(block))
        }
        // A paragraph is one place, however many tags it holds (`<kbd>` and `</kbd>`).
        rawHTML.omittedCount = min(rawHTML.omittedCount, omittedBefore + 1)
    }

    mutating func noteHTMLBlock(_ block: Node) {
        found.htmlAnchors.append(contentsOf: RawHTML.anchors(inHTML: literal(of: block)))
        if !options.unsafeHTML, let pointer = cmark_node_get_literal(block) {
            noteOmittedHTML(Self.bytes(of: pointer), at: blockSpan(block))
        }
    }

    /// Counts raw HTML the site leaves out, unless it is a comment.
    mutating func noteOmittedHTML(_ html: UnsafeBufferPointer<UInt8>, at span: SourceSpan) {
        guard let start = html.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              !html[start...].starts(with: "<!--".utf8) else { return }
        if rawHTML.firstOmitted == nil { rawHTML.firstOmitted = span }
        rawHTML.omittedCount += 1
        let name = html[(start + 1)...].drop { $0 == UInt8(ascii: "/") }
        if let first = name.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") { rawHTML.hasComponents = true }
    }

    /// One finding a page, at the first raw HTML left out.
    mutating func reportOmittedHTML() {
        guard let first = rawHTML.firstOmitted else { return }
        let what = rawHTML.hasComponents ? "raw HTML and JSX components (MDX's <Tabs> and the like, which are not run here) are"
            : "raw HTML is"
        report(.rawHTMLOmitted, what + " left out of the site" + Self.morePlaces(rawHTML.omittedCount - 1)
               + "; course.yml's unsafe_html: true keeps it", at: first)
    }
}
