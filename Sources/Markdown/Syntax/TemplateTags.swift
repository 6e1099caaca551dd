import CCmark

/// `{{ … }}` and `{% … %}` (Liquid, Jinja, Hugo shortcodes) shown as text: nothing runs them
/// here, and a page that holds them was likely written for another tool, so the first is
/// reported once a page.
struct TemplateTags: InlineSyntax {
    static let startBytes: ByteSet = "{"
    static let pageMarker: PageMarker? = PageMarker(UInt8(ascii: "{"), then: "{%")

    /// The first tag shown as text, as written, and in how many blocks there are some.
    var first: (text: String, span: SourceSpan)?
    var blockCount = 0
    /// Whether the first is an HTML comment a site's hooks read (`<!-- md:option x -->`).
    var firstIsComment = false

    /// Whether raw HTML is a comment (`<!-- … -->`), in which a MkDocs site's hooks write
    /// their shortcodes.
    static func isComment(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        piece.count >= 7 && piece.prefix(4).elementsEqual("<!--".utf8)
    }
}

extension Compilation {
    /// Notes the first `{{`/`{%` tag of the block's text (not its code), where it is written.
    mutating func noteTemplateTags(in block: Node, range: Range<Int>) {
        var written: [UInt8]?
        walkInlines(of: block) { inline in
            guard written == nil, cmark_node_get_type(inline) == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(inline) else {
                return written == nil
            }
            let text = Self.bytes(of: pointer)
            var index = 0
            while index + 1 < text.count {
                if text[index] == UInt8(ascii: "{"), text[index + 1] == UInt8(ascii: "{") || text[index + 1] == UInt8(ascii: "%") {
                    // The tag up to its closing `}}` or `%}` in this text, at most 60 bytes.
                    var end = index + 2
                    while end < min(text.count, index + 60) {
                        end += 1
                        if text[end - 1] == UInt8(ascii: "}"), text[end - 2] == UInt8(ascii: "}") || text[end - 2] == UInt8(ascii: "%") { break }
                    }
                    written = Array(text[index..<end])
                    return false
                }
                index += 1
            }
            return false
        }
        guard let tag = written else { return }
        templateTags.blockCount += 1
        guard templateTags.first == nil else { return }
        let opening = Array(tag.prefix(2))
        let at = tag.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
            ?? opening.withUnsafeBufferPointer { source.find($0, from: range.lowerBound, in: range) }
        let span = at.map { source.span(from: $0, to: min($0 + tag.count, range.upperBound)) } ?? blockSpan(block)
        templateTags.first = (String(decoding: tag, as: UTF8.self), span)
    }

    /// Notes an HTML comment that the site's hooks read as a shortcode (`commentShortcodes`),
    /// as a template tag: what the hooks make of it is not known here.
    mutating func noteCommentShortcode(_ piece: UnsafeBufferPointer<UInt8>, at span: SourceSpan) {
        templateTags.blockCount += 1
        guard templateTags.first == nil else { return }
        let end = piece.firstIndex(of: UInt8(ascii: "\n")) ?? piece.count
        templateTags.first = (String(decoding: UnsafeBufferPointer(rebasing: piece[..<min(end, 60)]), as: UTF8.self), span)
        templateTags.firstIsComment = true
    }

    /// One finding a page, at the first tag.
    mutating func reportTemplateTags() {
        guard let (tag, span) = templateTags.first else { return }
        let what = templateTags.firstIsComment
            ? "'\(tag)' is a shortcode of the site's hooks (mkdocs.yml `hooks:`), which are not run here: what they make of it is not on the page"
            : "'\(tag)' is template syntax (Liquid, Jinja or a Hugo shortcode), which is not run here: it shows as written"
        report(.templateSyntax, what + Self.morePlaces(templateTags.blockCount - 1), at: span)
    }
}
